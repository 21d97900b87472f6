/** Progress on stderr: a bar on a terminal, plain lines in CI, nothing when quiet or quick; and interrupts. */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { generate } from '../bench/generate.js';
import { Output } from '../pipeline/cli/output.js';
import { describe as describeProgress, ProgressView, timeLeft } from '../pipeline/cli/progress.js';
import type { Progress } from '../pipeline/run.js';
import { tempDir } from './helpers/build.js';
import { buildWriting, cli, exited } from './helpers/cli.js';

function stream(isTTY: boolean) {
  const chunks: string[] = [];
  const s = new Writable({ write: (chunk, _enc, done) => (chunks.push(String(chunk)), done()) }) as Writable & { isTTY?: boolean; columns?: number };
  s.isTTY = isTTY;
  s.columns = 120;
  return { stream: s, text: () => chunks.join('') };
}

function view(isTTY: boolean, quiet = false) {
  const err = stream(isTTY);
  const out = new Output({ quiet }, { stdout: stream(false).stream, stderr: err.stream }, {});
  let now = 0;
  const progress = new ProgressView(out, { delay: 1000, every: 10_000, now: () => now });
  return { err, progress, at: (ms: number) => (now = ms) };
}

const p = (files: number, bytes: number): Progress => ({ dataset: 'bench', files, filesTotal: 100, bytes, bytesTotal: 50e6 });

describe('progress', () => {
  it('says nothing in the first second, then a plain line every ten seconds when stderr is not a terminal', () => {
    const { err, progress, at } = view(false);
    at(0);
    progress.update(p(0, 0));
    at(900);
    progress.update(p(10, 5e6));
    expect(err.text()).toBe('');
    at(1000);
    progress.update(p(20, 10e6));
    at(5000);
    progress.update(p(40, 20e6));
    at(11_000);
    progress.update(p(60, 30e6));
    at(12_000);
    progress.update(p(100, 50e6));
    progress.stop();
    expect(err.text()).toBe(
      'bench: 20 of 100 files, 10.0 of 50.0 MB, 10.0 MB/s, about 4 s left\n' + 'bench: 60 of 100 files, 30.0 of 50.0 MB, 2.7 MB/s, about 7 s left\n',
    );
  });

  it('draws a bar on a terminal and takes it away at the end', () => {
    const { err, progress, at } = view(true);
    progress.update(p(0, 0));
    at(2000);
    progress.update(p(50, 25e6));
    progress.stop();
    const text = err.text();
    expect(text).toMatch(/bench .*50\/100 files \| 25\.0\/50\.0 MB \| 12\.5 MB\/s \| 2 s left/);
    // cli-progress clears the line it drew (clearOnComplete).
    expect(text).toContain('\u001b[2K');
  });

  it('says nothing with --quiet', () => {
    const { err, progress, at } = view(false, true);
    at(20_000);
    progress.update(p(50, 25e6));
    at(40_000);
    progress.update(p(60, 30e6));
    expect(err.text()).toBe('');
  });

  it('estimates the time left from bytes, and from files when sizes are unknown', () => {
    expect(describeProgress(p(25, 10e6), 4000)).toEqual({ rate: '2.5', left: '16 s', mb: '10.0', mbTotal: '50.0' });
    expect(describeProgress({ ...p(25, 0), bytesTotal: 0 }, 60_000).left).toBe('3 min 0 s');
    expect(describeProgress(p(0, 0), 1000).left).toBe('?');
    expect(timeLeft(7322)).toBe('2 h 2 min');
  });
});

/** Starts a build of a corpus big enough to take seconds, and signals it once it is writing its dataset. */
async function interrupted(signal: 'SIGINT' | 'SIGTERM', sources: string, out: string): Promise<{ code: number | null; stderr: string }> {
  const { child, stderr } = await buildWriting(['--sources', sources, '--no-cache', '--concurrency', '1'], out);
  // At once: the build has opened its dataset and has seconds of work left.
  child.kill(signal);
  const code = await exited(child);
  return { code, stderr: stderr() };
}

describe('progress of real runs, in a log', () => {
  it('build and validate print plain lines with files, MB, rate and time left when stderr is not a terminal', () => {
    const root = tempDir();
    generate(root, 8, 5);
    const env = { SPEECH_DATASETS_PROGRESS_EVERY: '0.2' };
    const line = /^bench: \d+ of \d+ files, \d+\.\d of \d+\.\d MB, \d+\.\d MB\/s, about .+ left$/m;
    const built = cli(['build', '--sources', join(root, 'sources'), '--out', join(root, 'output'), '--no-cache', '--concurrency', '1'], { env });
    expect(built.code, built.stderr).toBe(0);
    expect(built.stderr).toMatch(line);
    const checked = cli(['validate', '--sources', join(root, 'sources'), '--no-cache', '--concurrency', '1'], { env });
    expect(checked.stderr).toMatch(line);
    // --quiet: no progress at all.
    expect(cli(['validate', '--sources', join(root, 'sources'), '--no-cache', '--concurrency', '1', '--quiet'], { env }).stderr).toBe('');
  }, 120_000);
});

describe('interrupts', () => {
  it('SIGINT exits 130 and SIGTERM 143; the staging folder goes and the dataset published before stays', async () => {
    const root = tempDir();
    const small = join(root, 'small');
    const big = join(root, 'big');
    generate(small, 0.05, 3);
    generate(big, 15, 4);
    const out = join(root, 'output');
    expect(cli(['build', '--sources', join(small, 'sources'), '--out', out, '--no-cache']).code).toBe(0);
    for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
      const r = await interrupted(signal, join(big, 'sources'), out);
      expect(r.code, r.stderr).toBe(code);
      expect(r.stderr).toContain(`error  Interrupted by ${signal}; what was finished before it is kept, and nothing half-written is left  run/interrupted`);
      expect(readdirSync(out)).toEqual(['bench']);
      // Still the small build, whole.
      const verify = cli(['verify', '--out', out, '--json']);
      expect(verify.code, verify.stdout).toBe(0);
      expect(JSON.parse(verify.stdout).datasets[0].checked).toBeGreaterThan(10);
    }
    expect(existsSync(join(out, 'bench', 'SHA256SUMS'))).toBe(true);
  }, 120_000);
});
