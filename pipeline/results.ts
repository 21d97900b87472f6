/**
 * The file stages over the files of a dataset, yielding each file's result in
 * source-path order however the work was spread. A producer reads files on
 * this thread (at most READ_AHEAD at once, through p-limit), so batches are
 * cut by size; looks them up in the cache; and sends the rest in batches to
 * the worker pool, with at most `AHEAD × concurrency` batches in flight: memory
 * holds a few batches, never the corpus. The cache is a help, never a
 * condition: an entry that cannot be read back is a miss, and one that cannot
 * be written is counted and the build goes on.
 */
import { readFile, stat } from 'node:fs/promises';
import { deserialize, serialize } from 'node:v8';
import pLimit from 'p-limit';
import type Tinypool from 'tinypool';
import type { SourceConfig } from '../schemas/source.js';
import type { BuildCache } from './cache.js';
import { processFile, type FileTask } from './process-file.js';
import type { ProcessedFile } from './processed.js';
import type { FileStage } from './stage.js';
import type { BatchResult, BatchTask } from './worker.js';

/** A batch closes at this many bytes or files: big enough to pay for the trip to a worker, small enough to spread. */
const BATCH_BYTES = 512 * 1024;
const BATCH_FILES = 64;
const AHEAD = 3;
/** Files read ahead of the batch being filled. */
const READ_AHEAD = 32;

export interface Runner {
  /** null: run the stages on this thread. */
  pool: Tinypool | null;
  stages: readonly FileStage[];
  concurrency: number;
  cache: BuildCache | null;
  /** Store new results in the cache (false: only read it, as `validate` does). Default: true. */
  store?: boolean;
  /** The formats written: the text ones are written with the file stages. */
  formats: readonly string[];
  /** Milliseconds per file stage and text format, summed over every file (where they ran). */
  timings: Record<string, number>;
  /** Files whose result came from the cache, files processed, and the first cache failure (the build goes on without the entry). */
  cached: { hits: number; misses: number; error: string | null };
  /** Files larger than this many bytes are not read (read/too-large). Default: no limit. */
  maxFileSize?: number;
  /** The CSV text is made spreadsheet-safe (writers/csv.ts). */
  csvExcelSafe?: boolean;
}

interface Item {
  task: FileTask;
  /** The cache key, when the file was read and a cache is in use. */
  key: string | null;
  hit: ProcessedFile | null;
}

async function runBatch(items: Item[], config: SourceConfig, runner: Runner): Promise<ProcessedFile[]> {
  const todo = items.filter((i) => !i.hit);
  // Serialised results (from workers, or for the cache), or results made here that need no trip.
  let fresh: (Uint8Array | ProcessedFile)[] = [];
  if (todo.length > 0) {
    let result: { results: (Uint8Array | ProcessedFile)[]; timings: BatchResult['timings'] };
    if (runner.pool) {
      result = (await runner.pool.run({ config, formats: [...runner.formats], text: { csvExcelSafe: runner.csvExcelSafe }, files: todo.map((i) => i.task) } satisfies BatchTask)) as BatchResult;
    } else {
      const timings: Record<string, number> = {};
      const results: (Uint8Array | ProcessedFile)[] = [];
      for (const i of todo) {
        const processed = await processFile(i.task, config, runner.stages, runner.formats, timings, { csvExcelSafe: runner.csvExcelSafe });
        results.push(runner.cache && runner.store !== false ? serialize(processed) : processed);
      }
      result = { results, timings };
    }
    for (const [k, t] of Object.entries(result.timings)) runner.timings[k] = (runner.timings[k] ?? 0) + t;
    fresh = result.results;
    // With a cache every result is serialised (above, or by the worker).
    const cache = runner.store === false ? null : runner.cache;
    if (cache) {
      await Promise.all(
        todo.map((i, k) =>
          i.key === null
            ? undefined
            : cache.set(i.key, fresh[k] as Uint8Array).catch((error: unknown) => {
                runner.cached.error ??= error instanceof Error ? error.message : String(error);
              }),
        ),
      );
    }
  }
  let k = 0;
  return items.map((i) => {
    if (i.hit) return i.hit;
    const r = fresh[k++]!;
    // Results made on this thread without a cache skip serialisation altogether.
    return r instanceof Uint8Array ? (deserialize(r) as ProcessedFile) : r;
  });
}

