/**
 * The executor: for each dataset, the file stages run over its files in a pool
 * of worker threads (results.ts), and the dataset writer takes the results in
 * source-path order, runs the sequence stages and streams the tables into a
 * staging folder that it publishes atomically (dataset-writer.ts). A shard
 * build stops after the file stages and stores their results (shards.ts);
 * merge feeds the stored results of every shard to the same dataset writer.
 */
import { rm, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import pLimit from 'p-limit';
import Tinypool from 'tinypool';
import { BuildCache } from './cache.js';
import { catalogue, type Message, type Place, type RuleDef, type RuleId } from './messages.js';
import { DatasetWriter, type DatasetReport, type DatasetWriterOptions } from './dataset-writer.js';
import { LockLostError, OutputLock, type LockHolder } from './lock.js';
import { recoverStaging, type Recovery } from './publish.js';
import type { ProcessedFile } from './processed.js';
import { processedInOrder, type Runner } from './results.js';
import { inShard, readShards, ShardError, ShardWriter, type Shard, type ShardReport } from './shards.js';
import { loadSources, type SourceProblem } from './sources.js';
import type { FileStage, Stage } from './stage.js';
import { stages as defaultStages } from './stages.js';
import { PIPELINE } from './version.js';
import { writers } from './writers/index.js';

export const FORMATS = writers.map((w) => w.format);
export type Format = (typeof FORMATS)[number];
export type { DatasetReport } from './dataset-writer.js';

export interface BuildOptions {
  /** Folder of the source collections. Default: `sources` in the working directory. */
  sources?: string;
  /** Folder the datasets are published into. Default: `output` in the working directory. */
  out?: string;
  /** Build only these datasets (folder names). Default: all. */
  only?: string[];
  /** Worker threads running the file stages. Default: the number of available cores. Never changes the output. */
  concurrency?: number;
  /** Formats to write. Default: all. */
  formats?: Format[];
  /** Commit of the pipeline code, recorded in provenance.json when given (e.g. by a release job). */
  gitCommit?: string | null;
  /** Seconds since the epoch recorded as the build date. Default: $SOURCE_DATE_EPOCH, else none. */
  sourceDateEpoch?: number | null;
  /** Reuse (and store) the file stages' results of unchanged files. Default: true. Never changes the output. */
  cache?: boolean;
  /** Where the cache lives. Default: `.cache/speech-datasets` in the working directory. */
  cacheDir?: string;
  /** Process only shard K of N ("K/N"): the files whose path hashes to it, stored for `merge` instead of published. */
  shard?: string | Shard | null;
  /** Run the file stages in worker threads: always, never, or (default) when a dataset has enough files to pay for starting them. */
  workers?: boolean | 'auto';
  /** Warnings fail the run too (exit code 1), except those of the rules in `allowWarnings`. The datasets are published all the same. Default: false. */
  strict?: boolean;
  /** Rule ids whose warnings `strict` lets pass (e.g. "rights/not-open"). */
  allowWarnings?: string[];
  /** Called after each file of a dataset is done (and once before the first), for progress bars. */
  onProgress?: (progress: Progress) => void;
  /** Stops the run: the dataset being written is not published (its staging folder is removed), those finished before are. */
  signal?: AbortSignal;
  /** Files larger than this (bytes, or a size such as "64MiB" or "200MB") are rejected unread (read/too-large). Default: 64 MiB. */
  maxFileSize?: number | string;
  /** Follow symbolic links in raw/ that lead outside the sources folder. Default: false (source/link-outside). */
  followExternalLinks?: boolean;
  /** CSV cells that a spreadsheet would run as a formula get a leading apostrophe. Default: false (the exact text). */
  csvExcelSafe?: boolean;
  /** Seconds to wait when another process holds the output folder's lock; 0 (default) fails at once with LockedError. */
  wait?: number;
  /** Called once when the output folder's lock is held by another process and this run starts to wait for it. */
  onLockWait?: (holder: LockHolder | null) => void;
  /** Stage list, for tests (custom stages run on the main thread). */
  stages?: readonly Stage[];
}

export interface Progress {
  dataset: string;
  /** Files done (and their bytes) of the dataset, out of all of them. */
  files: number;
  filesTotal: number;
  bytes: number;
  bytesTotal: number;
}

export interface ResolvedOptions {
  sources: string;
  out: string;
  only: string[] | undefined;
  concurrency: number;
  formats: Format[];
  gitCommit: string | null;
  sourceDateEpoch: number | null;
  cacheDir: string | null;
  shard: Shard | null;
  workers: boolean | 'auto';
  strict: boolean;
  allowWarnings: string[];
  onProgress: ((progress: Progress) => void) | undefined;
  signal: AbortSignal | undefined;
  maxFileSize: number;
  followExternalLinks: boolean;
  csvExcelSafe: boolean;
  wait: number;
  onLockWait: ((holder: LockHolder | null) => void) | undefined;
  stages: readonly Stage[];
}

/** 64 MiB: about ten times the longest books (a complete Shakespeare is 5.5 MB), far below what a worker can hold. */
export const DEFAULT_MAX_FILE_SIZE = 64 * 1024 * 1024;
const MAX_READABLE = 2 * 1024 ** 3 - 1;
const UNITS: Record<string, number> = { b: 1, kb: 1e3, mb: 1e6, gb: 1e9, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3 };

/** Bytes from a number or a size such as "512KiB", "64MiB", "1.5GB" (KB, MB, GB are powers of 1000; KiB, MiB, GiB of 1024). */
export function parseSize(value: number | string): number {
  const m = typeof value === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*([kmg]i?b|b)?\s*$/i.exec(value) : null;
  const bytes = typeof value === 'number' ? value : m ? Number(m[1]) * UNITS[(m[2] ?? 'b').toLowerCase()]! : NaN;
  // Node reads a file into one buffer of at most 2 GiB.
  if (!Number.isSafeInteger(bytes) || bytes < 1 || bytes > MAX_READABLE) {
    throw new ConfigError(`Expected \`maxFileSize\` to be a whole number of bytes from 1 to 2147483647 (2 GiB less one byte, the most Node reads at once), as a number or as e.g. "64MiB" or "200MB", got ${JSON.stringify(value)}`);
  }
  return bytes;
}

/** A mistake in the options or configuration: the CLI reports it under its rule id and exits with code 2. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(
    message: string,
    readonly rule: RuleId = 'usage/invalid-value',
    /** The file the mistake is in (a configuration file), with its place when known. */
    readonly file: string = '',
    readonly place: Place = {},
  ) {
    super(message);
  }
}

