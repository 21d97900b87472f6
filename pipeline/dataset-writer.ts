/**
 * The dataset writer: takes the files of one dataset in source-path order as
 * the file stages finish them, runs the sequence stages on each, streams the
 * rows to every format in a staging folder beside the destination, and at the
 * end adds the metadata, checks the folder as `verify` would (and each
 * table's rows as its reader counts them) and publishes it atomically. It holds one
 * batch per table, the summary's counts, one record per input and the
 * messages, never the rows of the dataset.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { mkdir } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import { join } from 'node:path';
import type { Rejection } from '../schemas/rejection.js';
import { tables, type TableName } from '../schemas/tables.js';
import { datasetCard } from './card/card.js';
import { histogramSvg } from './card/chart.js';
import type { Message } from './messages.js';
import { citationCff } from './metadata/citation.js';
import { croissant } from './metadata/croissant.js';
import { datapackage } from './metadata/datapackage.js';
import { CARD_FILE, CHART_FILE, CITATION_FILE, CROISSANT_FILE, describeFile, REJECTED_FILE, sha256sums, writeJson, writeJsonStreamed, writeText, type WrittenFile } from './metadata/files.js';
import { isoSeconds, provenance, type InputRecord, type StageCount } from './metadata/provenance.js';
import { SummaryBuilder } from './metadata/summary.js';
import type { ProcessedFile } from './processed.js';
import { discard, publish, stagingDir } from './publish.js';
import type { Stage } from './stage.js';
import { DatasetCheck, type DatasetSource } from './dataset-check.js';
import { checkStaged } from './check-folder.js';

export type { DatasetSource } from './dataset-check.js';
import { PIPELINE } from './version.js';
import { TableSink } from './writers/batches.js';
import { writers, type Row } from './writers/index.js';
import { textKey } from './writers/writer.js';
import type { Format } from './writers/writer.js';

export interface DatasetWriterOptions {
  out: string;
  formats: readonly Format[];
  stages: readonly Stage[];
  gitCommit: string | null;
  sourceDateEpoch: number | null;
  /** Recorded in provenance.json (they shape the output): the size limit and whether links outside the sources folder were followed. */
  maxFileSize: number;
  followExternalLinks: boolean;
  /** CSV cells that would run as formulas get a leading apostrophe. */
  csvExcelSafe: boolean;
  /** Checked once more before publishing: a stopped run publishes nothing it was still writing. */
  signal?: AbortSignal;
  /** Runs just before the swap (the build checks it still holds the output folder's lock); a throw publishes nothing. */
  beforePublish?: () => Promise<void>;
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
  /** Milliseconds spent writing each format (and building the Arrow batches both Arrow and Parquet use, and checking the staging folder); for benchmarks, never published. */
  formatTimings: Record<string, number>;
}

export class DatasetWriter {
  readonly destination: string;
  private staging = '';
  private sinks = new Map<TableName, TableSink>();
  private rejectedFile!: WriteStream;
  private readonly check: DatasetCheck;
  private readonly summary = new SummaryBuilder();
  /** A write error of rejected.jsonl, thrown at the next chance. */
  private failure: Error | undefined;

  constructor(
    private readonly source: DatasetSource,
    private readonly options: DatasetWriterOptions,
  ) {
    this.destination = join(options.out, source.name);
    this.check = new DatasetCheck(source, options.stages);
  }

  async open(): Promise<void> {
    await mkdir(this.options.out, { recursive: true });
    this.staging = await stagingDir(this.destination);
    const context = { dataset: this.source.name, pipelineVersion: PIPELINE.version, csvExcelSafe: this.options.csvExcelSafe };
    for (const table of tables) {
      const outputs = writers
        .filter((w) => this.options.formats.includes(w.format))
        .map((w) => ({ format: w.format, writer: w.open(join(this.staging, `${table.name}.${w.extension}`), table, context), text: w.text?.(table, context) }));
      this.sinks.set(table.name, new TableSink(table, context, outputs));
    }
    this.rejectedFile = createWriteStream(join(this.staging, REJECTED_FILE));
    this.rejectedFile.on('error', (error) => (this.failure ??= error));
  }

