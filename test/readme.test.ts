/** The README's loading calls are the ones the cards print and the client tests run, so the docs cannot rot. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { read } from '../pipeline/card/snippets.js';
import { repoRoot } from './helpers/paths.js';

const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
const at = (file: string) => `output/governance-of-china/${file}`;

describe('README', () => {
  it('shows the two commands', () => {
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('npm test');
  });

  it('shows the pandas calls that test/pandas.test.ts runs', () => {
    expect(readme).toContain(read.pandasJsonl(at('paragraphs.jsonl')));
    expect(readme).toContain(read.pandasCsv(at('paragraphs.csv')));
  });

  it('shows the DuckDB queries that test/duckdb.test.ts runs', () => {
    expect(readme).toContain(`${read.duckdbParquet(at('paragraphs.parquet'))};`);
    expect(readme).toContain(`${read.duckdbJsonl(at('paragraphs.jsonl'))};`);
    expect(readme).toContain(`${read.duckdbCsv(at('paragraphs.csv'))};`);
  });
});
