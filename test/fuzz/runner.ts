/**
 * The fuzz runner: the properties' cases in chunks, each chunk in a child
 * process (child.ts), `jobs` at a time, under a watchdog. A promise timeout
 * cannot stop a synchronous infinite loop (catastrophic backtracking, say),
 * so the watchdog looks at the case file the child writes before each case:
 * when it has not changed for `timeoutMs`, the case is hung, the child is
 * killed and the file, which holds the case, is kept and shown. A child that
 * dies (a crash, an unhandled rejection) is reported the same way. After a
 * hang, a crash or a failure the chunk goes on from the next case, so one
 * finding does not cost the rest of the run; a property stops after
 * `maxFailures` of them.
 */
import { fork } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { byteArraysOf, decodeCase } from './cases.js';
import type { CaseRecord, ChildMessage, Job } from './child.js';
import type { AnyProperty } from './property.js';

export interface FuzzOptions {
  /** Module whose `properties` export the runner checks (test/fuzz/properties.js, or a test's fixture). */
  module: string;
  seed: number;
  /** Cases in all, shared among the properties by their `runs.fuzz`. */
  total: number;
  /** Only these properties (names); null for all. */
  only: string[] | null;
  /** A case that takes longer than this is hung. */
  timeoutMs: number;
  /** Child processes at once. */
  jobs: number;
  /** Cases per child process. */
  chunk: number;
  /** Where case files and counterexamples go. */
  outDir: string;
  /** Findings after which a property's remaining cases are skipped. */
  maxFailures: number;
  /** How often a progress line is printed. */
  progressMs: number;
  log(line: string): void;
  /** Check this one case file instead (FUZZ_CASE). */
  replay?: string | null;
}

export interface Finding {
  kind: 'failure' | 'hang' | 'crash';
  property: string;
  /** The chunk's seed and the case's index in it: fast-check's { seed, path } for a failure. */
  seed: number;
  run: number;
  /** The case, in full (cases.ts): replay it with FUZZ_CASE=<file>. */
  caseFile: string;
  /** What went wrong: fast-check's report, or how long the case ran, or how the child ended. */
  detail: string;
}

export interface PropertyTally {
  name: string;
  planned: number;
  /** Cases checked (a case that hung or crashed counts). */
  done: number;
  /** Milliseconds of child time spent on it. */
  ms: number;
  /** Cases that failed because of an open bug (known-bugs.ts), by bug id. */
  known: Record<string, number>;
  findings: number;
  stopped: boolean;
}

export interface FuzzResult {
  seed: number;
  total: number;
  elapsedMs: number;
  properties: PropertyTally[];
  findings: Finding[];
  interrupted: boolean;
}

const childPath = fileURLToPath(new URL('./child.js', import.meta.url));

/** The cases each property gets out of `total`, in proportion to its `runs.fuzz`, adding up to `total` exactly. */
export function plan(properties: readonly AnyProperty[], total: number): Map<string, number> {
  const weight = properties.reduce((n, p) => n + p.runs.fuzz, 0);
  const shares = properties.map((p) => ({ name: p.name, exact: (total * p.runs.fuzz) / weight }));
  const out = new Map(shares.map((s) => [s.name, Math.floor(s.exact)]));
  let left = total - [...out.values()].reduce((a, b) => a + b, 0);
  for (const s of [...shares].sort((a, b) => (b.exact % 1) - (a.exact % 1))) {
    if (left-- <= 0) break;
    out.set(s.name, out.get(s.name)! + 1);
  }
  return out;
}

export const duration = (ms: number): string => {
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)}s`;
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : s < 3600 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${Math.floor(s / 3600)}h${String(Math.floor(s / 60) % 60).padStart(2, '0')}m`;
};
const count = (n: number) => n.toLocaleString('en-US');

/** A case for the terminal: where it is kept, its byte arrays in base64 (cut at `limit` characters each), and the value. */
export function describeCase(caseFile: string, limit = 3000): string {
  let record: CaseRecord;
  try {
    record = decodeCase(readFileSync(caseFile, 'utf8')) as CaseRecord;
  } catch {
    return `  (no readable case in ${caseFile})`;
  }
  const cut = (s: string) => (s.length > limit ? `${s.slice(0, limit)}… (${count(s.length)} characters; all of it in the case file)` : s);
  const lines = [`  case ${record.run} of seed ${record.seed}${record.shrinking !== null ? ` (a shrink step of the failure at case ${record.shrinking})` : ''}, kept in ${caseFile}`];
  for (const { at, bytes } of byteArraysOf(record.value)) lines.push(`  bytes of ${at}: ${count(bytes.length)}, base64 ${cut(Buffer.from(bytes).toString('base64'))}`);
  lines.push(`  value: ${cut(fc.stringify(record.value))}`);
  return lines.join('\n');
}

