/**
 * provenance.json: what went in (every input with size, hash, profile, layout and encoding),
 * what ran (pipeline, options that shape the output, per-stage counts), and
 * what came out (every file with size, rows and hash), plus every message.
 * Nothing here depends on the clock, the machine or the concurrency.
 */
import type { Rejection } from '../../schemas/rejection.js';
import type { SourceConfig } from '../../schemas/source.js';
import { CONTRACT_VERSION } from '../../schemas/tables.js';
import type { Message } from '../messages.js';
import { PIPELINE } from '../version.js';
import type { WrittenFile } from './files.js';

export interface InputRecord {
  path: string;
  bytes: number | null;
  sha256: string | null;
  /** The profile and layout that read the file (chosen per file under "auto"); null when it was rejected before. */
  profile: string | null;
  layout: string | null;
  encoding: string | null;
  doc_id: string | null;
  status: 'published' | 'rejected';
}

export interface StageCount {
  stage: string;
  files_in: number;
  files_out: number;
  errors: number;
  warnings: number;
}

export interface ProvenanceInput {
  config: SourceConfig;
  formats: readonly string[];
  maxFileSize: number;
  followExternalLinks: boolean;
  csvExcelSafe: boolean;
  gitCommit: string | null;
  sourceDateEpoch: number | null;
  inputs: InputRecord[];
  stages: StageCount[];
  rows: Record<string, number>;
  outputs: WrittenFile[];
  messages: Message[];
  rejected: Rejection[];
}

export function provenance(p: ProvenanceInput) {
  return {
    dataset: p.config.name,
    version: p.config.version,
    contract_version: CONTRACT_VERSION,
    pipeline: { name: PIPELINE.name, version: PIPELINE.version, git_commit: p.gitCommit },
    // NFC, word segmentation and script classes follow the runtime's Unicode version.
    runtime: { unicode: process.versions.unicode },
    build: {
      source_date_epoch: p.sourceDateEpoch,
      created: p.sourceDateEpoch === null ? null : isoSeconds(p.sourceDateEpoch),
    },
    options: {
      profile: p.config.profile,
      encoding: p.config.encoding,
      language: p.config.language,
      formats: p.formats,
      max_file_size: p.maxFileSize,
      follow_external_links: p.followExternalLinks,
      csv_excel_safe: p.csvExcelSafe,
    },
    inputs: p.inputs,
    stages: p.stages,
    rows: p.rows,
    outputs: p.outputs.map(({ path, bytes, sha256, rows }) => ({ path, bytes, sha256, ...(rows === undefined ? {} : { rows }) })),
    messages: p.messages,
    rejected: p.rejected,
  };
}

export const isoSeconds = (epoch: number) => new Date(epoch * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
