/** DuckDB (the real engine, through @duckdb/node-api) reading our files with the calls the README documents. */
import { DuckDBInstance } from '@duckdb/node-api';
import { read } from '../../pipeline/card/snippets.js';
import type { TableDef } from '../../schemas/tables.js';
import type { Row } from './readers.js';

/** The calls the dataset cards and the README print. */
export const { duckdbCsv, duckdbParquet, duckdbJsonl } = read;

/** Any query's rows, as DuckDB's JSON-friendly values (BigInt as strings), in a fresh in-memory database; relative paths are read from `dir`. */
export async function duckdbQuery(sql: string, dir?: string): Promise<Row[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    if (dir) await connection.run(`SET file_search_path = '${dir.replace(/'/g, "''")}'`);
    return (await connection.runAndReadAll(sql)).getRowObjectsJson() as Row[];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** A table's rows in schema order, with integers as numbers and dates as ISO strings. */
export async function duckdbRows(sql: string, table: TableDef, dir?: string): Promise<Row[]> {
  return (await duckdbQuery(sql, dir)).map((r) => {
    const out: Row = {};
    for (const c of table.columns) {
      const v = r[c.name] ?? null;
      out[c.name] = v !== null && c.meta.kind === 'int32' ? Number(v) : v;
    }
    return out;
  });
}

export async function duckdbColumnTypes(sql: string): Promise<Record<string, string>> {
  const rows = (await duckdbQuery(`DESCRIBE ${sql}`)) as { column_name: string; column_type: string }[];
  return Object.fromEntries(rows.map((r) => [r.column_name, r.column_type]));
}
