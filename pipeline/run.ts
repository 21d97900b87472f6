/**
 * The executor: runs the stages over the files of each dataset, writes the
 * tables with every writer into a staging folder, adds the metadata, and
 * publishes the folder atomically.
 */
import { availableParallelism } from 'node:os';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import pLimit from 'p-limit';
import type { Rejection } from '../schemas/rejection.js';
import { tables } from '../schemas/tables.js';
import { SourceFile } from './file.js';
import { datasetCard } from './card/card.js';
import { histogramSvg } from './card/chart.js';
import { createMessage, type Message } from './messages.js';
import { citationCff } from './metadata/citation.js';
import { croissant } from './metadata/croissant.js';
import { rightsKind } from './metadata/rights.js';
import { summarise } from './metadata/summary.js';
import { datapackage } from './metadata/datapackage.js';
import { CARD_FILE, CHART_FILE, CITATION_FILE, CROISSANT_FILE, describeFile, REJECTED_FILE, sha256sums, writeJson, writeText, type WrittenFile } from './metadata/files.js';
import { isoSeconds, provenance, type InputRecord, type StageCount } from './metadata/provenance.js';
import { discard, publish, stagingDir } from './publish.js';
import { loadSources, type LoadedSource, type SourceProblem } from './sources.js';
import type { FileStage, Stage } from './stage.js';
import { stages as defaultStages } from './stages.js';
import { PIPELINE } from './version.js';
import { writers } from './writers/index.js';

export const FORMATS = writers.map((w) => w.format);
export type Format = (typeof FORMATS)[number];

export interface BuildOptions {
  /** Folder of the source collections. Default: `sources` in the working directory. */
  sources?: string;
  /** Folder the datasets are published into. Default: `output` in the working directory. */
  out?: string;
  /** Build only these datasets (folder names). Default: all. */
  only?: string[];
  /** Files processed at once. Default: the number of available cores. Never changes the output. */
  concurrency?: number;
  /** Formats to write. Default: all. */
  formats?: Format[];
  /** Commit of the pipeline code, recorded in provenance.json when given (e.g. by a release job). */
  gitCommit?: string | null;
  /** Seconds since the epoch recorded as the build date. Default: $SOURCE_DATE_EPOCH, else none. */
  sourceDateEpoch?: number | null;
  /** Stage list, for tests. */
  stages?: readonly Stage[];
}

export interface ResolvedOptions {
  sources: string;
  out: string;
  only: string[] | undefined;
  concurrency: number;
  formats: Format[];
  gitCommit: string | null;
  sourceDateEpoch: number | null;
  stages: readonly Stage[];
}

/** A mistake in the options or configuration: the CLI exits with code 2. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Checks every option once, at the door, with the exact value that was wrong. */
export function resolveOptions(options: BuildOptions = {}, env: NodeJS.ProcessEnv = process.env): ResolvedOptions {
  const concurrency = options.concurrency ?? availableParallelism();
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new ConfigError(`Expected \`concurrency\` to be an integer from 1 and up, got ${JSON.stringify(options.concurrency)}`);
  }
  const formats = options.formats ?? [...FORMATS];
  const unknown = formats.filter((f) => !FORMATS.includes(f));
  if (unknown.length || formats.length === 0) {
    throw new ConfigError(`Expected \`formats\` to be one or more of ${FORMATS.join(', ')}, got ${JSON.stringify(options.formats)}`);
  }
  let sourceDateEpoch = options.sourceDateEpoch ?? null;
  if (options.sourceDateEpoch === undefined && env.SOURCE_DATE_EPOCH !== undefined && env.SOURCE_DATE_EPOCH !== '') {
    sourceDateEpoch = /^\d+$/.test(env.SOURCE_DATE_EPOCH) ? Number(env.SOURCE_DATE_EPOCH) : NaN;
  }
  // Up to the last second of year 9999, the largest date ISO 8601 writes with four digits.
  if (sourceDateEpoch !== null && !(Number.isInteger(sourceDateEpoch) && sourceDateEpoch >= 0 && sourceDateEpoch <= 253402300799)) {
    throw new ConfigError(`Expected SOURCE_DATE_EPOCH to be a whole number of seconds from 0 to 253402300799, got ${JSON.stringify(options.sourceDateEpoch ?? env.SOURCE_DATE_EPOCH)}`);
  }
  if (options.gitCommit && !/^[0-9a-f]{7,64}$/.test(options.gitCommit)) {
    throw new ConfigError(`Expected \`gitCommit\` to be a hexadecimal commit id, got ${JSON.stringify(options.gitCommit)}`);
  }
  return {
    sources: resolve(options.sources ?? 'sources'),
    out: resolve(options.out ?? 'output'),
    only: options.only,
    concurrency,
    formats: FORMATS.filter((f) => formats.includes(f)),
    gitCommit: options.gitCommit ?? null,
    sourceDateEpoch,
    stages: options.stages ?? defaultStages,
  };
}