/** Below this many files a dataset is processed on the main thread: starting workers would cost more than they save. */
const WORKERS_FROM_FILES = 8;

function parseShard(value: string | Shard): Shard {
  const m = typeof value === 'string' ? /^(\d+)\/(\d+)$/.exec(value.trim()) : null;
  const shard = typeof value === 'string' ? (m ? { index: Number(m[1]), count: Number(m[2]) } : null) : value;
  if (!shard || !Number.isSafeInteger(shard.index) || !Number.isSafeInteger(shard.count) || shard.count < 1 || shard.index < 1 || shard.index > shard.count) {
    throw new ConfigError(`Expected \`shard\` to be K/N with 1 ≤ K ≤ N (e.g. 2/7), got ${JSON.stringify(value)}`);
  }
  return shard;
}

/** Checks every option once, at the door, with the exact value that was wrong. */
export function resolveOptions(options: BuildOptions = {}, env: NodeJS.ProcessEnv = process.env): ResolvedOptions {
  // An empty path would silently mean the working directory, and an empty list nothing at all.
  for (const key of ['sources', 'out', 'cacheDir', 'gitCommit'] as const) {
    if (options[key] === '') throw new ConfigError(`Expected \`${key}\` to be a non-empty string, got ""`);
  }
  if (options.only && (options.only.length === 0 || options.only.some((name) => typeof name !== 'string' || name === ''))) {
    throw new ConfigError(`Expected \`only\` to name at least one dataset, got ${JSON.stringify(options.only)}`);
  }
  const concurrency = options.concurrency ?? Math.min(availableParallelism(), 256);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256) {
    throw new ConfigError(`Expected \`concurrency\` to be an integer from 1 to 256, got ${JSON.stringify(options.concurrency)}`);
  }
  const formats = options.formats ?? [...FORMATS];
  const unknown = formats.filter((f) => !FORMATS.includes(f));
  if (unknown.length || formats.length === 0) {
    throw new ConfigError(`Expected \`formats\` to be one or more of ${FORMATS.join(', ')}, got ${JSON.stringify(options.formats)}`);
  }
  let sourceDateEpoch = options.sourceDateEpoch ?? null;
  if (options.sourceDateEpoch === undefined && env.SOURCE_DATE_EPOCH !== undefined && env.SOURCE_DATE_EPOCH !== '') {
    sourceDateEpoch = /^\d+$/.test(env.SOURCE_DATE_EPOCH) ? Number(env.SOURCE_DATE_EPOCH) : NaN;
  }
  // Up to the last second of year 9999, the largest date ISO 8601 writes with four digits.
  if (sourceDateEpoch !== null && !(Number.isInteger(sourceDateEpoch) && sourceDateEpoch >= 0 && sourceDateEpoch <= 253402300799)) {
    throw new ConfigError(`Expected SOURCE_DATE_EPOCH to be a whole number of seconds from 0 to 253402300799, got ${JSON.stringify(options.sourceDateEpoch ?? env.SOURCE_DATE_EPOCH)}`);
  }
  if (options.gitCommit && !/^[0-9a-fA-F]{7,64}$/.test(options.gitCommit)) {
    throw new ConfigError(`Expected \`gitCommit\` to be a hexadecimal commit id, got ${JSON.stringify(options.gitCommit)}`);
  }
  const sharded = options.shard !== undefined && options.shard !== null;
  if (sharded && options.formats) {
    throw new ConfigError('Expected no `formats` with `shard`: a shard stores the results of the file stages, and `merge` writes the formats (give them to merge)');
  }
  const allowWarnings = options.allowWarnings ?? [];
  const notWarnings = allowWarnings.filter((rule) => (catalogue as Record<string, RuleDef>)[rule]?.level !== 'warning');
  if (notWarnings.length) {
    throw new ConfigError(`Expected \`allowWarnings\` to name rules whose level is warning (see docs/messages.md), got ${notWarnings.map((r) => JSON.stringify(r)).join(', ')}`);
  }
  const wait = options.wait ?? 0;
  if (typeof wait !== 'number' || !(wait >= 0)) throw new ConfigError(`Expected \`wait\` to be a number of seconds from 0 up, got ${JSON.stringify(options.wait)}`);
  if (options.workers !== undefined && ![true, false, 'auto'].includes(options.workers)) {
    throw new ConfigError(`Expected \`workers\` to be true, false or "auto", got ${JSON.stringify(options.workers)}`);
  }
  return {
    sources: resolve(options.sources ?? 'sources'),
    out: resolve(options.out ?? 'output'),
    only: options.only,
    concurrency,
    formats: FORMATS.filter((f) => formats.includes(f)),
    gitCommit: options.gitCommit?.toLowerCase() ?? null,
    sourceDateEpoch,
    cacheDir: options.cache === false ? null : resolve(options.cacheDir ?? join('.cache', 'speech-datasets')),
    // Any value asks for a shard, an empty one too (an unset variable in "--shard $SHARD"): parseShard says what is wrong.
    shard: sharded ? parseShard(options.shard!) : null,
    workers: options.workers ?? 'auto',
    onProgress: options.onProgress,
    signal: options.signal,
    maxFileSize: parseSize(options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE),
    followExternalLinks: options.followExternalLinks ?? false,
    csvExcelSafe: options.csvExcelSafe ?? false,
    wait,
    onLockWait: options.onLockWait,
    strict: options.strict ?? false,
    allowWarnings,
    stages: options.stages ?? defaultStages,
  };
}

