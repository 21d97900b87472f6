/**
 * Cutting a table's rows into batches: at most BATCH_ROWS rows and about
 * BATCH_CHARS UTF-16 code units of text, so a table of long texts still comes
 * in bounded pieces and memory holds one batch per table, never the table.
 * The cuts depend only on the rows, so they are the same on every run.
 */
import { makeData, RecordBatch, Struct } from 'apache-arrow';
import type { TableDef } from '../../schemas/tables.js';
import { arrowColumn, arrowSchema } from './arrow.js';
import type { Batch, Row, TableWriter, WriteContext, Writer } from './writer.js';

export const BATCH_ROWS = 16_384;
export const BATCH_CHARS = 4 * 1024 * 1024;
/** Text formats are written in pieces of about this many characters. */
export const TEXT_CHARS = 1024 * 1024;

function textLength(row: Row): number {
  let n = 0;
  for (const k in row) {
    const v = row[k];
    n += typeof v === 'string' ? v.length : 4;
  }
  return n;
}

export interface SinkOutput {
  format: string;
  writer: TableWriter;
  /** Text formats: Writer.text for the table. Their rows are written as they come, not in batches. */
  text?: (rows: readonly Row[]) => string;
}

/**
 * The rows of one table going to the writers of every format: text formats
 * get each call's rows at once (as text made by a worker thread, when given),
 * columnar formats get batches.
 */
export class TableSink {
  private rows: Row[] = [];
  private chars = 0;
  private batches = 0;
  private readonly schema;
  private readonly columnar: SinkOutput[];
  private readonly text: SinkOutput[];
  /** Text not yet written, by text output. */
  private pending: string[][];
  private pendingChars = 0;
  /** Milliseconds spent in each writer, by format (for the benchmark). */
  readonly timings = new Map<string, number>();

  constructor(
    private readonly table: TableDef,
    context: WriteContext,
    private readonly outputs: SinkOutput[],
    private readonly maxRows = BATCH_ROWS,
    private readonly maxChars = BATCH_CHARS,
  ) {
    this.schema = arrowSchema(table, context);
    this.text = outputs.filter((o) => o.text && o.writer.writeText);
    this.columnar = outputs.filter((o) => !this.text.includes(o));
    this.pending = this.text.map(() => []);
  }

  /** `texts`: these rows as text already, by format (from a worker thread); the rest is made here. */
  async add(rows: readonly Row[], texts?: ReadonlyMap<string, string>): Promise<void> {
    if (this.text.length > 0) {
      for (const [i, { format, text }] of this.text.entries()) {
        const start = performance.now();
        this.pending[i]!.push(texts?.get(format) ?? text!(rows));
        this.time(format, start);
      }
      this.pendingChars += rows.length === 0 ? 0 : this.pending[0]!.at(-1)!.length;
      // Many small writes cost more than the bytes: the text goes out in pieces of about TEXT_CHARS.
      if (this.pendingChars >= TEXT_CHARS) await this.writePending();
    }
    if (this.columnar.length === 0) return;
    for (const row of rows) {
      this.rows.push(row);
      this.chars += textLength(row);
      if (this.rows.length >= this.maxRows || this.chars >= this.maxChars) await this.flush();
    }
  }

  private async flush(): Promise<void> {
    const rows = this.rows;
    this.rows = [];
    this.chars = 0;
    this.batches++;
    let built: RecordBatch | undefined;
    const batch: Batch = {
      rows,
      arrow: () => {
        if (!built) {
          const start = performance.now();
          const children = this.table.columns.map((c, i) => arrowColumn(c, this.schema.fields[i]!.type, rows));
          built = new RecordBatch(this.schema, makeData({ type: new Struct(this.schema.fields), length: rows.length, nullCount: 0, children }));
          this.time('arrow batches', start);
        }
        return built;
      },
    };
    for (const { format, writer } of this.columnar) {
      const start = performance.now();
      await writer.write(batch);
      this.time(format, start);
    }
  }

  private async writePending(): Promise<void> {
    for (const [i, { format, writer }] of this.text.entries()) {
      const start = performance.now();
      const text = this.pending[i]!.join('');
      this.pending[i] = [];
      if (text) await writer.writeText!(text);
      this.time(format, start);
    }
    this.pendingChars = 0;
  }

  private time(what: string, start: number): void {
    this.timings.set(what, (this.timings.get(what) ?? 0) + performance.now() - start);
  }

  /** Writes what is left (an empty table still gets one empty batch, so its schema is written) and closes every file. */
  async close(): Promise<void> {
    if (this.columnar.length > 0 && (this.rows.length > 0 || this.batches === 0)) await this.flush();
    await this.writePending();
    for (const { format, writer } of this.outputs) {
      const start = performance.now();
      await writer.close();
      this.time(format, start);
    }
  }

  async abort(): Promise<void> {
    await Promise.all(this.outputs.map(({ writer }) => writer.abort()));
  }
}

/** Writer.write for every writer: a whole table through a TableSink of its own. */
export function writeWhole(writer: Pick<Writer, 'format' | 'open' | 'text'>) {
  return async (path: string, table: TableDef, rows: Iterable<Row>, context: WriteContext, maxRows?: number, maxChars?: number): Promise<void> => {
    const out = writer.open(path, table, context);
    const sink = new TableSink(table, context, [{ format: writer.format, writer: out, text: writer.text?.(table) }], maxRows, maxChars);
    try {
      let chunk: Row[] = [];
      for (const row of rows) {
        chunk.push(row);
        if (chunk.length === 1024) {
          await sink.add(chunk);
          chunk = [];
        }
      }
      await sink.add(chunk);
      await sink.close();
    } catch (error) {
      await sink.abort();
      throw error;
    }
  };
}
