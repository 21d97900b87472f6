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
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { SourceConfig } from '../schemas/source.js';
import { PIPELINE } from './version.js';

let fingerprint: string | undefined;

/** The version of an installed package, found the way Node finds the package (so hoisted installs work too). */
function installedVersion(name: string): string {
  const require = createRequire(join(PIPELINE.root, 'package.json'));
  let dir = dirname(require.resolve(name));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version: string };
      if (pkg.name === name) return pkg.version;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`package.json of ${name} not found`);
    dir = parent;
  }
}

/**
 * SHA-256 of the pipeline's compiled code (dist/pipeline, dist/schemas), of
 * its runtime dependencies' versions, and of the Node, V8, Unicode and ICU
 * versions (V8 writes the cached bytes; ICU segments words and normalises).
 */
export function pipelineFingerprint(): string {
  if (fingerprint) return fingerprint;
  const hash = createHash('sha256');
  const here = join(PIPELINE.root, 'dist');
  for (const dir of ['pipeline', 'schemas']) {
    const files = (readdirSync(join(here, dir), { recursive: true }) as string[]).filter((f) => f.endsWith('.js')).sort();
    for (const f of files) hash.update(`${dir}/${f}\0`).update(readFileSync(join(here, dir, f))).update('\0');
  }
  const pkg = JSON.parse(readFileSync(join(PIPELINE.root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  for (const name of Object.keys(pkg.dependencies).sort()) hash.update(`${name}@${installedVersion(name)}\0`);
  const { node, v8, unicode, icu } = process.versions;
  hash.update(`node@${node}\0v8@${v8}\0unicode@${unicode}\0icu@${icu}`);
  fingerprint = hash.digest('hex');
  return fingerprint;
}

/** The Cache Directory Tagging Specification's tag (https://bford.info/cachedir/): backup tools skip the folder, and `clean` removes only a folder that carries it. */
export const CACHE_TAG_FILE = 'CACHEDIR.TAG';
export const CACHE_TAG = 'Signature: 8a477f597d28d172789f06886806bc55\n# This folder is the speech-datasets build cache; `speech-datasets clean` removes it.\n';

export class BuildCache {
  private readonly prefix: string;
  private tagged = false;

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
    if (!this.tagged) {
      await writeFile(join(this.dir, CACHE_TAG_FILE), CACHE_TAG, { flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') throw error;
      });
      this.tagged = true;
    }
    // A random name: processes sharing a cache folder (containers are often all pid 1) never write into one temporary file.
    const temp = `${path}.${randomUUID()}.tmp`;
    try {
      await writeFile(temp, value);
      await rename(temp, path);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }
}
