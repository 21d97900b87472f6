/** Running the real command line, as a user does. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { sampleSources, tempDir } from './build.js';
import { repoRoot } from './paths.js';

export const main = join(repoRoot, 'dist/pipeline/cli/main.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `speech-datasets <args>`; colour and CI variables of the test run are cleared unless given. */
export function cli(args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): CliResult {
  const env = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, SOURCE_DATE_EPOCH: undefined, ...options.env };
  const r = spawnSync(process.execPath, [main, ...args], { encoding: 'utf8', env, cwd: options.cwd ?? repoRoot });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The sample sources and a fresh output folder in a working directory of their own. */
export function project(): { root: string; sources: string; out: string } {
  const root = tempDir();
  cpSync(sampleSources, join(root, 'sources'), { recursive: true });
  return { root, sources: join(root, 'sources'), out: join(root, 'output') };
}

/** Starts a build whose stderr is collected, and resolves once it has opened a staging folder in `out` (it is writing its first dataset). */
export async function buildWriting(args: string[], out: string): Promise<{ child: ChildProcess; stderr: () => string }> {
  const child = spawn(process.execPath, [main, 'build', ...args, '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += String(d)));
  const started = Date.now();
  while (!readdirSync(out).some((n) => n.startsWith('.tmp-'))) {
    if (Date.now() - started > 30_000 || child.exitCode !== null) throw new Error(`the build never started writing: ${stderr}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return { child, stderr: () => stderr };
}

export const exited = (child: ChildProcess): Promise<number | null> => new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.on('close', (code) => resolve(code))));
