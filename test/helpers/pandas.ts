/** pandas, the real library, run by the system Python that has it (Debian's python3-pandas). */
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './paths.js';
import type { Row } from './readers.js';

export const PYTHON = process.env.PANDAS_PYTHON ?? '/usr/bin/python3';

export function pandasAvailable(): boolean {
  return spawnSync(PYTHON, ['-c', 'import pandas'], { stdio: 'ignore' }).status === 0;
}

export function pandasRead(csvPath: string, jsonlPath: string): { csv: Row[]; jsonl: Row[] } {
  const out = execFileSync(PYTHON, [join(repoRoot, 'test/helpers/pandas_read.py'), csvPath, jsonlPath], { encoding: 'utf8', maxBuffer: 1 << 28 });
  return JSON.parse(out) as { csv: Row[]; jsonl: Row[] };
}
