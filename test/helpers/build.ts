/** Building into temporary folders and reading what was written. */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { build, type BuildOptions, type BuildReport } from '../../pipeline/index.js';
import { repoRoot } from './paths.js';

export const sampleSources = join(repoRoot, 'sources');
export const committedOutput = join(repoRoot, 'output');
export const SAMPLE_PATH = 'sources/governance-of-china/raw/000_eff43aaf35981dd4.txt';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

export function tempDir(prefix = 'speech-datasets-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export async function buildTo(sources: string, options: BuildOptions = {}): Promise<{ out: string; report: BuildReport }> {
  const out = tempDir();
  const report = await build({ sources, out, sourceDateEpoch: null, ...options });
  return { out, report };
}

/** Every file below a folder, as relative POSIX path → bytes. */
export function filesOf(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string, prefix: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (e.isDirectory()) walk(join(d, e.name), `${prefix}${e.name}/`);
      else out.set(`${prefix}${e.name}`, readFileSync(join(d, e.name)));
    }
  };
  walk(dir, '');
  return out;
}

export function readJsonl<T = Record<string, unknown>>(path: string): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as T);
}