export interface Timings {
  /** Milliseconds in each file stage and in writing each text format, summed over the files processed (in whichever thread). */
  stages: Record<string, number>;
  /** Milliseconds in each writer on the main thread ("arrow batches": building the batches Arrow and Parquet share). */
  formats: Record<string, number>;
}

export interface BuildReport {
  datasets: DatasetReport[];
  /** Shard builds: the shard folders written, one per dataset. */
  shards: ShardReport[];
  problems: SourceProblem[];
  /** Datasets whose build failed on a bug in the pipeline (nothing of them was published). */
  failures: { name: string; error: Error }[];
  /** Files whose file-stage results came from the cache, files processed, and the first failure to store a result (the build went on without it). */
  cache: { hits: number; misses: number; error: string | null };
  /** Where the time went: for benchmarks, never published (it differs from run to run). */
  timings: Timings;
  /** The run was stopped through `signal`: the datasets in `datasets` were published, the rest were not. */
  interrupted: boolean;
  /** The output folder's lock was removed or taken while this run held it: it stopped publishing (exit code 75). */
  lockLost: string | null;
  /** What runs that were killed had left in the output folder, put right before this one wrote anything. */
  recovered: Recovery & { tookOver: LockHolder | null };
  /** 0 all published cleanly; 1 some input was rejected (or, with `strict`, warned about); 2 a configuration problem; 70 a bug in the pipeline; 74 the output could not be written; 75 the output folder's lock was lost; 130 interrupted. */
  exitCode: 0 | 1 | 2 | 70 | 74 | 75 | 130;
}

