/**
 * The dataset writer: takes the files of one dataset in source-path order as
 * the file stages finish them, runs the sequence stages on each, streams the
 * rows to every format in a staging folder beside the destination, and at the
 * end adds the metadata and publishes the folder atomically. It holds one
 * batch per table, the summary's counts, one record per input and the
 * messages, never the rows of the dataset.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { mkdir } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import { join } from 'node:path';
import type { Rejection } from '../schemas/rejection.js';
import type { SourceConfig } from '../schemas/source.js';
import { tables, type TableName } from '../schemas/tables.js';
import { datasetCard } from './card/card.js';
import { histogramSvg } from './card/chart.js';
import { createMessage, type Message } from './messages.js';
import { citationCff } from './metadata/citation.js';
import { croissant } from './metadata/croissant.js';
import { datapackage } from './metadata/datapackage.js';
import { CARD_FILE, CHART_FILE, CITATION_FILE, CROISSANT_FILE, describeFile, REJECTED_FILE, sha256sums, writeJson, writeJsonStreamed, writeText, type WrittenFile } from './metadata/files.js';
import { isoSeconds, provenance, type InputRecord, type StageCount } from './metadata/provenance.js';
import { rightsKind } from './metadata/rights.js';
import { SummaryBuilder } from './metadata/summary.js';
import { failed, type ProcessedFile } from './processed.js';
import { discard, publish, stagingDir } from './publish.js';
import type { SequenceStage, Stage } from './stage.js';
import { PIPELINE } from './version.js';
import { TableSink } from './writers/batches.js';
import { writers, type Row } from './writers/index.js';
import type { Format } from './writers/writer.js';

export interface DatasetSource {
  name: string;
  config: SourceConfig;
  /** POSIX path of its source.json relative to the folder that holds sources/, for messages. */
  configFile: string;
}

export interface DatasetWriterOptions {
  out: string;
  formats: readonly Format[];
  stages: readonly Stage[];
  gitCommit: string | null;
  sourceDateEpoch: number | null;
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
  /** Milliseconds spent writing each format (and building the Arrow batches both Arrow and Parquet use); for benchmarks, never published. */
  formatTimings: Record<string, number>;
}

/** Messages about the dataset as a whole, placed at its source.json. */
function datasetMessages(source: DatasetSource): Message[] {
  const { rights } = source.config;
  const kind = rightsKind(source.config);
  if (kind === 'open') return [];
  const grant = kind === 'licensed' ? `grants only ${rights.license!.name}, which is not an open licence` : 'grants no open licence';
  return [createMessage('rights/not-open', 'metadata', source.configFile, `${rights.holder} ${grant} ("${rights.statement}"); the dataset says so and claims no other`)];
}

function rejections(file: ProcessedFile): Rejection[] {
  return file.messages
    .filter((m) => m.level === 'error')
    .map((m) => ({
      source_path: file.relPath,
      source_sha256: file.sha256,
      stage: m.stage,
      rule: m.rule,
      message: m.message,
      hint: m.hint,
      line: m.line ?? null,
      column: m.column ?? null,
      byte_offset: m.byte_offset ?? null,
    }));
}

export class DatasetWriter {
  readonly destination: string;
  private staging = '';
  private sinks = new Map<TableName, TableSink>();
  private rejectedFile!: WriteStream;
  private readonly sequence: { stage: SequenceStage; take: (file: ProcessedFile) => void; count: StageCount }[];
  private readonly fileCounts: StageCount[];
  private readonly summary = new SummaryBuilder();
  private readonly inputs: InputRecord[] = [];
  private readonly messages: Message[];
  private readonly rejected: Rejection[] = [];
  private readonly rows = { documents: 0, paragraphs: 0, notes: 0 };
  /** A write error of rejected.jsonl, thrown at the next chance. */
  private failure: Error | undefined;

  constructor(
    private readonly source: DatasetSource,
    private readonly options: DatasetWriterOptions,
  ) {
    this.destination = join(options.out, source.name);
    this.messages = datasetMessages(source);
    const count = (stage: Stage): StageCount => ({ stage: stage.name, files_in: 0, files_out: 0, errors: 0, warnings: 0 });
    this.fileCounts = options.stages.filter((s) => s.scope === 'file').map(count);
    this.sequence = options.stages.filter((s): s is SequenceStage => s.scope === 'sequence').map((stage) => ({ stage, take: stage.start(), count: count(stage) }));
  }

  async open(): Promise<void> {
    await mkdir(this.options.out, { recursive: true });
    this.staging = await stagingDir(this.destination);
    const context = { dataset: this.source.name, pipelineVersion: PIPELINE.version };
    for (const table of tables) {
      const outputs = writers
        .filter((w) => this.options.formats.includes(w.format))
        .map((w) => ({ format: w.format, writer: w.open(join(this.staging, `${table.name}.${w.extension}`), table, context), text: w.text?.(table) }));
      this.sinks.set(table.name, new TableSink(table, context, outputs));
    }
    this.rejectedFile = createWriteStream(join(this.staging, REJECTED_FILE));
    this.rejectedFile.on('error', (error) => (this.failure ??= error));
  }

