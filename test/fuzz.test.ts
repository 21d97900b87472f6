/**
 * The fuzz runner itself (test/fuzz/run.ts, runner.ts, child.ts), run as
 * `npm run fuzz` runs it, on properties that misbehave on purpose
 * (test/fuzz/fixtures/misbehaving.ts): a synchronous hang (catastrophic
 * backtracking, which no promise timeout interrupts), an await that never
 * settles, a crash of the process, a plain failure, and slow cases that stay
 * under the limit. If the watchdog did not work, the run would never end and
 * vitest's timeout would fail the test; if it killed too eagerly, the slow
 * property would be reported.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeCase } from './fuzz/cases.js';
import type { CaseRecord } from './fuzz/child.js';
import { HANG_FROM, properties as fixture } from './fuzz/fixtures/misbehaving.js';
import { plan } from './fuzz/runner.js';
import { properties } from './fuzz/properties.js';
import { tempDir } from './helpers/build.js';
import { repoRoot } from './helpers/paths.js';

const run = join(repoRoot, 'dist/test/fuzz/run.js');
const misbehaving = join(repoRoot, 'dist/test/fuzz/fixtures/misbehaving.js');
const LIMIT_MS = 1500;

/** Runners still going when their test ended (it failed: a runner that hangs is what these tests look for). */
const running = new Set<number>();
afterEach(() => {
  // The runner leads a process group of its own, its children included: end them all.
  for (const pid of running) process.kill(-pid, 'SIGKILL');
  running.clear();
});

/** `npm run fuzz` on the fixture's properties (async, so that vitest's own timeout still works if the runner hangs). */
function fuzz(env: Record<string, string>): Promise<{ code: number | null; out: string; ms: number }> {
  const start = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [run], {
      env: { ...process.env, FUZZ_MODULE: misbehaving, FUZZ_SEED: '1', FUZZ_TIMEOUT_MS: String(LIMIT_MS), FUZZ_JOBS: '2', FUZZ_PROGRESS_MS: '600000', FUZZ_OUT: tempDir(), ...env },
      detached: true,
    });
    running.add(child.pid!);
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.on('close', (code) => {
      running.delete(child.pid!);
      resolve({ code, out, ms: Date.now() - start });
    });
  });
}

/** The findings of one kind for one property, as printed: the case index and the case file. */
function findings(out: string, kind: string, property: string): { run: number; file: string }[] {
  return [...out.matchAll(new RegExp(`^${kind} in ${property} \\(seed -?\\d+, case (\\d+)\\)[^]*?kept in (\\S+)`, 'gm'))].map((m) => ({ run: Number(m[1]), file: m[2]! }));
}

const caseOf = (file: string) => decodeCase(readFileSync(file, 'utf8')) as CaseRecord;

describe('fuzz runner', () => {
  it('reports hangs (synchronous and asynchronous), crashes and failures with their cases, goes on after each, and lets slow cases be', async () => {
    const { code, out, ms } = await fuzz({ FUZZ_RUNS: '168', FUZZ_MAX_FAILURES: '2' });
    expect(code, out).toBe(1);

    for (const property of ['hangs-sync', 'hangs-async']) {
      const hangs = findings(out, 'HANG', property);
      // Two different cases: after the first hang the chunk went on from the next case.
      expect(hangs.map((h) => h.run), out).toHaveLength(2);
      expect(new Set(hangs.map((h) => h.run)).size).toBe(2);
      for (const h of hangs) {
        // The case shown is one that hangs, and its bytes are printed.
        const record = caseOf(h.file);
        expect(record.property).toBe(property);
        expect(record.run).toBe(h.run);
        const bytes = record.value as Uint8Array;
        expect(bytes[0]).toBeGreaterThanOrEqual(HANG_FROM);
        expect(out).toContain(`base64 ${Buffer.from(bytes).toString('base64')}`);
      }
      expect(out).toMatch(new RegExp(`^${property} +\\d+/30 .* STOPPED after 2 findings`, 'm'));
    }

    const crashes = findings(out, 'CRASH', 'crashes');
    expect(crashes, out).toHaveLength(2);
    for (const c of crashes) expect((caseOf(c.file).value as Uint8Array)[0]).toBeGreaterThanOrEqual(HANG_FROM);
    expect(out).toContain('Error: uncaught');

    const failures = findings(out, 'FAILURE', 'fails');
    expect(failures, out).toHaveLength(2);
    // Shrunk to the smallest counterexample, which its file holds.
    expect(out).toContain('Counterexample: [51]');
    for (const f of failures) expect(caseOf(f.file).value).toBe(51);

    // Slow cases (250 ms each, 2 s in all) are not a hang: the limit is per case.
    expect(out).toMatch(/^slow +8\/8 .* ok$/m);
    expect(out).toMatch(/^passes +40\/40 .* ok$/m);
    expect(out).toMatch(/seed 1; failures: 2, hangs: 4, crashes: 2$/m);
    // Each hang cost about the limit, not more.
    expect(ms).toBeLessThan(30_000);
  }, 60_000);

  it('replays a hung case from its file, and reports it again', async () => {
    const first = await fuzz({ FUZZ_RUNS: '30', FUZZ_ONLY: 'hangs-sync', FUZZ_MAX_FAILURES: '1' });
    const [hang] = findings(first.out, 'HANG', 'hangs-sync');
    expect(hang, first.out).toBeDefined();
    expect(existsSync(hang!.file)).toBe(true);
    const again = await fuzz({ FUZZ_CASE: hang!.file });
    expect(again.code, again.out).toBe(1);
    expect(findings(again.out, 'HANG', 'hangs-sync')).toHaveLength(1);
  }, 60_000);

  it('exits 0, with the seed and the time, when every case holds', async () => {
    const { code, out } = await fuzz({ FUZZ_RUNS: '48', FUZZ_ONLY: 'passes,slow', FUZZ_SEED: '77' });
    expect(code, out).toBe(0);
    expect(out).toMatch(/^fuzz: seed 77 \(FUZZ_SEED=77 repeats this run\), 48 cases/m);
    expect(out).toMatch(/^48 cases in [\d.]+s \(\d+ ms\); seed 77; failures: 0, hangs: 0, crashes: 0$/m);
  }, 60_000);

  it('shares 100,000 cases among the properties by weight, the any-bytes ones the most', () => {
    const shares = plan(properties, 100_000);
    expect([...shares.values()].reduce((a, b) => a + b, 0)).toBe(100_000);
    const anyBytes = ['dataset-any-bytes', 'build-any-bytes', 'dataset-long-lines'].reduce((n, name) => n + shares.get(name)!, 0);
    expect(anyBytes).toBeGreaterThanOrEqual(60_000);
    expect(plan(fixture, 7).get('passes')).toBeGreaterThan(0);
    expect([...plan(fixture, 7).values()].reduce((a, b) => a + b, 0)).toBe(7);
  });
});