export function checkStageOrder(stages: readonly Stage[]): void {
  const firstSequence = stages.findIndex((s) => s.scope === 'sequence');
  if (firstSequence !== -1 && stages.slice(firstSequence).some((s) => s.scope === 'file')) {
    throw new ConfigError(`Expected every file stage before the sequence stages, got ${stages.map((s) => `${s.name} (${s.scope})`).join(', ')}`);
  }
}

/** The pool, started on first need and shared by the datasets of one build. */
export class Pool {
  private pool: Tinypool | null = null;
  constructor(private readonly threads: number) {}
  get(): Tinypool {
    this.pool ??= new Tinypool({
      filename: join(PIPELINE.root, 'dist', 'pipeline', 'worker.js'),
      minThreads: this.threads,
      maxThreads: this.threads,
      // V8 sizes the young generation for throughput; at 8 MB a worker's peak RSS fell by about 40 MiB with no measurable cost in time.
      resourceLimits: { maxYoungGenerationSizeMb: 8 },
    });
    return this.pool;
  }
  async destroy(): Promise<void> {
    await this.pool?.destroy();
  }
}

export function runnerFor(files: number, options: Pick<ResolvedOptions, 'stages' | 'workers' | 'maxFileSize' | 'csvExcelSafe'>, pool: Pool, cache: BuildCache | null, into: Runner): Runner {
  const custom = options.stages !== defaultStages;
  const useWorkers = !custom && (options.workers === 'auto' ? files >= WORKERS_FROM_FILES : options.workers);
  // Custom stages are not part of the cache key: their results are never cached.
  return { ...into, pool: useWorkers ? pool.get() : null, cache: custom ? null : cache, maxFileSize: options.maxFileSize, csvExcelSafe: options.csvExcelSafe };
}

/** Errors of the disk or its permissions, not of the pipeline: the user can act on them. */
const IO_ERRORS = new Set(['ENOSPC', 'EDQUOT', 'EACCES', 'EPERM', 'EROFS', 'EIO', 'ENOTDIR', 'EISDIR', 'EMFILE', 'ENFILE']);
export const isIoError = (error: unknown): error is NodeJS.ErrnoException => IO_ERRORS.has((error as NodeJS.ErrnoException)?.code ?? '');

/** Warnings that fail a strict run. */
export const failingWarnings = (messages: readonly Message[], options: Pick<ResolvedOptions, 'strict' | 'allowWarnings'>): Message[] =>
  options.strict ? messages.filter((m) => m.level === 'warning' && !options.allowWarnings.includes(m.rule)) : [];

function exitCodeOf(report: Omit<BuildReport, 'exitCode'>, options: Pick<ResolvedOptions, 'strict' | 'allowWarnings'>): BuildReport['exitCode'] {
  if (report.interrupted) return 130;
  if (report.lockLost) return 75;
  if (report.failures.length) return report.failures.every((f) => isIoError(f.error)) ? 74 : 70;
  if (report.problems.length) return 2;
  if (report.datasets.some((d) => d.rejected.length) || report.shards.some((s) => s.rejected.length)) return 1;
  if (report.datasets.some((d) => failingWarnings(d.messages, options).length)) return 1;
  return 0;
}

function emptyReport(): Omit<BuildReport, 'exitCode'> {
  return {
    datasets: [],
    shards: [],
    problems: [],
    failures: [],
    cache: { hits: 0, misses: 0, error: null },
    timings: { stages: {}, formats: {} },
    interrupted: false,
    lockLost: null,
    recovered: { restored: [], leftovers: [], tookOver: null },
  };
}

/**
 * Makes the output folder this run's alone: takes its lock (waiting as asked), then puts right what
 * killed runs left there: a dataset caught mid-swap goes back, their staging folders go.
 */
export async function holdOutput(resolved: Pick<ResolvedOptions, 'out' | 'wait' | 'signal' | 'onLockWait'>, command: string): Promise<{ lock: OutputLock; recovered: BuildReport['recovered'] }> {
  const lock = await OutputLock.take(resolved.out, { command, wait: resolved.wait, signal: resolved.signal, onWait: resolved.onLockWait });
  try {
    const recovery = await recoverStaging(resolved.out);
    for (const path of recovery.leftovers) await rm(path, { recursive: true, force: true });
    return { lock, recovered: { ...recovery, tookOver: lock.tookOver } };
  } catch (error) {
    await lock.release();
    throw error;
  }
}