  /** The next file of the dataset, in source-path order. */
  async add(file: ProcessedFile): Promise<void> {
    file.stages.forEach(([errors, warnings, passed], i) => {
      const count = this.fileCounts[i]!;
      count.files_in++;
      count.errors += errors;
      count.warnings += warnings;
      count.files_out += passed;
    });
    if (!failed(file)) {
      for (const { take, count } of this.sequence) {
        const before = file.messages.length;
        count.files_in++;
        take(file);
        for (const m of file.messages.slice(before)) {
          if (m.level === 'error') count.errors++;
          else if (m.level === 'warning') count.warnings++;
        }
        if (failed(file)) break;
        count.files_out++;
      }
    }
    const ok = !failed(file);
    // Not push(...messages): a file can have more messages than a call has room for arguments.
    for (const m of file.messages) this.messages.push(m);
    this.inputs.push({
      path: file.relPath,
      bytes: file.bytes,
      sha256: file.sha256,
      profile: file.profile,
      layout: file.layout,
      encoding: file.encoding,
      doc_id: ok ? file.rows!.document.doc_id : null,
      status: ok ? 'published' : 'rejected',
    });
    if (!ok) {
      for (const r of rejections(file)) {
        this.rejected.push(r);
        if (this.failure) throw this.failure;
        if (!this.rejectedFile.write(`${JSON.stringify(r)}\n`)) await once(this.rejectedFile, 'drain');
      }
      return;
    }
    const rows = file.rows!;
    this.summary.add(rows);
    this.rows.documents++;
    this.rows.paragraphs += rows.paragraphs.length;
    this.rows.notes += rows.notes.length;
    // The text a worker made, unless a sequence stage changed a row since.
    const made = (table: TableName) => (file.text && !file.touched ? new Map(Object.entries(file.text).map(([format, t]) => [format, t[table]!])) : undefined);
    await this.sinks.get('documents')!.add([rows.document as unknown as Row], made('documents'));
    await this.sinks.get('paragraphs')!.add(rows.paragraphs as unknown as Row[], made('paragraphs'));
    await this.sinks.get('notes')!.add(rows.notes as unknown as Row[], made('notes'));
  }

  /** Closes the tables, writes the metadata and publishes; with no published input, publishes nothing. */
  async finish(): Promise<DatasetReport> {
    const stages = [...this.fileCounts, ...this.sequence.map((s) => s.count)];
    const report = { name: this.source.name, dir: this.destination, inputs: this.inputs, messages: this.messages, rejected: this.rejected, stages };
    if (this.rows.documents === 0) {
      // Publishing would replace a good dataset with an empty one because of (perhaps passing) input problems.
      await this.abort();
      return { ...report, published: false, rows: { documents: 0, paragraphs: 0, notes: 0 }, outputs: [], formatTimings: {} };
    }
    try {
      return await this.complete(report);
    } catch (error) {
      await this.abort();
      throw error;
    }
  }

  private async complete(report: Omit<DatasetReport, 'published' | 'rows' | 'outputs' | 'formatTimings'>): Promise<DatasetReport> {
    const { staging, options, source } = this;
    const written: WrittenFile[] = [];
    const formatTimings: Record<string, number> = {};
    for (const table of tables) {
      const sink = this.sinks.get(table.name)!;
      await sink.close();
      for (const [what, ms] of sink.timings) formatTimings[what] = (formatTimings[what] ?? 0) + ms;
      for (const writer of writers.filter((w) => options.formats.includes(w.format))) {
        written.push(await describeFile(staging, `${table.name}.${writer.extension}`, { table: table.name, format: writer.format, rows: this.rows[table.name] }));
      }
    }
    this.rejectedFile.end();
    await finished(this.rejectedFile);
    if (this.failure) throw this.failure;
    written.push(await describeFile(staging, REJECTED_FILE, { rows: this.rejected.length }));
    // The files people read first, each listing the ones written before it.
    const summary = this.summary.finish(options.sourceDateEpoch);
    const chart = histogramSvg(summary.paragraphWords, { title: 'Paragraph lengths', xLabel: 'Words per paragraph', yLabel: 'Paragraphs' });
    written.push(await writeText(staging, CHART_FILE, chart));
    written.push(await writeText(staging, CITATION_FILE, citationCff(source.config, summary)));
    written.push(await writeJson(staging, CROISSANT_FILE, croissant(source.config, summary, written)));
    const card = datasetCard({
      config: source.config,
      summary,
      written,
      formats: options.formats,
      inputs: this.inputs.length,
      rejectedFiles: this.inputs.length - this.rows.documents,
    });
    written.push(await writeText(staging, CARD_FILE, card));
    const created = options.sourceDateEpoch === null ? null : isoSeconds(options.sourceDateEpoch);
    written.push(await writeJson(staging, 'datapackage.json', datapackage(source.config, written, created)));
    const rows = { ...this.rows };
    written.push(
      await writeJsonStreamed(staging, 'provenance.json', provenance({
        config: source.config,
        formats: options.formats,
        gitCommit: options.gitCommit,
        sourceDateEpoch: options.sourceDateEpoch,
        inputs: this.inputs,
        stages: report.stages,
        rows,
        outputs: written,
        messages: this.messages,
        rejected: this.rejected,
      }), ['inputs', 'messages', 'rejected']),
    );
    await writeText(staging, 'SHA256SUMS', sha256sums(written));
    await publish(staging, this.destination);
    return { ...report, published: true, rows, outputs: written, formatTimings };
  }

  /** Drops everything written so far; what was published before stays. */
  async abort(): Promise<void> {
    await Promise.all([...this.sinks.values()].map((sink) => sink.abort()));
    if (this.rejectedFile) {
      this.rejectedFile.end();
      await finished(this.rejectedFile).catch(() => {});
    }
    if (this.staging) await discard(this.staging);
  }
}