interface Task {
  property: string;
  seed: number;
  numRuns: number;
  skip: number;
  /** Started again once after its child died before its first case. */
  retried?: boolean;
}

type Outcome =
  | { kind: 'done'; runs: number; failure: { run: number; report: string; caseFile: string } | null }
  | { kind: 'hang' | 'crash'; runs: number; detail: string };

export async function runFuzz(options: FuzzOptions): Promise<FuzzResult> {
  const started = Date.now();
  mkdirSync(options.outDir, { recursive: true });
  const { properties } = (await import(pathToFileURL(options.module).href)) as { properties: AnyProperty[] };
  const selected = options.replay
    ? properties.filter((p) => p.name === (decodeCase(readFileSync(options.replay!, 'utf8')) as CaseRecord).property)
    : properties.filter((p) => !options.only || options.only.includes(p.name));
  if (selected.length === 0) throw new Error(`no property to run (FUZZ_ONLY=${options.only?.join(',')}); there are: ${properties.map((p) => p.name).join(', ')}`);
  const planned = options.replay ? new Map([[selected[0]!.name, 1]]) : plan(selected, options.total);
  const tallies = new Map<string, PropertyTally>(selected.map((p) => [p.name, { name: p.name, planned: planned.get(p.name)!, done: 0, ms: 0, known: {}, findings: 0, stopped: false }]));
  const findings: Finding[] = [];

  // The chunks, the properties with the most cases first, so that the cheap ones fill in at the end.
  const queue: Task[] = [];
  for (const p of [...selected].sort((a, b) => planned.get(b.name)! - planned.get(a.name)!)) {
    const n = planned.get(p.name)!;
    for (let k = 0; k * options.chunk < n; k++) queue.push({ property: p.name, seed: (options.seed + k) | 0, numRuns: Math.min(options.chunk, n - k * options.chunk), skip: 0 });
  }

  const children = new Set<ReturnType<typeof fork>>();
  let interrupted = false;
  const onSignal = () => {
    interrupted = true;
    queue.length = 0;
    for (const c of children) c.kill('SIGKILL');
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const report = (f: Finding) => {
    findings.push(f);
    const t = tallies.get(f.property)!;
    t.findings++;
    options.log(`\n${f.kind.toUpperCase()} in ${f.property} (seed ${f.seed}, case ${f.run}): ${f.detail}`);
    options.log(describeCase(f.caseFile));
    options.log(`  replay: FUZZ_CASE=${f.caseFile} npm run fuzz${f.kind === 'failure' ? `   (or fast-check { seed: ${f.seed}, path } from the report above)` : ''}\n`);
    if (t.findings >= options.maxFailures && !t.stopped) {
      t.stopped = true;
      options.log(`${f.property}: ${t.findings} findings, its remaining cases are skipped (FUZZ_MAX_FAILURES=${options.maxFailures})`);
    }
  };

  /** One task in a fresh child, watched. */
  const runTask = (task: Task, slot: number): Promise<Outcome> =>
    new Promise((resolve) => {
      const caseFile = join(options.outDir, `current-${slot}.json`);
      rmSync(caseFile, { force: true });
      const job: Job = { module: options.module, property: task.property, seed: task.seed, numRuns: task.numRuns, skip: task.skip, caseFile, outDir: options.outDir, replay: options.replay ?? undefined };
      const child = fork(childPath, [JSON.stringify(job)], { stdio: ['ignore', 'inherit', 'pipe', 'ipc'] });
      children.add(child);
      // What the child says on stderr before it dies (an uncaught exception's stack) goes into the report.
      let stderr = '';
      child.stderr!.on('data', (chunk: Buffer) => {
        stderr = (stderr + chunk.toString('utf8')).slice(-4000);
      });
      const tally = tallies.get(task.property)!;
      const start = Date.now();
      let runs = 0;
      let outcome: Outcome | null = null;
      const credit = (n: number) => {
        tally.done += n - runs;
        runs = n;
      };
      child.on('message', (m: ChildMessage) => {
        if (m.type === 'progress') credit(m.runs);
        else if (m.type === 'known') tally.known[m.bug] = (tally.known[m.bug] ?? 0) + 1;
        else {
          credit(m.runs);
          outcome = { kind: 'done', runs: m.runs, failure: m.failure };
        }
      });
      // The watchdog: the child rewrites its case file before every case; a file older than the limit is a case that never returned.
      const watchdog = setInterval(() => {
        let last = start;
        try {
          last = Math.max(start, statSync(caseFile).mtimeMs);
        } catch {
          // No case yet: the child is still loading.
        }
        if (Date.now() - last > options.timeoutMs && !outcome) {
          outcome = { kind: 'hang', runs, detail: `no result after ${duration(Date.now() - last)} (limit ${duration(options.timeoutMs)}); the child was killed` };
          child.kill('SIGKILL');
        }
      }, Math.min(1000, options.timeoutMs / 4));
      // 'close', not 'exit': by then stderr has been read to the end.
      child.on('close', (code, signal) => {
        clearInterval(watchdog);
        children.delete(child);
        tally.ms += Date.now() - start;
        if (!outcome) outcome = { kind: 'crash', runs, detail: `the child ended (${signal ?? `exit code ${code}`}) in the middle of a case${stderr.trim() ? `; it said:\n${stderr.trimEnd()}` : ''}` };
        resolve(outcome);
      });
    });

  const progress = setInterval(() => {
    const done = [...tallies.values()].reduce((n, t) => n + t.done, 0);
    const all = [...tallies.values()].reduce((n, t) => n + t.planned, 0);
    const elapsed = Date.now() - started;
    options.log(`[${duration(elapsed)}] ${count(done)}/${count(all)} cases (${Math.floor((100 * done) / all)}%), ${Math.round(done / (elapsed / 1000))}/s, ${findings.length} findings`);
  }, options.progressMs);

  const worker = async (slot: number) => {
    for (let task = queue.shift(); task; task = queue.shift()) {
      const tally = tallies.get(task.property)!;
      if (tally.stopped) continue;
      const outcome = await runTask(task, slot);
      if (interrupted) return;
      let resumeAt: number | null = null;
      if (outcome.kind === 'done') {
        if (outcome.failure) {
          report({ kind: 'failure', property: task.property, seed: task.seed, run: outcome.failure.run, caseFile: outcome.failure.caseFile, detail: outcome.failure.report });
          resumeAt = outcome.failure.run + 1;
        }
      } else {
        // Keep the case: the slot's file is overwritten by its next child.
        const current = join(options.outDir, `current-${slot}.json`);
        let record: CaseRecord | null = null;
        try {
          record = decodeCase(readFileSync(current, 'utf8')) as CaseRecord;
        } catch {
          // The child died before its first case.
        }
        if (!record && outcome.kind === 'crash' && !task.retried) {
          // Died before its first case: loading failed. Once, that may be dist/ being rebuilt under it (npm run build:ts elsewhere); try again.
          options.log(`${task.property}: a child died before its first case; trying once more. It said:\n${outcome.detail}`);
          await new Promise((r) => setTimeout(r, 2000));
          queue.unshift({ ...task, retried: true });
          continue;
        }
        const run = record?.run ?? task.skip;
        const caseFile = join(options.outDir, `${outcome.kind}-${task.property}-${task.seed}-${run}.json`);
        if (record) copyFileSync(current, caseFile);
        resumeAt = (record?.shrinking ?? run) + 1;
        // The cases up to the one that hung count as run, though the child had no time to say so.
        tally.done += Math.max(0, resumeAt - task.skip - outcome.runs);
        report({ kind: outcome.kind, property: task.property, seed: task.seed, run, caseFile, detail: outcome.detail });
      }
      if (resumeAt !== null && resumeAt < task.numRuns && !options.replay) queue.unshift({ ...task, skip: resumeAt, retried: false });
    }
  };
  try {
    await Promise.all(Array.from({ length: options.jobs }, (_, slot) => worker(slot)));
  } finally {
    clearInterval(progress);
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
  return { seed: options.seed, total: options.total, elapsedMs: Date.now() - started, properties: [...tallies.values()], findings, interrupted };
}

/** The end of a run: per property its cases, time and findings; then the total. */
export function summary(result: FuzzResult): string {
  const rows = result.properties.map((t) => {
    const known = Object.entries(t.known).map(([id, n]) => `${id} ×${n}`);
    const status = t.stopped ? `STOPPED after ${t.findings} findings` : t.findings ? `${t.findings} FINDINGS` : 'ok';
    return [t.name, `${count(t.done)}/${count(t.planned)}`, duration(t.ms), `${status}${known.length ? ` (tolerated open bugs: ${known.join(', ')})` : ''}`];
  });
  const head = ['property', 'cases', 'time', 'result'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i === 3 ? c : i === 1 || i === 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  const done = result.properties.reduce((n, t) => n + t.done, 0);
  const kinds = (['failure', 'hang', 'crash'] as const).map((k) => `${k === 'crash' ? 'crashes' : `${k}s`}: ${result.findings.filter((f) => f.kind === k).length}`).join(', ');
  return [
    line(head),
    ...rows.map(line),
    '',
    // Each finding was shown in full when found; here is where to look again.
    ...result.findings.map((f) => `${f.kind} in ${f.property}, case ${f.run} of seed ${f.seed}: ${f.caseFile}`),
    ...(result.findings.length ? [''] : []),
    `${result.interrupted ? 'INTERRUPTED: ' : ''}${count(done)} cases in ${duration(result.elapsedMs)} (${result.elapsedMs} ms); seed ${result.seed}; ${kinds}`,
  ].join('\n');
}
