/**
 * The file stages over the files of a dataset, yielding each file's result in
 * source-path order however the work was spread. Files are read on this
 * thread (I/O, at most `concurrency × 4` at once, through p-limit), so batches
 * are cut by size, looked up in the cache, and the rest go in batches to the
 * worker pool; at most
 * `AHEAD × concurrency` batches are in flight, so memory holds a few batches,
 * never the corpus.
 */
import { readFile } from 'node:fs/promises';
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

export interface Runner {
  /** null: run the stages on this thread. */
  pool: Tinypool | null;
  stages: readonly FileStage[];
  concurrency: number;
  cache: BuildCache | null;
  /** The formats written: the text ones are written with the file stages. */
  formats: readonly string[];
  /** Milliseconds per file stage and text format, summed over every file (where they ran). */
  timings: Record<string, number>;
  /** Files whose result came from the cache. */
  cached: { hits: number; misses: number };
}

interface Item {
  task: FileTask;
  key: string | null;
  hit: Buffer | null;
}

async function runBatch(items: Item[], config: SourceConfig, runner: Runner): Promise<ProcessedFile[]> {
  const todo = items.filter((i) => !i.hit);
  let fresh: Uint8Array[] = [];
  if (todo.length > 0) {
    let result: BatchResult;
    if (runner.pool) {
      result = (await runner.pool.run({ config, formats: [...runner.formats], files: todo.map((i) => i.task) } satisfies BatchTask)) as BatchResult;
    } else {
      const timings: Record<string, number> = {};
      const results: Uint8Array[] = [];
      for (const i of todo) {
        const processed = await processFile(i.task, config, runner.stages, runner.formats, timings);
        results.push(runner.cache ? serialize(processed) : (processed as unknown as Uint8Array));
      }
      result = { results, timings };
    }
    for (const [k, t] of Object.entries(result.timings)) runner.timings[k] = (runner.timings[k] ?? 0) + t;
    fresh = result.results;
    if (runner.cache) await Promise.all(todo.map((i, k) => runner.cache!.set(i.key!, fresh[k]!)));
  }
  let k = 0;
  return items.map((i) => {
    if (i.hit) return deserialize(i.hit) as ProcessedFile;
    const r = fresh[k++]!;
    // Results made on this thread without a cache skip serialisation altogether.
    return r instanceof Uint8Array ? (deserialize(r) as ProcessedFile) : (r as unknown as ProcessedFile);
  });
}

/** A promise awaited later: its failure must not count as unhandled meanwhile. */
function settled<T>(p: Promise<T>): Promise<T> {
  p.catch(() => {});
  return p;
}

/** Files read ahead of the batch being filled, at most this many at once. */
const READ_AHEAD = 32;

export async function* processedInOrder(files: readonly { path: string; relPath: string }[], config: SourceConfig, runner: Runner): AsyncGenerator<ProcessedFile> {
  const io = pLimit(READ_AHEAD);
  const read = (f: { path: string; relPath: string }): Promise<Item> =>
    io(async () => {
      const task: FileTask = { path: f.path, relPath: f.relPath };
      let bytes: Buffer;
      try {
        bytes = await readFile(f.path);
      } catch {
        // The read stage tries again and reports why, with the file's place.
        return { task, key: null, hit: null };
      }
      task.bytes = bytes;
      if (!runner.cache) return { task, key: null, hit: null };
      const key = runner.cache.key(f.relPath, bytes);
      const hit = await runner.cache.get(key);
      if (hit) {
        runner.cached.hits++;
        delete task.bytes;
      } else runner.cached.misses++;
      return { task, key, hit };
    });

  // The producer reads and dispatches on its own, while the consumer of this
  // generator writes: batches in flight wait in `ready`, in order, at most `limit`.
  const ready: Promise<ProcessedFile[]>[] = [];
  const limit = AHEAD * runner.concurrency;
  let space = null as (() => void) | null;
  let arrived = null as (() => void) | null;
  let done = false;
  let failure: unknown;
  const push = (batch: Item[]) => {
    ready.push(settled(runBatch(batch, config, runner)));
    arrived?.();
  };
  const produce = async () => {
    let batch: Item[] = [];
    let bytes = 0;
    // Reads start READ_AHEAD files ahead of the one being added, so the disk is busy while batches fill.
    const reads: Promise<Item>[] = [];
    let next = 0;
    const more = () => {
      while (next < files.length && reads.length < READ_AHEAD) reads.push(settled(read(files[next++]!)));
    };
    more();
    while (reads.length > 0) {
      const item = await reads.shift()!;
      more();
      batch.push(item);
      bytes += item.hit?.byteLength ?? item.task.bytes?.byteLength ?? 0;
      if (bytes >= BATCH_BYTES || batch.length >= BATCH_FILES) {
        while (ready.length >= limit) await new Promise<void>((resolve) => (space = resolve));
        push(batch);
        batch = [];
        bytes = 0;
      }
    }
    if (batch.length > 0) push(batch);
  };
  const producing = produce().then(
    () => void (done = true),
    (error: unknown) => {
      failure = error;
      done = true;
    },
  );
  const wake = () => arrived?.();
  void producing.then(wake);
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
}
