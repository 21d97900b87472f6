/**
 * pandas runs the dataset card's own snippet, verbatim, inside the dataset
 * folder and gets the exact rows apache-arrow reads from the Arrow file.
 * CI installs pandas (.ci/run); elsewhere the test is skipped with a notice,
 * unless CI is set, where a missing pandas fails the run.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writers } from '../pipeline/index.js';
import { tables, paragraphsTable, type TableDef } from '../schemas/tables.js';
import { committedOutput, tempDir } from './helpers/build.js';
import { cardSnippet } from './helpers/card.js';
import { pandasAvailable, PYTHON, runPandasSnippet } from './helpers/pandas.js';
import { readArrow, type Row } from './helpers/readers.js';
import { trickyParagraphs } from './helpers/tricky.js';

const available = pandasAvailable();
const dir = join(committedOutput, 'governance-of-china');
const snippet = cardSnippet(readFileSync(join(dir, 'README.md'), 'utf8'), 'pandas');

/** With dtype=str every value comes back as text; integers are compared as their decimal text. */
const asCsvStrings = (rows: Row[]) => rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null ? null : String(v)])));

/** The card's snippet reads paragraphs; the card says the same calls read the other tables. */
const forTable = (code: string, table: string) => code.replaceAll('paragraphs', table);

/**
 * The dtypes the card promises: from JSON Lines, integers as int64 (float64 where a
 * column has nulls), text as object, and a column that is null in every row as
 * float64 (pandas has nothing else to go on); from CSV, every column as object.
 */
function jsonlDtype(table: TableDef, rows: Row[], column: string): string {
  if (rows.every((r) => r[column] === null)) return 'float64';
  const kind = table.columns.find((c) => c.name === column)!.meta.kind;
  if (kind !== 'int32') return 'object';
  return rows.some((r) => r[column] === null) ? 'float64' : 'int64';
}

function check(dataset: string, table: TableDef) {
  const expected = readArrow(join(dataset, `${table.name}.arrow`), table);
  const back = runPandasSnippet(dataset, forTable(snippet, table.name), [table.name, `${table.name}_csv`]);
  expect(back[table.name]!.records).toEqual(expected);
  expect(back[`${table.name}_csv`]!.records).toEqual(asCsvStrings(expected));
  const names = table.columns.map((c) => c.name);
  expect(back[table.name]!.dtypes).toEqual(Object.fromEntries(names.map((n) => [n, jsonlDtype(table, expected, n)])));
  expect(back[`${table.name}_csv`]!.dtypes).toEqual(Object.fromEntries(names.map((n) => [n, 'object'])));
}

describe('pandas', () => {
  it('is installed where CI runs', () => {
    if (process.env.CI) expect(available, `pandas not importable by ${PYTHON}: .ci/run installs python3-pandas`).toBe(true);
  });

  it('the card snippet reads the JSON Lines and the CSV file', () => {
    expect(snippet).toContain('pd.read_json("paragraphs.jsonl"');
    expect(snippet).toContain('pd.read_csv("paragraphs.csv"');
  });

  describe.skipIf(!available)('with pandas', () => {
    for (const table of tables) {
      it(`reads the published ${table.name} exactly, with the card's snippet`, () => check(dir, table));
    }

    it('keeps hard text exact: quotes, tabs, line breaks, "NA", leading zeros, scripts, emoji', async () => {
      const tricky = tempDir();
      const rows = trickyParagraphs();
      for (const w of writers) await w.write(join(tricky, `paragraphs.${w.extension}`), paragraphsTable, rows, { dataset: 't', pipelineVersion: '0' });
      check(tricky, paragraphsTable);
    });
  });
});
