/** The one interface every table writer implements. */
import type { TableDef } from '../../schemas/tables.js';

export type Row = Record<string, unknown>;

export interface WriteContext {
  /** Dataset name, recorded inside files whose format has a place for it. */
  dataset: string;
  /** Version of the pipeline that wrote the file. */
  pipelineVersion: string;
}

export type Format = 'parquet' | 'jsonl' | 'csv' | 'arrow';

export interface Writer {
  format: Format;
  extension: string;
  /** IANA media type, for datapackage.json. */
  mediatype: string;
  /** Writes the rows of one table to `path`; resolves once the file is complete on disk. */
  write(path: string, table: TableDef, rows: Iterable<Row>, context: WriteContext): Promise<void>;
}

/**
 * Rows in groups of at most `size` rows, so writers stream a table instead of
 * building it whole. With `maxChars`, a group also ends once its text passes
 * that many UTF-16 code units, so a table of long texts still comes in
 * bounded pieces.
 */
export function* batches<T>(rows: Iterable<T>, size: number, maxChars = Infinity): Generator<T[]> {
  let batch: T[] = [];
  let chars = 0;
  for (const row of rows) {
    batch.push(row);
    if (maxChars !== Infinity) chars += textLength(row);
    if (batch.length === size || chars >= maxChars) {
      yield batch;
      batch = [];
      chars = 0;
    }
  }
  if (batch.length > 0) yield batch;
}

function textLength(row: unknown): number {
  let n = 0;
  for (const v of Object.values(row as Row)) n += typeof v === 'string' ? v.length : 4;
  return n;
}
