/** DuckDB reads our Parquet, CSV and JSON Lines and gets exactly the rows apache-arrow reads from our Arrow file. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writers } from '../pipeline/index.js';
import { tables, paragraphsTable } from '../schemas/tables.js';
import { committedOutput, tempDir } from './helpers/build.js';
import { duckdbColumnTypes, duckdbCsv, duckdbJsonl, duckdbParquet, duckdbRows } from './helpers/duckdb.js';
import { readArrow } from './helpers/readers.js';
import { trickyParagraphs } from './helpers/tricky.js';

describe('DuckDB', () => {
  for (const table of tables) {
    it(`reads the published ${table.name}.parquet, .csv and .jsonl exactly as apache-arrow reads ${table.name}.arrow`, async () => {
      const dir = join(committedOutput, 'governance-of-china');
      const fromArrow = readArrow(join(dir, `${table.name}.arrow`), table);
      expect(fromArrow.length).toBeGreaterThan(0);
      expect(await duckdbRows(duckdbParquet(join(dir, `${table.name}.parquet`)), table)).toEqual(fromArrow);
      expect(await duckdbRows(duckdbCsv(join(dir, `${table.name}.csv`)), table)).toEqual(fromArrow);
      expect(await duckdbRows(duckdbJsonl(join(dir, `${table.name}.jsonl`)), table)).toEqual(fromArrow);
    });
  }

  it('infers DATE and integer columns from the documented calls', async () => {
    const dir = join(committedOutput, 'governance-of-china');
    for (const sql of [duckdbCsv(join(dir, 'paragraphs.csv')), duckdbJsonl(join(dir, 'paragraphs.jsonl'))]) {
      const types = await duckdbColumnTypes(sql);
      expect(types.date).toBe('DATE');
      expect(types.position).toBe('BIGINT');
      expect(types.text).toBe('VARCHAR');
    }
    // Parquet carries the exact types.
    const types = await duckdbColumnTypes(duckdbParquet(join(dir, 'paragraphs.parquet')));
    expect(Object.values(types)).toEqual(paragraphsTable.columns.map((c) => ({ string: 'VARCHAR', json: 'VARCHAR', int32: 'INTEGER', date: 'DATE' })[c.meta.kind]));
  });

  it('keeps hard text exact: quotes, line breaks, "NA", "null", scripts, emoji', async () => {
    const dir = tempDir();
    const rows = trickyParagraphs();
    for (const w of writers) await w.write(join(dir, `p.${w.extension}`), paragraphsTable, rows, { dataset: 't', pipelineVersion: '0' });
    expect(readArrow(join(dir, 'p.arrow'), paragraphsTable)).toEqual(rows);
    expect(await duckdbRows(duckdbParquet(join(dir, 'p.parquet')), paragraphsTable)).toEqual(rows);
    expect(await duckdbRows(duckdbCsv(join(dir, 'p.csv')), paragraphsTable)).toEqual(rows);
    expect(await duckdbRows(duckdbJsonl(join(dir, 'p.jsonl')), paragraphsTable)).toEqual(rows);
  });
});
