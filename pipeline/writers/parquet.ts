/**
 * Parquet, written by parquet-wasm (the Rust `parquet` crate compiled to
 * WebAssembly) from the same Arrow record batches as the Arrow writer, so the
 * two formats cannot disagree on a column, type or value. zstd, page-level
 * statistics, row groups closed at ROW_GROUP_BYTES of uncompressed data, DATE
 * for dates, and key-value metadata naming the dataset, table and pipeline
 * (one key, see fileMetadata).
 *
 * Batches are handed over one at a time: the writer holds at most the row
 * group it is filling, never the whole table. Row groups close near the limit
 * (measured: just under it with small batches), but a batch larger than the
 * limit becomes one group whole, so batches are kept to a sixteenth of it.
 * The encoder swallows errors (a failed input batch ends the file early), so
 * the writer rethrows its own and checks the row count in the footer. The package version is pinned
 * exactly (package.json), because a new encoder may lay out bytes otherwise.
 */
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createWriteStream, openAsBlob } from 'node:fs';
import { RecordBatchStreamWriter } from 'apache-arrow';
import type * as ParquetWasm from 'parquet-wasm/node';
import { arrowBatches, fileMetadata } from './arrow.js';
import type { Writer } from './writer.js';

/** Uncompressed bytes after which a row group is closed: big enough for fast scans, small enough to stream. */
export const ROW_GROUP_BYTES = 128 * 1024 * 1024;

let loaded: typeof ParquetWasm | undefined;
/** Loaded on first use: compiling the 5 MB module is not worth paying for `--help` or other formats. */
function parquetWasm(): typeof ParquetWasm {
  loaded ??= createRequire(import.meta.url)('parquet-wasm/node') as typeof ParquetWasm;
  return loaded;
}

/** A Parquet writer closing row groups at `rowGroupBytes` (tests use small groups to see several). */
export const parquetWriter = (rowGroupBytes = ROW_GROUP_BYTES): Writer => ({
  format: 'parquet',
  extension: 'parquet',
  mediatype: 'application/vnd.apache.parquet',
  async write(path, table, rows, context) {
    const pw = parquetWasm();
    const properties = new pw.WriterPropertiesBuilder()
      .setWriterVersion(pw.WriterVersion.V1)
      .setCompression(pw.Compression.ZSTD)
      .setStatisticsEnabled(pw.EnabledStatistics.Page)
      .setMaxRowGroupBytes(rowGroupBytes)
      // The byte limit decides; this only keeps the row count in int32 range.
      .setMaxRowGroupSize(2 ** 31 - 1)
      .setKeyValueMetadata(fileMetadata(table, context))
      .build();
    // The encoder takes each batch whole into the row group it opens, so batches are kept small beside the limit.
    const source = arrowBatches(table, rows, context, Math.min(8 * 1024 * 1024, rowGroupBytes / 16));
    let handed = 0;
    let failure: unknown;
    const input = new ReadableStream({
      pull(controller) {
        try {
          const next = source.next();
          if (next.done) {
            controller.close();
            return;
          }
          handed += next.value.numRows;
          // parquet-wasm takes Arrow data through the IPC stream format.
          const ipc = RecordBatchStreamWriter.writeAll([next.value]).toUint8Array(true);
          const wasmTable = pw.Table.fromIPCStream(ipc);
          for (const batch of wasmTable.recordBatches()) controller.enqueue(batch);
          wasmTable.free();
        } catch (error) {
          // The encoder ends the file quietly on a failed input; remember why, and fail after it.
          failure = error;
          controller.close();
        }
      },
    });
    try {
      const output = await pw.transformParquetStream(input, properties);
      await pipeline(Readable.fromWeb(output as import('node:stream/web').ReadableStream<Uint8Array>), createWriteStream(path));
    } catch (error) {
      throw failure ?? error;
    }
    if (failure !== undefined) throw failure;
    // The encoder also drops its own write errors, leaving a valid but short file: count what the footer holds.
    const file = await pw.ParquetFile.fromFile(await openAsBlob(path));
    const inFile = file.metadata().fileMetadata().numRows();
    file.free();
    if (inFile !== handed) throw new Error(`The Parquet encoder wrote ${inFile} of ${handed} rows to ${path}`);
  },
});

export const parquet = parquetWriter();
