/**
 * The one interface every table writer implements: open a file, take the
 * table's rows batch by batch as the build makes them, close it. A batch is
 * shared by every format, and its Arrow form is built once for the Arrow and
 * Parquet writers.
 */
import type { RecordBatch } from 'apache-arrow';
import type { TableDef } from '../../schemas/tables.js';

export type Row = Record<string, unknown>;

export interface WriteContext {
  /** Dataset name, recorded inside files whose format has a place for it. */
  dataset: string;
  /** Version of the pipeline that wrote the file. */
  pipelineVersion: string;
  /** CSV: cells that a spreadsheet would run as a formula carry a leading apostrophe (see writers/csv.ts). */
  csvExcelSafe?: boolean;
}

/** What shapes the text of a text format besides the rows. */
export interface TextOptions {
  csvExcelSafe?: boolean;
}

/** The key a text made with `options` is kept under, so a text made otherwise (say, a cache entry of another build) never stands in for it. */
export const textKey = (format: string, options: TextOptions = {}): string => (format === 'csv' && options.csvExcelSafe ? 'csv+excel-safe' : format);

export type Format = 'parquet' | 'jsonl' | 'csv' | 'arrow';

export interface Batch {
  rows: Row[];
  /** The rows as an Arrow record batch, made on first call. */
  arrow(): RecordBatch;
}

export interface TableWriter {
  /** Resolves once the file can take more (backpressure). */
  write(batch: Batch): Promise<void>;
  /** Text formats: rows that Writer.text already turned into text. */
  writeText?(text: string): Promise<void>;
  /** Resolves once the file is complete on disk. */
  close(): Promise<void>;
  /** Stops after a failure elsewhere: ends the file quietly (it is about to be deleted) and resolves once nothing writes to it. */
  abort(): Promise<void>;
}

export interface Writer {
  format: Format;
  extension: string;
  /** IANA media type, for datapackage.json. */
  mediatype: string;
  /**
   * Text formats: the rows as text, the same whatever the split of the rows,
   * so worker threads can write each file's part and the file is their
   * concatenation (after the header, which `open` writes).
   */
  text?(table: TableDef, options?: TextOptions): (rows: readonly Row[]) => string;
  open(path: string, table: TableDef, context: WriteContext): TableWriter;
  /** A whole table at once: opens, writes the rows in batches, closes. */
  write(path: string, table: TableDef, rows: Iterable<Row>, context: WriteContext): Promise<void>;
}
