/**
 * Temporary folders for properties that write files. Each is removed as soon
 * as its case is done: a fuzz run makes thousands and has no afterAll hook
 * (test/helpers/build.ts's tempDir needs vitest's).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'speech-datasets-fuzz-'));
  try {
    return await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