/** A promise awaited later: its failure must not count as unhandled meanwhile. */
function settled<T>(p: Promise<T>): Promise<T> {
  p.catch(() => {});
  return p;
}

/** A cached result, or null when there is none or it cannot be read back (cut short on disk, made by another V8): then it is made again. */
async function lookUp(cache: BuildCache, key: string): Promise<ProcessedFile | null> {
  const bytes = await cache.get(key);
  if (!bytes) return null;
  try {
    const value = deserialize(bytes) as ProcessedFile;
    return value && typeof value.relPath === 'string' && Array.isArray(value.messages) ? value : null;
  } catch {
    return null;
  }
}

export async function* processedInOrder(files: readonly { path: string; relPath: string }[], config: SourceConfig, runner: Runner): AsyncGenerator<ProcessedFile> {
  const io = pLimit(READ_AHEAD);
  const read = (f: { path: string; relPath: string }): Promise<Item> =>
    io(async () => {
      const task: FileTask = { path: f.path, relPath: f.relPath, maxBytes: runner.maxFileSize };
      let bytes: Buffer;
      try {
        // A file over the limit is never read, nor looked up in the cache: the read stage rejects it.
        if (runner.maxFileSize !== undefined && (await stat(f.path)).size > runner.maxFileSize) return { task, key: null, hit: null };
        bytes = await readFile(f.path);
      } catch {
        // The read stage tries again and reports why, with the file's place.
        return { task, key: null, hit: null };
      }
      task.bytes = bytes;
      if (!runner.cache) return { task, key: null, hit: null };
      const key = runner.cache.key(f.relPath, bytes);
      const hit = await lookUp(runner.cache, key);
      if (hit) {
        runner.cached.hits++;
        delete task.bytes;
      } else runner.cached.misses++;
      return { task, key, hit };
    });

  // The producer reads and dispatches on its own while the consumer of this
  // generator writes: batches in flight wait in `ready`, in order, at most `limit`.
  const ready: Promise<ProcessedFile[]>[] = [];
  const limit = AHEAD * runner.concurrency;
  let space = null as (() => void) | null;
  let arrived = null as (() => void) | null;
  let done = false;
  let stopped = false;
  let failure: unknown;
  const push = (batch: Item[]) => {
    ready.push(settled(runBatch(batch, config, runner)));
    arrived?.();
  };
  const produce = async () => {
    let batch: Item[] = [];
    let bytes = 0;
    // Reads start ahead of the file being added, so the disk is busy while batches fill.
    const reads: Promise<Item>[] = [];
    let next = 0;
    const more = () => {
      while (!stopped && next < files.length && reads.length < READ_AHEAD) reads.push(settled(read(files[next++]!)));
    };
    more();
    while (reads.length > 0 && !stopped) {
      const item = await reads.shift()!;
      more();
      batch.push(item);
      bytes += item.task.bytes?.byteLength ?? 0;
      if (bytes >= BATCH_BYTES || batch.length >= BATCH_FILES) {
        while (ready.length >= limit && !stopped) await new Promise<void>((resolve) => (space = resolve));
        if (stopped) return;
        push(batch);
        batch = [];
        bytes = 0;
      }
    }
    if (batch.length > 0 && !stopped) push(batch);
  };
  const producing = produce().then(
    () => void (done = true),
    (error: unknown) => {
      failure = error;
      done = true;
    },
  );
  void producing.then(() => arrived?.());
  try {
    for (;;) {
      if (ready.length === 0) {
        if (done) break;
        await new Promise<void>((resolve) => (arrived = resolve));
        arrived = null;
        continue;
      }
      const results = await ready.shift()!;
      space?.();
      space = null;
      yield* results;
    }
    if (failure !== undefined) throw failure;
  } finally {
    // The consumer stopped (done, failed or returned early): no more reading or dispatching.
    stopped = true;
    space?.();
  }
}
