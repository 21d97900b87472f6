/** Generated docs are up to date with the code (npm run docs regenerates them). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderContract, renderMessages } from '../pipeline/docs/render.js';
import { catalogue } from '../pipeline/index.js';
import { repoRoot } from './helpers/paths.js';

describe('docs', () => {
  it('docs/messages.md lists every rule of the catalogue', () => {
    const text = readFileSync(join(repoRoot, 'docs/messages.md'), 'utf8');
    expect(text).toBe(renderMessages());
    for (const id of Object.keys(catalogue)) expect(text).toContain(`| \`${id}\` |`);
  });

  it('docs/data-contract.md matches the schemas', () => {
    expect(readFileSync(join(repoRoot, 'docs/data-contract.md'), 'utf8')).toBe(renderContract());
  });
});
