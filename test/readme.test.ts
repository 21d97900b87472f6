/** The README's loading snippets are the calls the client tests run, so the docs cannot rot. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { duckdbCsv, duckdbJsonl } from './helpers/duckdb.js';
import { repoRoot } from './helpers/paths.js';

const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
const pandasScript = readFileSync(join(repoRoot, 'test/helpers/pandas_read.py'), 'utf8');

describe('README', () => {
  it('shows the two commands', () => {
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('npm test');
  });

  it('shows the pandas calls that test/pandas.test.ts runs', () => {
    for (const [reader, path] of [['read_csv', 'paragraphs.csv'], ['read_json', 'paragraphs.jsonl']] as const) {
      const call = pandasScript.match(new RegExp(`pd\\.${reader}\\((\\w+_path), (.*)\\)$`, 'm'))!;
      expect(call, reader).not.toBeNull();
      expect(readme).toContain(`pd.${reader}("output/governance-of-china/${path}", ${call[2]})`);
    }
  });

  it('shows the DuckDB queries that test/duckdb.test.ts runs', () => {
    expect(readme).toContain(`${duckdbJsonl('output/governance-of-china/paragraphs.jsonl')};`);
    expect(readme).toContain(`${duckdbCsv('output/governance-of-china/paragraphs.csv')};`);
  });
});
