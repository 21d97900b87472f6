/**
 * What a dataset makes of its files, without writing anything: the sequence
 * stages run on each file in source-path order, and the counts, messages,
 * input records and rejections are kept. The dataset writer publishes what
 * it checks; `validate` only checks.
 */
import type { Rejection } from '../schemas/rejection.js';
import type { SourceConfig } from '../schemas/source.js';
import { createMessage, type Message } from './messages.js';
import type { InputRecord, StageCount } from './metadata/provenance.js';
import { rightsKind } from './metadata/rights.js';
import { failed, type ProcessedFile } from './processed.js';
import type { SequenceStage, Stage } from './stage.js';

export interface DatasetSource {
  name: string;
  config: SourceConfig;
  /** POSIX path of its source.json relative to the folder that holds sources/, for messages. */
  configFile: string;
  /** Warnings about its raw/ folder (entries left out). */
  messages?: readonly Message[];
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

export class DatasetCheck {
  readonly inputs: InputRecord[] = [];
  readonly messages: Message[];
  readonly rejected: Rejection[] = [];
  readonly rows = { documents: 0, paragraphs: 0, notes: 0 };
  private readonly sequence: { take: (file: ProcessedFile) => void; count: StageCount }[];
  private readonly fileCounts: StageCount[];

  constructor(source: DatasetSource, stages: readonly Stage[]) {
    this.messages = [...datasetMessages(source), ...(source.messages ?? [])];
    const count = (stage: Stage): StageCount => ({ stage: stage.name, files_in: 0, files_out: 0, errors: 0, warnings: 0 });
    this.fileCounts = stages.filter((s) => s.scope === 'file').map(count);
    this.sequence = stages.filter((s): s is SequenceStage => s.scope === 'sequence').map((stage) => ({ take: stage.start(), count: count(stage) }));
  }

  /** The next file, in source-path order: the rejections that keep it out, none when it is published. */
  take(file: ProcessedFile): Rejection[] {
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
      const out = rejections(file);
      for (const r of out) this.rejected.push(r);
      return out;
    }
    const rows = file.rows!;
    this.rows.documents++;
    this.rows.paragraphs += rows.paragraphs.length;
    this.rows.notes += rows.notes.length;
    return [];
  }

  get stages(): StageCount[] {
    return [...this.fileCounts, ...this.sequence.map((s) => s.count)];
  }
}