export interface DatasetReport {
  name: string;
  /** False when every input was rejected: then nothing is written and the dataset published before stays. */
  published: boolean;
  /** Where the dataset was published. */
  dir: string;
  inputs: InputRecord[];
  rows: Record<string, number>;
  outputs: WrittenFile[];
  messages: Message[];
  rejected: Rejection[];
  stages: StageCount[];
}

export interface BuildReport {
  datasets: DatasetReport[];
  problems: SourceProblem[];
  /** Datasets whose build failed on a bug in the pipeline (nothing of them was published). */
  failures: { name: string; error: Error }[];
  /** 0 all published cleanly; 1 some input was rejected; 2 a configuration problem; 70 a bug in the pipeline. */
  exitCode: 0 | 1 | 2 | 70;
}

function tally(count: StageCount, messages: readonly Message[]): void {
  for (const m of messages) {
    if (m.level === 'error') count.errors++;
    else if (m.level === 'warning') count.warnings++;
  }
}

async function runFileStages(group: FileStage[], files: SourceFile[], counts: StageCount[], concurrency: number): Promise<void> {
  const limit = pLimit(concurrency);
  await Promise.all(
    files.map((file) =>
      limit(async () => {
        for (const [i, stage] of group.entries()) {
          const count = counts[i]!;
          const before = file.messages.length;
          count.files_in++;
          try {
            await stage.run(file);
          } catch (error) {
            // Name and message only: a stack holds paths of this machine, and the message is published.
            const e = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
            file.message('internal/exception', stage.name, `The ${stage.name} stage failed: ${e}`);
          }
          tally(count, file.messages.slice(before));
          if (file.failed) return;
          count.files_out++;
        }
      }),
    ),
  );
}

async function runStages(files: SourceFile[], options: ResolvedOptions): Promise<StageCount[]> {
  const counts: StageCount[] = options.stages.map((s) => ({ stage: s.name, files_in: 0, files_out: 0, errors: 0, warnings: 0 }));
  let alive = files;
  for (let i = 0; i < options.stages.length; ) {
    const stage = options.stages[i]!;
    if (stage.scope === 'file') {
      // Consecutive per-file stages run as one chain per file.
      let j = i;
      while (j < options.stages.length && options.stages[j]!.scope === 'file') j++;
      await runFileStages(options.stages.slice(i, j) as FileStage[], alive, counts.slice(i, j), options.concurrency);
      i = j;
    } else {
      const count = counts[i]!;
      const before = alive.map((f) => f.messages.length);
      count.files_in = alive.length;
      await stage.run(alive);
      alive.forEach((f, k) => tally(count, f.messages.slice(before[k])));
      count.files_out = alive.filter((f) => !f.failed).length;
      i++;
    }
    alive = alive.filter((f) => !f.failed);
  }
  return counts;
}

/** Messages about the dataset as a whole, placed at its source.json. */
function datasetMessages(source: LoadedSource): Message[] {
  const { rights } = source.config;
  const kind = rightsKind(source.config);
  if (kind === 'open') return [];
  const grant = kind === 'licensed' ? `grants only ${rights.license!.name}, which is not an open licence` : 'grants no open licence';
  return [createMessage('rights/not-open', 'metadata', source.configFile, `${rights.holder} ${grant} ("${rights.statement}"); the dataset says so and claims no other`)];
}

function rejections(file: SourceFile): Rejection[] {
  return file.messages
    .filter((m) => m.level === 'error')
    .map((m) => ({
      source_path: file.relPath,
      source_sha256: file.sha256 || null,
      stage: m.stage,
      rule: m.rule,
      message: m.message,
      hint: m.hint,
      line: m.line ?? null,
      column: m.column ?? null,
      byte_offset: m.byte_offset ?? null,
    }));
}

