/**
 * Arrow IPC file format (Feather v2): explicit Utf8, Int32 and Date32 types
 * (never dictionary-encoded by accident), column descriptions as field
 * metadata, record batches of 64k rows so no column chunk nears 2 GiB.
 */
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { DateDay, Field, Int32, makeData, RecordBatch, RecordBatchFileWriter, Schema, Struct, Utf8, vectorFromArray, type DataType } from 'apache-arrow';
import type { ColumnKind } from '../../schemas/columns.js';
import { CONTRACT_VERSION, type TableDef } from '../../schemas/tables.js';
import { PIPELINE } from '../version.js';
import { batches, type Row, type WriteContext, type Writer } from './writer.js';

const BATCH_ROWS = 65_536;
/** Far below the 2 GiB a Utf8 column chunk can hold. */
const BATCH_CHARS = 256 * 1024 * 1024;

export function arrowType(kind: ColumnKind): DataType {
  switch (kind) {
    case 'int32':
      return new Int32();
    case 'date':
      return new DateDay();
    case 'string':
    case 'json':
      return new Utf8();
  }
}

/**
 * The file-level metadata of the Arrow and Parquet files: one key whose value
 * is a JSON object. One key, because the Parquet encoder keeps metadata in a
 * hash map whose order changes from one file to the next: with several keys
 * the same data would give different bytes.
 */
export const METADATA_KEY = 'speech_datasets';

export function fileMetadata(table: TableDef, context: WriteContext): Map<string, string> {
  return new Map([[METADATA_KEY, JSON.stringify({
    dataset: context.dataset,
    table: table.name,
    pipeline: PIPELINE.name,
    pipeline_version: context.pipelineVersion,
    contract_version: CONTRACT_VERSION,
  })]]);
}

export function arrowSchema(table: TableDef, context: WriteContext): Schema {
  const fields = table.columns.map(
    (c) => new Field(c.name, arrowType(c.meta.kind), c.meta.nullable, new Map([['description', c.meta.description]])),
  );
  return new Schema(fields, fileMetadata(table, context));
}

/** ISO date to what apache-arrow takes for Date32: the UTC midnight in milliseconds. */
const dateValue = (iso: string) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10));

function recordBatch(schema: Schema, table: TableDef, rows: Row[]): RecordBatch {
  const children = table.columns.map((c, i) => {
    const type = schema.fields[i]!.type;
    const values = rows.map((r) => {
      const v = r[c.name] ?? null;
      return c.meta.kind === 'date' && v !== null ? dateValue(v as string) : v;
    });
    return vectorFromArray(values, type).data[0]!;
  });
  const data = makeData({ type: new Struct(schema.fields), length: rows.length, nullCount: 0, children });
  return new RecordBatch(schema, data);
}

/**
 * The rows as Arrow record batches of at most BATCH_ROWS rows and about
 * `maxChars` characters of text; an empty table gives one empty batch, so its
 * schema is still written.
 */
export function* arrowBatches(table: TableDef, rows: Iterable<Row>, context: WriteContext, maxChars = BATCH_CHARS): Generator<RecordBatch> {
  const schema = arrowSchema(table, context);
  let wrote = false;
  for (const batch of batches(rows, BATCH_ROWS, maxChars)) {
    yield recordBatch(schema, table, batch);
    wrote = true;
  }
  if (!wrote) yield recordBatch(schema, table, []);
}

export const arrow: Writer = {
  format: 'arrow',
  extension: 'arrow',
  mediatype: 'application/vnd.apache.arrow.file',
  async write(path, table, rows, context) {
    const writer = new RecordBatchFileWriter();
    const done = pipeline(writer.toNodeStream(), createWriteStream(path));
    for (const batch of arrowBatches(table, rows, context)) writer.write(batch);
    writer.finish();
    await done;
  },
};