  /** The next file of the dataset, in source-path order. */
  async add(file: ProcessedFile): Promise<void> {
    const rejected = this.check.take(file);
    if (rejected.length) {
      for (const r of rejected) {
        if (this.failure) throw this.failure;
        if (!this.rejectedFile.write(`${JSON.stringify(r)}\n`)) await once(this.rejectedFile, 'drain');
      }
      return;
    }
    const rows = file.rows!;
    this.summary.add(rows);
    // The text a worker made with this build's text options, unless a sequence stage changed a row since.
    const made = (table: TableName) => {
      if (!file.text || file.touched) return undefined;
      const texts = new Map<string, string>();
      for (const format of this.options.formats) {
        const text = file.text[textKey(format, this.options)]?.[table];
        if (text !== undefined) texts.set(format, text);
      }
      return texts;
    };
    await this.sinks.get('documents')!.add([rows.document as unknown as Row], made('documents'));
    await this.sinks.get('paragraphs')!.add(rows.paragraphs as unknown as Row[], made('paragraphs'));
    await this.sinks.get('notes')!.add(rows.notes as unknown as Row[], made('notes'));
  }

  /** Closes the tables, writes the metadata and publishes; with no published input, publishes nothing. */
  async finish(): Promise<DatasetReport> {
    const { inputs, messages, rejected, stages } = this.check;
    const report = { name: this.source.name, dir: this.destination, inputs, messages, rejected, stages };
    if (this.check.rows.documents === 0) {
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
        written.push(await describeFile(staging, `${table.name}.${writer.extension}`, { table: table.name, format: writer.format, rows: this.check.rows[table.name] }));
      }
    }
    this.rejectedFile.end();
    await finished(this.rejectedFile);
    if (this.failure) throw this.failure;
    written.push(await describeFile(staging, REJECTED_FILE, { rows: this.check.rejected.length }));
    // The files people read first, each listing the ones written before it.
    const summary = this.summary.finish(options.sourceDateEpoch);
    const chart = histogramSvg(summary.paragraphWords, { title: 'Paragraph lengths', xLabel: 'Words per paragraph', yLabel: 'Paragraphs' });
    written.push(await writeText(staging, CHART_FILE, chart));
    written.push(await writeText(staging, CITATION_FILE, citationCff(source.config, summary)));
    written.push(await writeJson(staging, CROISSANT_FILE, croissant(source.config, summary, written, options.csvExcelSafe)));
    const card = datasetCard({
      config: source.config,
      summary,
      written,
      formats: options.formats,
      inputs: this.check.inputs.length,
      rejectedFiles: this.check.inputs.length - this.check.rows.documents,
      csvExcelSafe: options.csvExcelSafe,
    });
    written.push(await writeText(staging, CARD_FILE, card));
    const created = options.sourceDateEpoch === null ? null : isoSeconds(options.sourceDateEpoch);
    written.push(await writeJson(staging, 'datapackage.json', datapackage(source.config, written, created, options.csvExcelSafe)));
    const rows = { ...this.check.rows };
    written.push(
      await writeJsonStreamed(staging, 'provenance.json', provenance({
        config: source.config,
        formats: options.formats,
        maxFileSize: options.maxFileSize,
        followExternalLinks: options.followExternalLinks,
        csvExcelSafe: options.csvExcelSafe,
        gitCommit: options.gitCommit,
        sourceDateEpoch: options.sourceDateEpoch,
        inputs: report.inputs,
        stages: report.stages,
        rows,
        outputs: written,
        messages: report.messages,
        rejected: report.rejected,
      }), ['inputs', 'messages', 'rejected']),
    );
    await writeText(staging, 'SHA256SUMS', sha256sums(written));
    const checking = performance.now();
    await checkStaged(source.name, staging, written);
    formatTimings['check before publishing'] = performance.now() - checking;
    options.signal?.throwIfAborted();
    await options.beforePublish?.();
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
