/**
 * One chunk of a fuzz run, in a process of its own (forked by runner.ts): a
 * property checked on `numRuns` cases from `seed`. Before each case it writes
 * the case to `caseFile`, synchronously, because the case may never return:
 * the parent then kills this process and reads the file. It reports progress,
 * the open bugs it tolerated and the result over IPC, then exits.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { decodeCase, encodeCase } from './cases.js';
import { toFastCheck, type AnyProperty, type KnownBug } from './property.js';

export interface Job {
  /** Path of the module whose `properties` export holds the property. */
  module: string;
  property: string;
  seed: number;
  numRuns: number;
  /** Cases run before (until a hang or a failure): generated again to reach the next one, not checked. */
  skip: number;
  caseFile: string;
  /** Where a failure's counterexample is written. */
  outDir: string;
  /** A case file to check alone instead (FUZZ_CASE). */
  replay?: string;
}

/** What the case file holds: the case, and where it comes from. */
export interface CaseRecord {
  property: string;
  seed: number;
  /** 0-based index of the case in its chunk (the first number of fast-check's path); while shrinking, checks counted on past the failure. */
  run: number;
  /** While a failure is being shrunk, the index of the case that failed; else null. */
  shrinking: number | null;
  value: unknown;
}

export type ChildMessage =
  | { type: 'progress'; runs: number }
  | { type: 'known'; bug: string }
  | { type: 'done'; runs: number; failure: { run: number; report: string; caseFile: string } | null };

const send = (m: ChildMessage) => new Promise<void>((resolve) => process.send!(m, () => resolve()));

const record = (r: Omit<CaseRecord, 'value'>, value: unknown) =>
  // The value last, as encodeCase gives it: a case file is written for every case, so no second pass over it.
  `${JSON.stringify(r).slice(0, -1)},"value":${encodeCase(value)}}\n`;

/** fast-check's report (seed, path, the shrunk counterexample), then what the check threw, which fast-check keeps apart. */
function reportOf(details: fc.RunDetails<[unknown]>): string {
  const error = details.errorInstance;
  const cause = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  return `${fc.defaultReportMessage(details) ?? ''}\nCaused by: ${cause.split('\n').slice(0, 40).join('\n')}`;
}

async function main(job: Job): Promise<void> {
  const { properties, knownBugs = [] } = (await import(pathToFileURL(job.module).href)) as { properties: AnyProperty[]; knownBugs?: KnownBug[] };
  const p = properties.find((q) => q.name === job.property);
  if (!p) throw new Error(`no property ${job.property} in ${job.module}`);
  const hooks = { bugs: knownBugs, known: (bug: KnownBug) => void send({ type: 'known', bug: bug.id }) };

  if (job.replay) {
    const { value } = decodeCase(readFileSync(job.replay, 'utf8')) as CaseRecord;
    writeFileSync(job.caseFile, record({ property: p.name, seed: job.seed, run: 0, shrinking: null }, value));
    const details = await fc.check(toFastCheck({ ...p, arbitrary: fc.constant(value) }, hooks), { numRuns: 1 });
    await send({ type: 'done', runs: 1, failure: details.failed ? { run: 0, report: reportOf(details), caseFile: job.replay } : null });
    return;
  }

  let run = 0;
  let failedAt: number | null = null;
  let lastProgress = Date.now();
  const checked = () => Math.min(run, job.numRuns) - job.skip;
  const details = await fc.check(
    toFastCheck(p, {
      ...hooks,
      before(value) {
        const index = run++;
        if (index < job.skip) return false;
        writeFileSync(job.caseFile, record({ property: p.name, seed: job.seed, run: index, shrinking: failedAt }, value));
        if (Date.now() - lastProgress > 500) {
          lastProgress = Date.now();
          void send({ type: 'progress', runs: checked() });
        }
        return true;
      },
      failed() {
        // The first failure: the runs after it are shrink steps, not cases of the chunk.
        failedAt ??= run - 1;
      },
    }),
    { seed: job.seed, numRuns: job.numRuns },
  );
  if (!details.failed) {
    await send({ type: 'done', runs: checked(), failure: null });
    return;
  }
  const index = Number(details.counterexamplePath!.split(':')[0]);
  const caseFile = join(job.outDir, `failure-${p.name}-${job.seed}-${index}.json`);
  writeFileSync(caseFile, record({ property: p.name, seed: job.seed, run: index, shrinking: null }, details.counterexample![0]));
  await send({ type: 'done', runs: index + 1 - job.skip, failure: { run: index, report: reportOf(details), caseFile } });
}

const job = JSON.parse(process.argv[2]!) as Job;
await main(job);
process.disconnect();
