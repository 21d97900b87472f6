/**
 * The object that travels through the per-file stages, like a vfile: each
 * stage reads what earlier stages left on it and adds its own part.
 */
import type { ProfileName, SourceConfig } from '../schemas/source.js';
import type { Document } from '../schemas/document.js';
import type { Paragraph } from '../schemas/paragraph.js';
import type { Note } from '../schemas/note.js';
import type { Edit } from '../schemas/edit.js';
import { createMessage, type Message, type Place, type RuleId } from './messages.js';

/** A half-open range [start, end) of UTF-16 indexes into SourceFile.text. */
export interface Span {
  start: number;
  end: number;
}

/** Paragraph structures a reader can find (documents.layout). */
export type Layout = 'blank-line' | 'line-per-paragraph' | 'hard-wrapped' | 'markdown' | 'single-line';
export type Confidence = 'high' | 'medium' | 'low';

/** What a profile finds in a file: metadata, and spans of paragraphs and notes. */
export interface Segmented {
  /** The profile that read the file, how sure it is, and why (the detection and layout evidence). */
  profile: ProfileName;
  layout: Layout;
  confidence: Confidence;
  reason: string;
  /** Markup to remove (recorded) from the texts. */
  syntax: 'markdown' | null;
  title: string | null;
  titleMarkers: string[];
  speaker: string | null;
  collection: string | null;
  volume: number | null;
  dateText: string | null;
  occasion: string | null;
  sourceUpdated: string | null;
  rightsStatement: string | null;
  copyrightNotice: string | null;
  copyrightHolder: string | null;
  publisher: string | null;
  /** `cuts`: lines inside the span that are not text (page numbers, running headers), removed by recorded edits. */
  paragraphs: { span: Span; section: string | null; cuts?: Span[] }[];
  notes: { marker: string; span: Span }[];
}

export interface NormalisedText {
  text: string;
  edits: Edit[];
}

/** What normalise makes of a file: clean metadata, and clean texts with their recorded edits. */
export interface Normalised extends Omit<Segmented, 'paragraphs' | 'notes' | 'titleMarkers'> {
  /** ISO date read from dateText, or null. */
  date: string | null;
  paragraphs: (NormalisedText & { span: Span; section: string | null })[];
  /** anchor: "title", the index of the paragraph that carried the marker, or null. */
  notes: (NormalisedText & { span: Span; marker: string; anchor: number | 'title' | null })[];
}

export interface Rows {
  document: Document;
  paragraphs: Paragraph[];
  notes: Note[];
}

export interface Decoded {
  encoding: string;
  bom: boolean;
  /** Bytes that the first `units` UTF-16 code units of a line take in the raw file. */
  bytesInLine: (line: number, units: number) => number;
  /** For each line: index in text where it starts, and byte offset in the raw file. */
  lineStarts: number[];
  lineByteStarts: number[];
}

export class SourceFile {
  readonly messages: Message[] = [];
  /** Raw bytes; released once decoded, since spans map back through `decoded`. */
  bytes: Buffer = Buffer.alloc(0);
  /** Bytes the caller already read (to look the file up in the cache); the read stage takes them instead of reading again. */
  preloaded: Uint8Array | null = null;
  size = 0;
  /** A larger file is rejected unread. */
  maxBytes = Infinity;
  sha256 = '';
  /** Decoded text with line breaks as LF and without a byte order mark. */
  text = '';
  decoded: Decoded | null = null;
  segmented: Segmented | null = null;
  normalised: Normalised | null = null;
  rows: Rows | null = null;

  constructor(
    /** Absolute path on disk. */
    readonly path: string,
    /** POSIX path relative to the folder that holds sources/. */
    readonly relPath: string,
    readonly source: SourceConfig,
  ) {}

  get failed(): boolean {
    return this.messages.some((m) => m.level === 'error');
  }

  message(rule: RuleId, stage: string, text: string, place: Place = {}): void {
    this.messages.push(createMessage(rule, stage, this.relPath, text, place));
  }

  /** Place of a text index: 1-based line and column (code points), and the byte offset. */
  place(index: number): Required<Place> {
    const line = this.lineOf(index);
    const d = this.requireDecoded();
    const lineStart = d.lineStarts[line]!;
    return {
      line: line + 1,
      column: countCodePoints(this.text, lineStart, index) + 1,
      byte_offset: this.byteOffset(index),
    };
  }

  /** Byte offset in the raw file of a text index. */
  byteOffset(index: number): number {
    const d = this.requireDecoded();
    const line = this.lineOf(index);
    const lineStart = d.lineStarts[line]!;
    return d.lineByteStarts[line]! + d.bytesInLine(line, index - lineStart);
  }

  /** 0-based line holding a text index. */
  lineOf(index: number): number {
    const starts = this.requireDecoded().lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= index) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  private requireDecoded(): Decoded {
    if (!this.decoded) throw new Error(`${this.relPath}: positions asked for before the decode stage ran`);
    return this.decoded;
  }
}

export function countCodePoints(s: string, start = 0, end = s.length): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    // A high surrogate followed by a low one is one code point.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < end) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}
