/**
 * What `inspect` reports, as plain JSON (`inspect --json` prints it as it
 * is): keys in a fixed order, no absolute paths, nothing from the clock.
 * Sample rows hold their values whole; only the rendered text shortens them.
 */
import { createMessage, type Message } from '../messages.js';

/** A row as the reader gives it: strings, numbers (Int32), ISO dates (Date32) and null. */
export type SampleRow = Record<string, unknown>;

export interface InspectedColumn {
  name: string;
  /** In a dataset: the contract's type (string, int32, date, json). In a file: as `InspectedFile.types_from` says; null when unknown. */
  type: string | null;
  /** Whether the column may hold null; null when nothing says. */
  nullable: boolean | null;
}

export interface InspectedTable {
  /** documents, paragraphs or notes. */
  name: string;
  /** Rows in the first file of `files` (every file is counted; `problems` says when they disagree). */
  rows: number | null;
  /** The table's files, Parquet, JSON Lines, CSV, Arrow in that order, as far as present. */
  files: { format: string; path: string; bytes: number; rows: number | null }[];
  /** From datapackage.json's Table Schema, mapped to the contract's types. */
  columns: InspectedColumn[];
  /** The file the sample rows come from: the JSON Lines file when present. */
  sample_from: string | null;
  sample: SampleRow[];
}

export interface InspectedDataset {
  kind: 'dataset';
  /** The folder, relative to the working directory, POSIX. */
  path: string;
  /** From datapackage.json (the folder's name when it has none). */
  name: string;
  title: string | null;
  version: string | null;
  /** Whole, as datapackage.json has it (the rendered text shows its first sentence). */
  description: string | null;
  rights: {
    /** False unless a licence is named, none is "other-closed" and the build did not warn `rights/not-open`. */
    open: boolean;
    /** datapackage.json `licenses`, as recorded. */
    licenses: { name: string; title: string | null; path: string | null }[];
    /** datapackage.json's contributor with the role rightsHolder. */
    holder: string | null;
    /** The holder's own words about reuse (croissant.json, else the "other-closed" licence title). */
    statement: string | null;
  };
  /** From provenance.json; null when it is missing. */
  pipeline: { name: string; version: string; git_commit: string | null } | null;
  contract_version: string | null;
  /** provenance.json's build date (set by SOURCE_DATE_EPOCH); null when none was recorded. */
  created: string | null;
  /** Raw files the build read, from provenance.json; null when it is missing. */
  inputs: { total: number; published: number; rejected: number } | null;
  tables: InspectedTable[];
  /** Every other file in the folder, by name; `rows` for rejected.jsonl. */
  files: { path: string; bytes: number; about: string; rows?: number }[];
  checksums: {
    /** SHA256SUMS is there, well-formed, and every file matches it and is listed. */
    ok: boolean;
    found: boolean;
    listed: number;
    mismatched: string[];
    missing: string[];
    unlisted: string[];
    /** Lines of SHA256SUMS that are not "<hex>  <path>". */
    malformed_lines: number[];
  };
  /** What disagrees or could not be read, one sentence each; empty when all is well. */
  problems: string[];
}

export interface InspectedFile {
  kind: 'file';
  /** The file, relative to the working directory, POSIX. */
  path: string;
  format: 'parquet' | 'jsonl' | 'csv' | 'arrow';
  bytes: number;
  /** Counted exactly: from the footer (Parquet), the batch headers (Arrow), or by reading every line (JSON Lines, CSV). */
  rows: number;
  /**
   * Where the column types come from: `file` (the Arrow schema of an Arrow or Parquet file: Utf8, Int32, Date32…),
   * `datapackage` (a JSON Lines or CSV file described by the datapackage.json beside it: the contract's types),
   * `sample` (JSON Lines alone: the JSON types seen in the sample rows), `none` (CSV alone: names only).
   */
  types_from: 'file' | 'datapackage' | 'sample' | 'none';
  columns: InspectedColumn[];
  /** The value of the file-level metadata key our Arrow and Parquet writers embed (speech_datasets), parsed; null when absent. */
  file_metadata: unknown;
  sample: SampleRow[];
  /**
   * The dataset the file belongs to, when a datapackage.json stands beside it: its name, its rights, and
   * whether the file still matches SHA256SUMS (`unlisted`: SHA256SUMS does not name it; null: there is none).
   */
  dataset: { name: string; rights: InspectedDataset['rights']; checksum: 'ok' | 'mismatch' | 'unlisted' | null } | null;
}

export type InspectReport = InspectedDataset | InspectedFile;

/** A path `inspect` cannot summarise; `rule` is its id in the message catalogue. */
export class InspectError extends Error {
  constructor(
    readonly rule: 'verify/not-a-dataset' | 'inspect/unreadable',
    /** The path, relative to the working directory, POSIX. */
    readonly path: string,
    message: string,
  ) {
    super(message);
    this.name = 'InspectError';
  }

  /** As a catalogue message, for the reporter. */
  toMessage(): Message {
    return createMessage(this.rule, 'inspect', this.path, this.message);
  }
}
