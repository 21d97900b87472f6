/**
 * Arrow IPC files and Parquet: the schema, the row count and the embedded
 * metadata come from the file's own metadata (Parquet's footer; the Arrow
 * footer and each record batch's header), so a file of gigabytes is not read
 * for them. Only the batches or row groups the sample needs are decoded.
 */
import { openAsBlob } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { DataType, DateUnit, Message, RecordBatchReader, tableFromIPC, type RecordBatch, type Schema } from 'apache-arrow';
import { METADATA_KEY } from '../writers/arrow.js';
import { parquetWasm } from '../writers/parquet.js';
import type { InspectedColumn, SampleRow } from './report.js';
import type { TableRead } from './read.js';


/** An Arrow type as Arrow names it; DateDay is Date32 (apache-arrow prints "Date32<DAY>"). */
export function arrowTypeName(type: DataType): string {
  if (DataType.isDate(type)) return type.unit === DateUnit.DAY ? 'Date32' : 'Date64';
  return String(type);
}

function plain(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : String(value);
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'object') {
    const json = typeof (value as { toJSON?: unknown }).toJSON === 'function' ? (value as { toJSON(): unknown }).toJSON() : value;
    if (json !== value) return plain(json);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}

/** Row `index` of a batch as JSON Lines has it: dates as YYYY-MM-DD, 64-bit integers as numbers when exact. */
function rowOf(batch: RecordBatch, index: number): SampleRow {
  const row: SampleRow = {};
  batch.schema.fields.forEach((field, i) => {
    const value: unknown = batch.getChildAt(i)?.get(index);
    row[field.name] =
      DataType.isDate(field.type) && value !== null && value !== undefined
        ? new Date(value instanceof Date ? value.getTime() : Number(value)).toISOString().slice(0, 10)
        : plain(value);
  });
  return row;
}

const columnsOf = (schema: Schema): InspectedColumn[] =>
  schema.fields.map((f) => ({ name: f.name, type: arrowTypeName(f.type), nullable: f.nullable }));

function embedded(metadata: Map<string, string>): unknown {
  const value = metadata.get(METADATA_KEY);
  if (value === undefined) return null;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

/** The row count in a record batch's header: its metadata block is "continuation, length, flatbuffer". */
async function batchLength(fh: FileHandle, block: { offset: number; metaDataLength: number; bodyLength: number }, size: number): Promise<number> {
  if (block.offset + block.metaDataLength + block.bodyLength > size) throw new Error('a record batch ends past the end of the file');
  const bytes = Buffer.alloc(block.metaDataLength);
  await fh.read(bytes, 0, bytes.length, block.offset);
  // Since Arrow 0.15 the length follows a 0xFFFFFFFF continuation marker; before, it came first.
  const start = bytes.readInt32LE(0) === -1 ? 8 : 4;
  const message = Message.decode(bytes.subarray(start, start + bytes.readInt32LE(start - 4)));
  if (!message.isRecordBatch()) throw new Error('the footer points at something other than a record batch');
  return message.header().length;
}

export async function readArrow(path: string, sample: number): Promise<TableRead> {
  const fh = await open(path);
  try {
    const reader = await RecordBatchReader.from(fh);
    if (!reader.isFile()) throw new Error('it is not an Arrow IPC file (Feather v2)');
    await reader.open();
    const footer = reader.footer;
    if (!footer) throw new Error('it has no Arrow IPC file footer');
    const { size } = await fh.stat();
    let rows = 0;
    for (const block of footer.recordBatches()) rows += await batchLength(fh, block, size);
    const out: SampleRow[] = [];
    for (let b = 0; out.length < sample && b < reader.numRecordBatches; b++) {
      const batch = await reader.readRecordBatch(b);
      if (!batch) throw new Error(`record batch ${b + 1} cannot be read`);
      for (let r = 0; r < batch.numRows && out.length < sample; r++) out.push(rowOf(batch, r));
    }
    return { rows, types_from: 'file', columns: columnsOf(reader.schema), file_metadata: embedded(reader.schema.metadata), sample: out };
  } catch (error) {
    // apache-arrow fails on a damaged file with whatever its decoder meets first (a null, a negative length).
    if (error instanceof TypeError || error instanceof RangeError) throw new Error(`it is not a whole Arrow IPC file (${error.message})`);
    throw error;
  } finally {
    await fh.close();
  }
}

export async function readParquet(path: string, sample: number): Promise<TableRead> {
  const pw = parquetWasm();
  // A Blob is read in slices: opening the file reads its footer, not its row groups.
  const file = await pw.ParquetFile.fromFile(await openAsBlob(path));
  try {
    const meta = file.metadata();
    const fileMeta = meta.fileMetadata();
    const rows = fileMeta.numRows();
    const keyValue = fileMeta.keyValueMetadata() as Map<string, string>;
    fileMeta.free();
    meta.free();
    const schema = tableFromIPC(file.schema().intoIPCStream()).schema;
    const out: SampleRow[] = [];
    if (sample > 0) {
      const table = tableFromIPC((await file.read({ limit: sample })).intoIPCStream());
      for (const batch of table.batches) for (let r = 0; r < batch.numRows && out.length < sample; r++) out.push(rowOf(batch, r));
    }
    return { rows, types_from: 'file', columns: columnsOf(schema), file_metadata: embedded(keyValue), sample: out };
  } finally {
    file.free();
  }
}