async function buildDataset(source: LoadedSource, options: ResolvedOptions): Promise<DatasetReport> {
  const files = source.files.map((f) => new SourceFile(f.path, f.relPath, source.config));
  const stageCounts = await runStages(files, options);
  const published = files.filter((f) => !f.failed);
  const rowsOf = {
    documents: published.map((f) => f.rows!.document),
    paragraphs: published.flatMap((f) => f.rows!.paragraphs),
    notes: published.flatMap((f) => f.rows!.notes),
  };
  const rejected = files.flatMap(rejections);
  const messages = [...datasetMessages(source), ...files.flatMap((f) => f.messages)];
  const inputs: InputRecord[] = files.map((f) => ({
    path: f.relPath,
    bytes: f.sha256 ? f.size : null,
    sha256: f.sha256 || null,
    profile: f.segmented?.profile ?? null,
    layout: f.segmented?.layout ?? null,
    encoding: f.decoded?.encoding ?? null,
    doc_id: f.failed ? null : f.rows!.document.doc_id,
    status: f.failed ? 'rejected' : 'published',
  }));

  const destination = join(options.out, source.name);
  const report = { name: source.name, dir: destination, inputs, messages, rejected, stages: stageCounts };
  if (published.length === 0) {
    // Publishing would replace a good dataset with an empty one because of (perhaps passing) input problems.
    return { ...report, published: false, rows: { documents: 0, paragraphs: 0, notes: 0 }, outputs: [] };
  }
  await mkdir(options.out, { recursive: true });
  const staging = await stagingDir(destination);
  try {
    const context = { dataset: source.name, pipelineVersion: PIPELINE.version };
    const written: WrittenFile[] = [];
    for (const table of tables) {
      const rows = rowsOf[table.name];
      for (const writer of writers.filter((w) => options.formats.includes(w.format))) {
        const path = `${table.name}.${writer.extension}`;
        await writer.write(join(staging, path), table, rows, context);
        written.push(await describeFile(staging, path, { table: table.name, format: writer.format, rows: rows.length }));
      }
    }
    await writeFile(join(staging, REJECTED_FILE), rejected.map((r) => `${JSON.stringify(r)}\n`).join(''));
    written.push(await describeFile(staging, REJECTED_FILE, { rows: rejected.length }));
    // The files people read first, each listing the ones written before it.
    const summary = summarise(rowsOf, options.sourceDateEpoch);
    const chart = histogramSvg(summary.paragraphWords, { title: 'Paragraph lengths', xLabel: 'Words per paragraph', yLabel: 'Paragraphs' });
    written.push(await writeText(staging, CHART_FILE, chart));
    written.push(await writeText(staging, CITATION_FILE, citationCff(source.config, summary)));
    written.push(await writeJson(staging, CROISSANT_FILE, croissant(source.config, summary, written)));
    const card = datasetCard({
      config: source.config,
      summary,
      written,
      formats: options.formats,
      inputs: files.length,
      rejectedFiles: files.length - published.length,
    });
    written.push(await writeText(staging, CARD_FILE, card));
    const created = options.sourceDateEpoch === null ? null : isoSeconds(options.sourceDateEpoch);
    written.push(await writeJson(staging, 'datapackage.json', datapackage(source.config, written, created)));
    const rows = { documents: rowsOf.documents.length, paragraphs: rowsOf.paragraphs.length, notes: rowsOf.notes.length };
    written.push(
      await writeJson(staging, 'provenance.json', provenance({
        config: source.config,
        formats: options.formats,
        gitCommit: options.gitCommit,
        sourceDateEpoch: options.sourceDateEpoch,
        inputs,
        stages: stageCounts,
        rows,
        outputs: written,
        messages,
        rejected,
      })),
    );
    await writeFile(join(staging, 'SHA256SUMS'), sha256sums(written));
    await publish(staging, destination);
    return { ...report, published: true, rows, outputs: written };
  } catch (error) {
    await discard(staging);
    throw error;
  }
}

/** Builds every dataset under the sources folder. Data problems are reported, not thrown. */
export async function build(options: BuildOptions = {}): Promise<BuildReport> {
  const resolved = resolveOptions(options);
  const { sources, problems } = await loadSources(resolved.sources, resolved.only);
  if (resolved.only) {
    const missing = resolved.only.filter((name) => !sources.some((s) => s.name === name) && !problems.some((p) => p.name === name));
    if (missing.length) throw new ConfigError(`No source folder named ${missing.map((m) => JSON.stringify(m)).join(', ')} in ${resolved.sources}`);
  }
  const datasets: DatasetReport[] = [];
  const failures: BuildReport['failures'] = [];
  for (const source of sources) {
    try {
      datasets.push(await buildDataset(source, resolved));
    } catch (error) {
      failures.push({ name: source.name, error: error as Error });
    }
  }
  const exitCode = failures.length ? 70 : problems.length ? 2 : datasets.some((d) => d.rejected.length) ? 1 : 0;
  return { datasets, problems, failures, exitCode };
}
