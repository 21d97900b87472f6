/**
 * Arrow IPC file format (Feather v2): explicit Utf8, Int32 and Date32 types
 * (never dictionary-encoded by accident), column descriptions as field
 * metadata, record batches as TableSink cuts them (far below the 2 GiB a
 * Utf8 column chunk can hold).
 */
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { DateDay, Field, Int32, RecordBatchFileWriter, Schema, Utf8, vectorFromArray, type Data, type DataType } from 'apache-arrow';
import type { ColumnKind } from '../../schemas/columns.js';
import { CONTRACT_VERSION, type TableDef } from '../../schemas/tables.js';
import { PIPELINE } from '../version.js';
import { writeWhole } from './batches.js';
import type { Row, WriteContext, Writer } from './writer.js';

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

/** One column of a batch of rows, as Arrow data of the column's explicit type. */
export function arrowColumn(column: TableDef['columns'][number], type: DataType, rows: readonly Row[]): Data {
  const values = rows.map((r) => {
    const v = r[column.name] ?? null;
    return column.meta.kind === 'date' && v !== null ? dateValue(v as string) : v;
  });
  return vectorFromArray(values, type).data[0]!;
}

export const arrow: Writer = {
  format: 'arrow',
  extension: 'arrow',
  mediatype: 'application/vnd.apache.arrow.file',
  open(path) {
    const writer = new RecordBatchFileWriter();
    const file = createWriteStream(path);
    const done = pipeline(writer.toNodeStream(), file);
    done.catch(() => {});
    return {
      async write(batch) {
        writer.write(batch.arrow());
      },
      async close() {
        writer.finish();
        await done;
      },
      async abort() {
        writer.finish();
        await done.catch(() => {});
      },
    };
  },
  write: (path, table, rows, context) => writeWhole(arrow)(path, table, rows, context),
};