/** The error a stopped run throws inside: the reason given to the signal, or an AbortError. */
export const isInterrupt = (error: unknown, signal: AbortSignal | undefined): boolean => signal?.aborted === true && (error === signal.reason || (error as Error)?.name === 'AbortError');

/** The bytes of a dataset's files, for progress; a file that cannot be stat'ed counts 0 (the read stage says why). */
export async function totalBytes(files: readonly { path: string }[]): Promise<number> {
  const limit = pLimit(32);
  const sizes = await Promise.all(files.map((f) => limit(() => stat(f.path).then((s) => s.size, () => 0))));
  return sizes.reduce((a, b) => a + b, 0);
}

/** Yields the results as they come and reports progress; stops at the signal. */
export async function* watched(
  name: string,
  total: { files: number; bytes: () => Promise<number> },
  results: AsyncIterable<ProcessedFile>,
  options: Pick<ResolvedOptions, 'onProgress' | 'signal'>,
): AsyncGenerator<ProcessedFile> {
  const { onProgress, signal } = options;
  signal?.throwIfAborted();
  const progress = { dataset: name, files: 0, filesTotal: total.files, bytes: 0, bytesTotal: 0 };
  if (onProgress) {
    progress.bytesTotal = await total.bytes();
    onProgress({ ...progress });
  }
  for await (const file of results) {
    signal?.throwIfAborted();
    yield file;
    progress.files++;
    progress.bytes += file.bytes ?? 0;
    onProgress?.({ ...progress });
  }
  signal?.throwIfAborted();
}

/** An interrupt or a lost lock ends the whole run (the report keeps what was published before it); any other error only its dataset. */
function stopsRun(report: Omit<BuildReport, 'exitCode'>, error: unknown, signal: AbortSignal | undefined): boolean {
  if (isInterrupt(error, signal)) report.interrupted = true;
  else if (error instanceof LockLostError) report.lockLost = error.message;
  else return false;
  return true;
}

/** Feeds results in order to a dataset writer; any throw leaves nothing of the dataset published. */
async function writeDataset(writer: DatasetWriter, results: AsyncIterable<ProcessedFile>): Promise<DatasetReport> {
  try {
    await writer.open();
    for await (const file of results) await writer.add(file);
  } catch (error) {
    await writer.abort();
    throw error;
  }
  return writer.finish();
}

function addTimings(report: Omit<BuildReport, 'exitCode'>, runner: Runner, dataset?: DatasetReport): void {
  for (const [k, ms] of Object.entries(runner.timings)) report.timings.stages[k] = (report.timings.stages[k] ?? 0) + ms;
  for (const [k, ms] of Object.entries(dataset?.formatTimings ?? {})) report.timings.formats[k] = (report.timings.formats[k] ?? 0) + ms;
}

/** The output folder must be a folder, or not exist yet. */
async function checkOut(out: string): Promise<void> {
  const info = await stat(out).catch(() => null);
  if (info && !info.isDirectory()) throw new ConfigError(`Expected \`out\` to be a folder, but ${out} is a file`);
}

/** The source folders asked for; a name in `only` that names none is a usage error. */
export async function selectedSources(resolved: Pick<ResolvedOptions, 'sources' | 'only' | 'followExternalLinks'>): Promise<Awaited<ReturnType<typeof loadSources>>> {
  const loaded = await loadSources(resolved.sources, resolved.only, { externalLinks: resolved.followExternalLinks }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') throw new ConfigError(`No sources folder ${resolved.sources}: give the folder that holds one folder per collection (--sources)`);
    throw error;
  });
  if (resolved.only) {
    const missing = resolved.only.filter((name) => !loaded.sources.some((s) => s.name === name) && !loaded.problems.some((p) => p.name === name));
    if (missing.length) throw new ConfigError(`No source folder named ${missing.map((m) => JSON.stringify(m)).join(', ')} in ${resolved.sources}`);
  }
  if (loaded.sources.length === 0 && loaded.problems.length === 0) {
    throw new ConfigError(`No source folders in ${resolved.sources}: it should hold one folder per collection, each with a source.json and a raw/ folder (see docs/adding-a-source.md)`);
  }
  return loaded;
}

