/** Whole runs, byte for byte: the committed dataset and every golden fixture. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTo, committedOutput, filesOf, sampleSources } from './helpers/build.js';
import { fixtureCases, fixturesDir } from './golden/fixtures.js';

function expectSameFiles(actual: Map<string, Buffer>, expected: Map<string, Buffer>) {
  expect([...actual.keys()]).toEqual([...expected.keys()]);
  for (const [path, bytes] of expected) {
    const got = actual.get(path)!;
    // Compare as text first for a readable diff, then as bytes.
    if (!got.equals(bytes)) expect(`${path}\n${got.toString('utf8')}`).toBe(`${path}\n${bytes.toString('utf8')}`);
    expect(got.equals(bytes), path).toBe(true);
  }
}

describe('golden', () => {
  it('rebuilding sources/ reproduces the committed output/ byte for byte', async () => {
    const { out, report } = await buildTo(sampleSources);
    expect(report.exitCode).toBe(0);
    expectSameFiles(filesOf(out), filesOf(committedOutput));
  });

  for (const name of fixtureCases()) {
    it(`fixture ${name} matches test/fixtures/${name}/expected (npm run golden regenerates it)`, async () => {
      const { out } = await buildTo(join(fixturesDir, name, 'sources'));
      expectSameFiles(filesOf(out), filesOf(join(fixturesDir, name, 'expected')));
    });
  }
});
