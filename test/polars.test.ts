/** polars (nodejs-polars, the Rust engine) reads our Arrow IPC and Parquet files with the types we wrote, and the same values as apache-arrow. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pl from 'nodejs-polars';
import { describe, expect, it } from 'vitest';
import { writers } from '../pipeline/index.js';
import { paragraphsTable, tables, type TableDef } from '../schemas/tables.js';
import { committedOutput, tempDir } from './helpers/build.js';
import { readArrow, type Row } from './helpers/readers.js';
import { trickyParagraphs } from './helpers/tricky.js';

const POLARS_TYPE = { string: 'String', json: 'String', int32: 'Int32', date: 'Date' } as const;

/** polars' rows, with dates as ISO strings. readIPC takes a Buffer: a string would be read as file contents. */
function readPolars(path: string, table: TableDef): { rows: Row[]; types: string[] } {
  const df = path.endsWith('.parquet') ? pl.readParquet(readFileSync(path)) : pl.readIPC(readFileSync(path));
  const rows = (df.toRecords() as Row[]).map((r) => {
    const out: Row = {};
    for (const c of table.columns) {
      const v = r[c.name] ?? null;
      out[c.name] = v instanceof Date ? v.toISOString().slice(0, 10) : v;
    }
    return out;
  });
  return { rows, types: df.dtypes.map((t) => String(t).replace(/^DataType\((.*)\)$/, '$1')) };
}

describe('polars', () => {
  for (const table of tables) {
    it(`reads the published ${table.name}.arrow with Utf8/Int32/Date32 types and the same values`, () => {
      const path = join(committedOutput, 'governance-of-china', `${table.name}.arrow`);
      const { rows, types } = readPolars(path, table);
      expect(types).toEqual(table.columns.map((c) => POLARS_TYPE[c.meta.kind]));
      expect(rows).toEqual(readArrow(path, table));
    });

    it(`reads the published ${table.name}.parquet with the same types and values`, () => {
      const dir = join(committedOutput, 'governance-of-china');
      const { rows, types } = readPolars(join(dir, `${table.name}.parquet`), table);
      expect(types).toEqual(table.columns.map((c) => POLARS_TYPE[c.meta.kind]));
      expect(rows).toEqual(readArrow(join(dir, `${table.name}.arrow`), table));
    });
  }

  it('keeps hard text exact', async () => {
    const dir = tempDir();
    const rows = trickyParagraphs();
    for (const format of ['arrow', 'parquet']) {
      const writer = writers.find((w) => w.format === format)!;
      await writer.write(join(dir, `p.${format}`), paragraphsTable, rows, { dataset: 't', pipelineVersion: '0' });
      expect(readPolars(join(dir, `p.${format}`), paragraphsTable).rows, format).toEqual(rows);
    }
  });
});
