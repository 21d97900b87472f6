/**
 * `clean`: removes what the pipeline leaves beside its results: the build
 * cache, staging folders left by a build that was killed, and the temporary
 * folders of `verify --fresh`. Published datasets go only when asked for.
 */
import { lstat, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SUMS_FILE } from './checksums.js';
import { STAGING_PREFIXES } from './publish.js';

export const VERIFY_TEMP_PREFIX = 'speech-datasets-verify-';

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
}

export type CleanKind = 'cache' | 'staging' | 'verify-temp' | 'dataset';

export interface CleanReport {
  /** Absolute paths, in the order removed. */
  removed: { path: string; kind: CleanKind; bytes: number }[];
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
  const out = resolve(options.out ?? 'output');
  const targets: { path: string; kind: CleanKind }[] = [];
  const cacheDir = resolve(options.cacheDir ?? join('.cache', 'speech-datasets'));
  if (!options.keepCache && (await exists(cacheDir))) targets.push({ path: cacheDir, kind: 'cache' });
  for (const name of await entries(out)) {
    const path = join(out, name);
    if (STAGING_PREFIXES.some((p) => name.startsWith(p))) targets.push({ path, kind: 'staging' });
    else if (options.datasets && !name.startsWith('.') && (await exists(join(path, SUMS_FILE)))) targets.push({ path, kind: 'dataset' });
  }
  const temp = options.tempDir ?? tmpdir();
  for (const name of await entries(temp)) if (name.startsWith(VERIFY_TEMP_PREFIX)) targets.push({ path: join(temp, name), kind: 'verify-temp' });
  const report: CleanReport = { removed: [], dryRun: options.dryRun ?? false };
  for (const target of targets) {
    const bytes = await size(target.path);
    if (!report.dryRun) await rm(target.path, { recursive: true, force: true });
    report.removed.push({ ...target, bytes });
  }
  return report;
}
