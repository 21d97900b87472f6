/**
 * `clean`: removes what the pipeline leaves beside its results: the build
 * cache, staging folders left by a build that was killed, and the temporary
 * folders of `verify --fresh`. Published datasets go only when asked for.
 */
import { lstat, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CACHE_TAG, CACHE_TAG_FILE } from './cache.js';
import { SUMS_FILE } from './checksums.js';
import { alive, describeHolder, OutputLock, type LockHolder } from './lock.js';
import { discard, recoverStaging, stagingDir } from './publish.js';
import { ConfigError } from './run.js';

export const VERIFY_TEMP_PREFIX = 'speech-datasets-verify-';
/** In a verify folder: the pid of the process that made it. */
export const VERIFY_OWNER_FILE = '.owner';

export interface CleanOptions {
  /** Default: `output` in the working directory. */
  out?: string;
  /** Default: `.cache/speech-datasets` in the working directory. */
  cacheDir?: string;
  /** Keep the cache. */
  keepCache?: boolean;
  /** Also remove the published datasets under `out` (folders holding a SHA256SUMS). */
  datasets?: boolean;
  /** List what would go, remove nothing. */
  dryRun?: boolean;
  /** Where `verify --fresh` makes its folders. Default: the system's temporary folder. */
  tempDir?: string;
  /** Seconds to wait for a build that holds the output folder's lock; 0 (default) fails at once with LockedError. */
  wait?: number;
  signal?: AbortSignal;
  onLockWait?: (holder: LockHolder | null) => void;
}

export type CleanKind = 'cache' | 'staging' | 'verify-temp' | 'dataset';

export interface CleanReport {
  /** Absolute paths, in the order removed (with `dryRun`: that would be removed). */
  removed: { path: string; kind: CleanKind; bytes: number }[];
  /** Datasets put back from the copy a build set aside just before it was killed (`.old-<name>-…` with no `<name>`). */
  restored: { from: string; path: string }[];
  /** What looked like ours but was left alone, and why. */
  skipped: { path: string; reason: string }[];
  dryRun: boolean;
}

async function size(path: string): Promise<number> {
  const info = await lstat(path);
  if (!info.isDirectory()) return info.size;
  let total = 0;
  for (const entry of await readdir(path)) total += await size(join(path, entry));
  return total;
}

async function entries(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

const exists = (path: string) => lstat(path).then(() => true, () => false);

export async function clean(options: CleanOptions = {}): Promise<CleanReport> {
  for (const key of ['out', 'cacheDir', 'tempDir'] as const) {
    if (options[key] === '') throw new ConfigError(`Expected \`${key}\` to be a non-empty string, got ""`);
  }
  const out = resolve(options.out ?? 'output');
  const report: CleanReport = { removed: [], restored: [], skipped: [], dryRun: options.dryRun ?? false };
  const targets: { path: string; kind: CleanKind }[] = [];
  const cacheDir = resolve(options.cacheDir ?? join('.cache', 'speech-datasets'));
  if (!options.keepCache && (await exists(cacheDir))) {
    // Only a folder the cache tagged as its own: a mistyped --cache-dir must never remove anything else.
    const tag = await readFile(join(cacheDir, CACHE_TAG_FILE), 'utf8').catch(() => '');
    if (tag.startsWith(CACHE_TAG.split('\n')[0]!)) targets.push({ path: cacheDir, kind: 'cache' });
    else report.skipped.push({ path: cacheDir, reason: `no ${CACHE_TAG_FILE} of this pipeline in it, so it is not (or not only) its cache; remove it by hand if it is` });
  }
  // Staging folders are a build's until it ends: clean holds the output folder's lock while it looks at them.
  const info = await stat(out).catch(() => null);
  if (info && !info.isDirectory()) throw new ConfigError(`Expected \`out\` to be a folder, but ${out} is a file`);
  // A dry run writes nothing, not even a lock: it only says what a running build keeps it from removing.
  const lock = info && !report.dryRun ? await OutputLock.take(out, { command: 'clean', wait: options.wait, signal: options.signal, onWait: options.onLockWait }) : null;
  try {
    const running = info && report.dryRun ? await OutputLock.holder(out) : null;
    const recovery = await recoverStaging(out, { dryRun: report.dryRun });
    if (running) {
      for (const path of [...recovery.restored.map((r) => r.from), ...recovery.leftovers]) report.skipped.push({ path, reason: `in use by ${describeHolder(running)}` });
    } else {
      report.restored.push(...recovery.restored);
      for (const path of recovery.leftovers) targets.push({ path, kind: 'staging' });
    }
    if (options.datasets) {
      for (const name of await entries(out)) {
        const path = join(out, name);
        if (!name.startsWith('.') && (await exists(join(path, SUMS_FILE)))) targets.push({ path, kind: 'dataset' });
      }
    }
    const temp = options.tempDir ?? tmpdir();
    for (const name of await entries(temp)) {
      if (!name.startsWith(VERIFY_TEMP_PREFIX)) continue;
      const path = join(temp, name);
      const owner = Number((await readFile(join(path, VERIFY_OWNER_FILE), 'utf8').catch(() => '')).trim());
      if (Number.isSafeInteger(owner) && owner > 0 && owner !== process.pid && alive(owner)) report.skipped.push({ path, reason: `in use by a verify still running (process ${owner})` });
      else targets.push({ path, kind: 'verify-temp' });
    }
    for (const target of targets) {
      const bytes = await size(target.path);
      if (!report.dryRun) {
        // A dataset is renamed out of its name first: a clean killed while removing it leaves a staging folder, never half a dataset under its name.
        const doomed = target.kind === 'dataset' ? await stagingDir(target.path, false) : target.path;
        if (doomed !== target.path) {
          await rename(target.path, doomed);
          await discard(doomed);
        } else await rm(doomed, { recursive: true, force: true });
      }
      report.removed.push({ ...target, bytes });
    }
  } finally {
    await lock?.release();
  }
  return report;
}
