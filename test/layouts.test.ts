/** Real-world layouts: every fixture in test/fixtures/layouts read exactly as its hand-written expected.json says, with a printed score. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { layoutCases, layoutsDir, runCase, score, type Check, type Expected } from './helpers/layouts.js';

const results = new Map<string, Check[]>();

describe('layout fixtures', () => {
  for (const name of layoutCases()) {
    it(name, async () => {
      const expected = JSON.parse(readFileSync(join(layoutsDir, name, 'expected.json'), 'utf8')) as Expected;
      const checks = score(await runCase(name), expected);
      results.set(name, checks);
      const wrong = checks.filter((c) => !c.ok).map(({ what, expected, actual }) => ({ what, expected, actual }));
      expect(wrong).toEqual([]);
    });
  }

  afterAll(() => {
    let ok = 0;
    let total = 0;
    const lines = [...results].map(([name, checks]) => {
      const right = checks.filter((c) => c.ok).length;
      ok += right;
      total += checks.length;
      return `  ${right === checks.length ? '✓' : '✗'} ${name}: ${right}/${checks.length}`;
    });
    console.log(`Layout fixtures: ${ok}/${total} checks right (${((100 * ok) / Math.max(total, 1)).toFixed(1)}%) over ${results.size} cases\n${lines.join('\n')}`);
  });
});