/** Builds every dataset under the sources folder (or, with `shard`, one shard of each). Data problems are reported, not thrown. */
export async function build(options: BuildOptions = {}): Promise<BuildReport> {
  const resolved = resolveOptions(options);
  checkStageOrder(resolved.stages);
  await checkOut(resolved.out);
  const { sources, problems } = await selectedSources(resolved);
  const { lock, recovered } = await holdOutput(resolved, resolved.shard ? 'build --shard' : 'build');
  const report = { ...emptyReport(), problems, recovered };
  const pool = new Pool(resolved.concurrency);
  const writing = { ...resolved, beforePublish: () => lock.check() };
  try {
    for (const source of sources) {
      const files = resolved.shard ? source.files.filter((f) => inShard(f.relPath, resolved.shard!)) : source.files;
      const cache = resolved.cacheDir ? new BuildCache(resolved.cacheDir, source.config) : null;
      const runner = runnerFor(files.length, resolved, pool, cache, {
        pool: null,
        cache: null,
        stages: resolved.stages.filter((s): s is FileStage => s.scope === 'file'),
        concurrency: resolved.concurrency,
        formats: resolved.shard ? [] : resolved.formats,
        timings: {},
        cached: report.cache,
      });
      const results = watched(source.name, { files: files.length, bytes: () => totalBytes(files) }, processedInOrder(files, source.config, runner), resolved);
      try {
        if (resolved.shard) {
          const writer = new ShardWriter(resolved.out, source, resolved.shard, source.files.map((f) => f.relPath), { maxFileSize: resolved.maxFileSize, followExternalLinks: resolved.followExternalLinks });
          report.shards.push(await writer.write(results, writing.beforePublish));
          addTimings(report, runner);
        } else {
          const dataset = await writeDataset(new DatasetWriter(source, writing), results);
          report.datasets.push(dataset);
          addTimings(report, runner, dataset);
        }
      } catch (error) {
        if (stopsRun(report, error, resolved.signal)) break;
        report.failures.push({ name: source.name, error: error as Error });
      }
    }
  } finally {
    await pool.destroy();
    await lock.release();
  }
  return { ...report, exitCode: exitCodeOf(report, resolved) };
}

export interface MergeOptions {
  /** Folders holding shard folders (the `out` of each shard build), or shard folders themselves. */
  shards: string[];
  out?: string;
  formats?: Format[];
  gitCommit?: string | null;
  sourceDateEpoch?: number | null;
  strict?: boolean;
  allowWarnings?: string[];
  onProgress?: (progress: Progress) => void;
  signal?: AbortSignal;
  wait?: number;
  onLockWait?: (holder: LockHolder | null) => void;
  csvExcelSafe?: boolean;
}

/**
 * Publishes each dataset from the stored results of its N shards: the same
 * files, byte for byte, as a build of the whole corpus on one machine.
 */
export async function merge(options: MergeOptions): Promise<BuildReport> {
  const { shards, ...rest } = options;
  const resolved = resolveOptions(rest);
  await checkOut(resolved.out);
  let datasets;
  try {
    datasets = await readShards(shards.map((s) => resolve(s)));
  } catch (error) {
    throw new ConfigError((error as Error).message, 'shard/invalid');
  }
  const { lock, recovered } = await holdOutput(resolved, 'merge');
  const report = { ...emptyReport(), recovered };
  const writing = { ...resolved, beforePublish: () => lock.check() };
  try {
    await mergeInto(report, datasets, writing);
  } finally {
    await lock.release();
  }
  return { ...report, exitCode: exitCodeOf(report, resolved) };
}

async function mergeInto(report: Omit<BuildReport, 'exitCode'>, datasets: Awaited<ReturnType<typeof readShards>>, resolved: ResolvedOptions & DatasetWriterOptions): Promise<void> {
  for (const dataset of datasets) {
    try {
      const results = watched(dataset.source.name, { files: dataset.files, bytes: async () => 0 }, dataset.results(), resolved);
      report.datasets.push(await writeDataset(new DatasetWriter(dataset.source, { ...resolved, ...dataset.reading }), results));
    } catch (error) {
      if (stopsRun(report, error, resolved.signal)) break;
      // A damaged shard is a problem of the input (readShards checked every header, so this is rare): nothing of this dataset is published, and the message says what to do.
      if (error instanceof ShardError) throw new ConfigError(error.message, 'shard/invalid');
      report.failures.push({ name: dataset.source.name, error: error as Error });
    }
  }
}
