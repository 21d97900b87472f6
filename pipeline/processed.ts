/**
 * What the file stages make of one file, in a form that crosses threads and
 * goes into the cache and the shard files as it is (structured-clone data:
 * no functions, no classes). The sequence stages and the dataset writer take
 * it from there.
 */
import { createMessage, type Message, type Place, type RuleId } from './messages.js';
import type { Rows } from './file.js';

export interface ProcessedFile {
  /** POSIX path relative to the folder that holds sources/: the order of files in a dataset. */
  relPath: string;
  /** Size and SHA-256 of the raw bytes; null when the file could not be read. */
  bytes: number | null;
  sha256: string | null;
  profile: string | null;
  layout: string | null;
  encoding: string | null;
  messages: Message[];
  /** The rows, or null when a stage rejected the file. */
  rows: Rows | null;
  /** 1-based column (code points) where each paragraph starts, for messages placed at a paragraph. */
  paragraphColumns: number[];
  /** Per file stage reached, in order: [errors, warnings, 1 if the file went on]. */
  stages: [number, number, number][];
  /**
   * The rows in the text formats asked for (format → table → text), made in
   * the worker thread so that serialising them is spread over the cores too.
   * Valid only while no sequence stage has changed a row (see `touched`).
   */
  text?: Record<string, Record<string, string>>;
  /** Set by a sequence stage that changed a row (a new doc_id, a duplicate_of): `text` is stale, the rows are right. */
  touched?: boolean;
}

export const failed = (file: ProcessedFile): boolean => file.messages.some((m) => m.level === 'error');

export function addMessage(file: ProcessedFile, rule: RuleId, stage: string, text: string, place: Place = {}): void {
  file.messages.push(createMessage(rule, stage, file.relPath, text, place));
}

/** Where paragraph `position` (1-based) starts in the raw file. */
export function paragraphPlace(file: ProcessedFile, position: number): Required<Place> {
  const p = file.rows!.paragraphs[position - 1]!;
  return { line: p.source_line_start, column: file.paragraphColumns[position - 1]!, byte_offset: p.source_byte_start };
}
