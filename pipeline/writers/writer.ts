/** The one interface every table writer implements. */
import type { TableDef } from '../../schemas/tables.js';

export type Row = Record<string, unknown>;

export interface WriteContext {
  /** Dataset name, recorded inside files whose format has a place for it. */
  dataset: string;
  /** Version of the pipeline that wrote the file. */
  pipelineVersion: string;
}

export interface Writer {
  format: 'jsonl' | 'csv' | 'arrow';
  extension: string;
  /** IANA media type, for datapackage.json. */
  mediatype: string;
  /** Writes the rows of one table to `path`; resolves once the file is complete on disk. */
  write(path: string, table: TableDef, rows: Iterable<Row>, context: WriteContext): Promise<void>;
}

/** Rows in groups, so writers stream a table instead of building it whole. */
export function* batches<T>(rows: Iterable<T>, size: number): Generator<T[]> {
  let batch: T[] = [];
  for (const row of rows) {
    batch.push(row);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
