/**
 * Parquet, written by parquet-wasm (the Rust `parquet` crate compiled to
 * WebAssembly) from the same Arrow record batches as the Arrow writer, so the
 * two formats cannot disagree on a column, type or value. zstd, page-level
 * statistics, row groups closed at ROW_GROUP_BYTES of uncompressed data, DATE
 * for dates, and key-value metadata naming the dataset, table and pipeline
 * (one key, see fileMetadata).
 *
 * Batches are handed over one at a time as the build makes them, and the
 * next waits until the encoder asks for it: the writer holds at most the row
 * group it is filling, never the whole table. Row groups close near the limit
 * (measured: just under it with small batches), but a batch larger than the
 * limit becomes one group whole, so batches are kept far below it (TableSink).
 * The encoder swallows errors, so the writer checks the row count in the
 * footer. The package version is pinned
 * exactly (package.json), because a new encoder may lay out bytes otherwise.
 */
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createWriteStream, openAsBlob } from 'node:fs';
import { RecordBatchStreamWriter } from 'apache-arrow';
import type * as ParquetWasm from 'parquet-wasm/node';
import { fileMetadata } from './arrow.js';
import { writeWhole } from './batches.js';
import type { Writer } from './writer.js';

/**
 * The encoder's row-group limit. It counts the encoder's own estimate of the
 * encoded data, not the uncompressed bytes: on the benchmark corpus 16 MiB
 * closes groups of about 73,500 paragraphs, 56 MiB uncompressed and 14 MiB
 * compressed, enough for fast scans (DuckDB and polars read row groups in
 * parallel). The encoder's WebAssembly memory grows with the limit and never
 * gives memory back: measured on a 300 MiB corpus (Parquet only), 584 MB of
 * it at 128 MiB, 261 MB at 32 MiB, 197 MB at 16 MiB.
 */
export const ROW_GROUP_BYTES = 16 * 1024 * 1024;

let loaded: typeof ParquetWasm | undefined;
/** Loaded on first use: compiling the 5 MB module is not worth paying for `--help` or other formats. */
export function parquetWasm(): typeof ParquetWasm {
  loaded ??= createRequire(import.meta.url)('parquet-wasm/node') as typeof ParquetWasm;
  return loaded;
}

/** A Parquet writer closing row groups at `rowGroupBytes` (tests use small groups to see several). */
export const parquetWriter = (rowGroupBytes = ROW_GROUP_BYTES): Writer => {
  const writer: Writer = {
    format: 'parquet',
    extension: 'parquet',
    mediatype: 'application/vnd.apache.parquet',
    open(path, table, context) {
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
      let handed = 0;
      let controller!: ReadableStreamDefaultController<unknown>;
      // Resolved when the encoder asks for more: a writer waits for it, so at most one batch waits in the queue.
      let wanted: (() => void) | null = null;
      let asked = new Promise<void>((resolve) => (wanted = resolve));
      const input = new ReadableStream(
        {
          start: (c) => void (controller = c),
          pull: () => {
            wanted?.();
            wanted = null;
          },
        },
        { highWaterMark: 1 },
      );
      const file = createWriteStream(path);
      // Until the pipeline below takes the stream over, an error (a folder in the way) must not go unhandled.
      file.on('error', () => {});
      const done = (async () => {
        const output = await pw.transformParquetStream(input, properties);
        await pipeline(Readable.fromWeb(output as import('node:stream/web').ReadableStream<Uint8Array>), file);
      })();
      done.catch(() => {});
      const ended = done.then(() => 'ended' as const, () => 'ended' as const);
      return {
        async write(batch) {
          const rb = batch.arrow();
          // The encoder takes each batch whole into the row group it opens; TableSink keeps batches far below the limit.
          handed += rb.numRows;
          // parquet-wasm takes Arrow data through the IPC stream format.
          const wasmTable = pw.Table.fromIPCStream(RecordBatchStreamWriter.writeAll([rb]).toUint8Array(true));
          for (const b of wasmTable.recordBatches()) {
            // The encoder may stop asking (it failed): then `done` settles, and waiting ends with its error.
            if ((await Promise.race([asked, ended])) === 'ended') {
              wasmTable.free();
              await done;
              throw new Error(`The Parquet encoder stopped before the end of ${path}`);
            }
            asked = new Promise<void>((resolve) => (wanted = resolve));
            controller.enqueue(b);
          }
          wasmTable.free();
        },
        async close() {
          controller.close();
          await done;
          // The encoder drops its own errors, leaving a valid but short file: count what the footer holds.
          const parquetFile = await pw.ParquetFile.fromFile(await openAsBlob(path));
          const inFile = parquetFile.metadata().fileMetadata().numRows();
          parquetFile.free();
          if (inFile !== handed) throw new Error(`The Parquet encoder wrote ${inFile} of ${handed} rows to ${path}`);
        },
        async abort() {
          try {
            controller.close();
          } catch {
            // Already closed.
          }
          await done.catch(() => {});
        },
      };
    },
    write: (path, table, rows, context) => writeWhole(writer)(path, table, rows, context, undefined, Math.min(8 * 1024 * 1024, rowGroupBytes / 16)),
  };
  return writer;
};

export const parquet = parquetWriter();
