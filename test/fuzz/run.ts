/**
 * `npm run fuzz`: the shared properties (properties.ts) on 100,000 cases with
 * a new seed, under the hang watchdog of runner.ts. Prints the seed first,
 * progress as it goes, every finding with its case as soon as it is found,
 * and per property the cases, time and result at the end; exits 1 on any
 * failure, hang or crash. Settings, all optional:
 *
 *   FUZZ_SEED=n            repeat a run (default: a random seed, printed)
 *   FUZZ_RUNS=n            cases in all (default 100000), shared by the properties' weights
 *   FUZZ_ONLY=a,b          only these properties
 *   FUZZ_CASE=file         check one case file again (as printed after "replay:")
 *   FUZZ_TIMEOUT_MS=n      a case running longer is a hang (default 20000)
 *   FUZZ_JOBS=n            processes at once (default: the cores)
 *   FUZZ_CHUNK=n           cases per process (default 2000)
 *   FUZZ_MAX_FAILURES=n    findings after which a property stops (default 5)
 *   FUZZ_OUT=dir           case files and counterexamples (default: a folder in the temp dir)
 *   FUZZ_PROGRESS_MS=n     progress line interval (default 10000)
 *   FUZZ_STRICT=1          tolerate no open bug (known-bugs.ts)
 *   FUZZ_MODULE=file       the module of properties (the runner's own tests use a fixture)
 */
import { randomInt } from 'node:crypto';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runFuzz, summary } from './runner.js';

const env = process.env;
const int = (name: string, fallback: number): number => {
  const v = env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isSafeInteger(n)) {
    console.error(`${name} must be an integer, got ${JSON.stringify(v)}`);
    process.exit(2);
  }
  return n;
};

const seed = int('FUZZ_SEED', randomInt(2 ** 31));
const total = int('FUZZ_RUNS', 100_000);
const jobs = int('FUZZ_JOBS', availableParallelism());
const timeoutMs = int('FUZZ_TIMEOUT_MS', 20_000);
const outDir = resolve(env.FUZZ_OUT ?? join(tmpdir(), `speech-datasets-fuzz-${seed}`));
const replay = env.FUZZ_CASE ? resolve(env.FUZZ_CASE) : null;

console.log(
  replay
    ? `fuzz: checking the case in ${replay}`
    : `fuzz: seed ${seed} (FUZZ_SEED=${seed} repeats this run), ${total.toLocaleString('en-US')} cases, ${jobs} processes, a case is hung after ${timeoutMs / 1000} s; cases and counterexamples go to ${outDir}`,
);
const result = await runFuzz({
  module: resolve(env.FUZZ_MODULE ?? fileURLToPath(new URL('./properties.js', import.meta.url))),
  seed,
  total,
  only: env.FUZZ_ONLY ? env.FUZZ_ONLY.split(',').map((s) => s.trim()) : null,
  timeoutMs,
  jobs,
  chunk: int('FUZZ_CHUNK', 2000),
  outDir,
  maxFailures: int('FUZZ_MAX_FAILURES', 5),
  progressMs: int('FUZZ_PROGRESS_MS', 10_000),
  log: (line) => console.log(line),
  replay,
});
console.log(`\n${summary(result)}`);
process.exit(result.interrupted ? 130 : result.findings.length ? 1 : 0);
