/** Generated docs are up to date with the code (npm run docs regenerates them). */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderCli } from '../pipeline/docs/cli.js';
import { renderConfigSchema, renderContract, renderMessages } from '../pipeline/docs/render.js';
import { catalogue } from '../pipeline/index.js';
import { repoRoot } from './helpers/paths.js';

describe('docs', () => {
  it('docs/messages.md lists every rule of the catalogue', () => {
    const text = readFileSync(join(repoRoot, 'docs/messages.md'), 'utf8');
    expect(text).toBe(renderMessages());
    for (const id of Object.keys(catalogue)) expect(text).toContain(`| \`${id}\` |`);
  });

  it('every rule of the catalogue is emitted somewhere in the code (no dead entries)', () => {
    const code = readdirSync(join(repoRoot, 'pipeline'), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts') && f !== 'messages.ts' && !f.startsWith('docs'))
      .map((f) => readFileSync(join(repoRoot, 'pipeline', f), 'utf8'))
      .join('\n');
    const unused = Object.keys(catalogue).filter((id) => !code.includes(`'${id}'`));
    expect(unused).toEqual([]);
  });

  it('docs/cli.md is each command\'s --help and the config schema is up to date', () => {
    expect(readFileSync(join(repoRoot, 'docs/cli.md'), 'utf8')).toBe(renderCli());
    expect(readFileSync(join(repoRoot, 'schemas/pipeline.config.schema.json'), 'utf8')).toBe(renderConfigSchema());
  });

  it('docs/data-contract.md matches the schemas', () => {
    expect(readFileSync(join(repoRoot, 'docs/data-contract.md'), 'utf8')).toBe(renderContract());
  });
});
