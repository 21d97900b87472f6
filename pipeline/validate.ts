/**
 * `validate`: every file stage and sequence stage over the sources, exactly
 * as a build runs them, but nothing is written: no dataset, no staging
 * folder, no cache entry (the cache is read, so that a check after a build
 * is quick). What a build would reject or warn about, it reports.
 */
import type { FileStage } from './stage.js';
import { BuildCache } from './cache.js';
import { DatasetCheck } from './dataset-check.js';
import { createMessage, type Message } from './messages.js';
import { processedInOrder } from './results.js';
import {
  checkStageOrder,
  failingWarnings,
  isInterrupt,
  Pool,
  resolveOptions,
  runnerFor,
  selectedSources,
  totalBytes,
  watched,
  type BuildOptions,
} from './run.js';
import { problemMessage, type SourceProblem } from './sources.js';

export type ValidateOptions = Pick<
  BuildOptions,
  'sources' | 'only' | 'concurrency' | 'cache' | 'cacheDir' | 'strict' | 'allowWarnings' | 'workers' | 'onProgress' | 'signal' | 'stages'
>;

export interface DatasetValidation {
  name: string;
  /** Files read; those a build would publish and those it would reject. */
  files: number;
  published: number;
  rejected: number;
  rows: { documents: number; paragraphs: number; notes: number };
  /** Every message, in source-path order (those about the dataset as a whole first). */
  messages: Message[];
}

export interface ValidationReport {
  datasets: DatasetValidation[];
  problems: SourceProblem[];
  /** Datasets whose check failed on a bug in the pipeline. */
  failures: { name: string; error: Error }[];
  interrupted: boolean;
  /** Every message, in order: source folders that could not be read, bugs, then each dataset's. */
  messages: Message[];
  /** The warnings that fail the run under `strict` (none without it). */
  failing: Message[];
  /** 0 every file would be published (and, with `strict`, no warning); 1 some would be rejected (or warned about); 2 a configuration problem; 70 a bug; 130 interrupted. */
  exitCode: 0 | 1 | 2 | 70 | 130;
}

function exitCodeOf(report: ValidationReport): ValidationReport['exitCode'] {
  if (report.interrupted) return 130;
  if (report.failures.length) return 70;
  if (report.problems.length) return 2;
  return report.datasets.some((d) => d.rejected > 0) || report.failing.length > 0 ? 1 : 0;
}

export async function validate(options: ValidateOptions = {}): Promise<ValidationReport> {
  const resolved = resolveOptions(options);
  checkStageOrder(resolved.stages);
  const { sources, problems } = await selectedSources(resolved);
  const report: ValidationReport = { datasets: [], problems, failures: [], interrupted: false, messages: [], failing: [], exitCode: 0 };
  const pool = new Pool(resolved.concurrency);
  try {
    for (const source of sources) {
      const cache = resolved.cacheDir ? new BuildCache(resolved.cacheDir, source.config) : null;
      const runner = runnerFor(source.files.length, resolved, pool, cache, {
        pool: null,
        cache: null,
        store: false,
        stages: resolved.stages.filter((s): s is FileStage => s.scope === 'file'),
        concurrency: resolved.concurrency,
        formats: [],
        timings: {},
        cached: { hits: 0, misses: 0, error: null },
      });
      const check = new DatasetCheck(source, resolved.stages);
      try {
        const files = source.files;
        for await (const file of watched(source.name, { files: files.length, bytes: () => totalBytes(files) }, processedInOrder(files, source.config, runner), resolved)) {
          check.take(file);
          // The rows are not needed past the check; letting them go keeps memory flat.
          file.rows = null;
        }
      } catch (error) {
        if (isInterrupt(error, resolved.signal)) {
          report.interrupted = true;
          break;
        }
        report.failures.push({ name: source.name, error: error as Error });
        continue;
      }
      const published = check.inputs.filter((i) => i.status === 'published').length;
      report.datasets.push({ name: source.name, files: check.inputs.length, published, rejected: check.inputs.length - published, rows: { ...check.rows }, messages: check.messages });
    }
  } finally {
    await pool.destroy();
  }
  report.messages = [
    ...problems.map(problemMessage),
    ...report.failures.map((f) => createMessage('internal/crash', 'validate', '', `Dataset ${f.name}: ${f.error.stack ?? f.error.message}`)),
    ...report.datasets.flatMap((d) => d.messages),
  ];
  report.failing = report.datasets.flatMap((d) => failingWarnings(d.messages, resolved));
  report.exitCode = exitCodeOf(report);
  return report;
}
