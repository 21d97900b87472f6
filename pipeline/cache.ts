/**
 * The build cache: one entry per input file, the v8-serialised result of the
 * file stages, under a key that changes whenever anything that shapes that
 * result changes: the file's bytes and path, the dataset's source.json, and
 * the pipeline itself (a hash of its compiled code and of the versions of the
 * packages it runs on, so a code change is never served stale results).
 * Entries are written to a temporary name and renamed, so a reader finds a
 * whole entry or none. A cached result is the very object a fresh run would
 * make, so the cache never changes the output bytes.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SourceConfig } from '../schemas/source.js';
import { PIPELINE } from './version.js';

let fingerprint: string | undefined;

/** SHA-256 of the pipeline's compiled code (dist/pipeline, dist/schemas) and of its runtime dependencies' versions. */
export function pipelineFingerprint(): string {
  if (fingerprint) return fingerprint;
  const hash = createHash('sha256');
  const here = join(PIPELINE.root, 'dist');
  for (const dir of ['pipeline', 'schemas']) {
    const files = (readdirSync(join(here, dir), { recursive: true }) as string[]).filter((f) => f.endsWith('.js')).sort();
    for (const f of files) hash.update(`${dir}/${f}\0`).update(readFileSync(join(here, dir, f))).update('\0');
  }
  const pkg = JSON.parse(readFileSync(join(PIPELINE.root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  for (const name of Object.keys(pkg.dependencies).sort()) {
    const installed = JSON.parse(readFileSync(join(PIPELINE.root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string };
    hash.update(`${name}@${installed.version}\0`);
  }
  hash.update(`node-unicode@${process.versions.unicode}\0icu@${process.versions.icu}`);
  fingerprint = hash.digest('hex');
  return fingerprint;
}

export class BuildCache {
  private readonly prefix: string;

  constructor(
    readonly dir: string,
    config: SourceConfig,
  ) {
    this.prefix = createHash('sha256').update(pipelineFingerprint()).update('\0').update(JSON.stringify(config)).digest('hex');
  }

  key(relPath: string, bytes: Uint8Array): string {
    const content = createHash('sha256').update(bytes).digest('hex');
    return createHash('sha256').update(`${this.prefix}\0${relPath}\0${content}`).digest('hex');
  }

  private path(key: string): string {
    return join(this.dir, key.slice(0, 2), key);
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      return await readFile(this.path(key));
    } catch {
      return null;
    }
  }

  async set(key: string, value: Uint8Array): Promise<void> {
    const path = this.path(key);
    await mkdir(join(this.dir, key.slice(0, 2)), { recursive: true });
    // A random name: processes sharing a cache folder (containers are often all pid 1) never write into one temporary file.
    const temp = `${path}.${randomUUID()}.tmp`;
    await writeFile(temp, value);
    await rename(temp, path);
  }
}

/** Number of entries in a cache folder (for reports and tests). */
export async function cacheEntries(dir: string): Promise<number> {
  try {
    const shards = await readdir(dir);
    let n = 0;
    for (const s of shards) n += (await readdir(join(dir, s))).filter((f) => !f.endsWith('.tmp')).length;
    return n;
  } catch {
    return 0;
  }
}
