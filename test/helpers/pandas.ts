/** pandas, the real library, run by the system Python that has it (Debian's python3-pandas). */
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './build.js';
import { repoRoot } from './paths.js';
import type { Row } from './readers.js';

export const PYTHON = process.env.PANDAS_PYTHON ?? '/usr/bin/python3';

export function pandasAvailable(): boolean {
  return spawnSync(PYTHON, ['-c', 'import pandas'], { stdio: 'ignore' }).status === 0;
}

export interface Frame {
  records: Row[];
  /** Column name → pandas dtype, e.g. "int64", "object". */
  dtypes: Record<string, string>;
}

/** Runs Python `code` with `dir` as the working directory and returns the DataFrames it assigned to `names`. */
export function runPandasSnippet(dir: string, code: string, names: string[]): Record<string, Frame> {
  const file = join(tempDir(), 'snippet.py');
  writeFileSync(file, code);
  const out = execFileSync(PYTHON, [join(repoRoot, 'test/helpers/run_snippet.py'), dir, file, ...names], { encoding: 'utf8', maxBuffer: 1 << 28 });
  return JSON.parse(out) as Record<string, Frame>;
}
