/** DuckDB (the real engine, through @duckdb/node-api) reading our files with the calls the README documents. */
import { DuckDBInstance } from '@duckdb/node-api';
import type { TableDef } from '../../schemas/tables.js';
import type { Row } from './readers.js';

import { read } from '../../pipeline/card/snippets.js';

/** The calls the dataset cards and the README print. */
export const { duckdbCsv, duckdbParquet, duckdbJsonl } = read;

/** Runs a query and returns rows with integers as numbers and dates as ISO strings; relative paths are read from `dir`. */
export async function duckdbRows(sql: string, table: TableDef, dir?: string): Promise<Row[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    if (dir) await connection.run(`SET file_search_path = '${dir.replace(/'/g, "''")}'`);
    const reader = await connection.runAndReadAll(sql);
    return (reader.getRowObjectsJson() as Row[]).map((r) => {
      const out: Row = {};
      for (const c of table.columns) {
        const v = r[c.name] ?? null;
        out[c.name] = v !== null && c.meta.kind === 'int32' ? Number(v) : v;
      }
      return out;
    });
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** Any query's rows, as DuckDB's JSON-friendly values (BigInt as strings); relative paths are read from `dir`. */
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

export async function duckdbColumnTypes(sql: string): Promise<Record<string, string>> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(`DESCRIBE ${sql}`);
    return Object.fromEntries((reader.getRowObjectsJson() as { column_name: string; column_type: string }[]).map((r) => [r.column_name, r.column_type]));
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
