import * as z from 'zod';
import * as c from './columns.js';
import { Edits } from './edit.js';
import { DOC_ID, DOC_ID_MAX, LANGUAGE, PARAGRAPH_ID, SHA256 } from './ids.js';

/** One row per body paragraph, in reading order. */
export const Paragraph = z.strictObject({
  paragraph_id: c.string('doc_id + "-p" + the position as at least three digits.', { pattern: PARAGRAPH_ID }),
  doc_id: c.string('The document this paragraph belongs to (documents.doc_id).', { pattern: DOC_ID, maxLength: DOC_ID_MAX }),
  position: c.int32('1-based position of the paragraph in its document.', { minimum: 1 }),
  section: c.nullableString('The heading above this paragraph, if any.'),
  text: c.string('Paragraph text after normalisation (Unicode NFC, spaces folded, recorded repairs applied).'),
  language: c.string('BCP 47 language tag of this paragraph: the document language, unless most of its letters are in another script.', { pattern: LANGUAGE }),
  char_count: c.int32('Length of text in Unicode code points.'),
  word_count: c.int32('Number of word-like segments in text, by Intl.Segmenter for the paragraph language.'),
  text_sha256: c.string('SHA-256 of text encoded as UTF-8, hex.', { pattern: SHA256 }),
  duplicate_of: c.nullableString('paragraph_id of the first paragraph in the dataset (documents in source-path order) with the same text_sha256; null when this is the first. Short formulaic paragraphs ("Thank you.") repeat too: filter on char_count.'),
  edits: c.json('JSON array of the recorded edits that turn the whitespace-folded source span into text: [{"rule","from","to","at"}], applied in order; "at" counts code points. "[]" when none.', Edits),
  title: c.nullableString('Title of the document (repeated from documents).'),
  date: c.nullableDate('Date of the document (repeated from documents).'),
  collection: c.nullableString('Collection of the document (repeated from documents).'),
  source_path: c.string('POSIX path of the raw file relative to the folder that holds sources/.'),
  source_sha256: c.string('SHA-256 of the raw file, hex.', { pattern: SHA256 }),
  source_byte_start: c.int32('Offset of the first byte of the paragraph in the raw file (inclusive).'),
  source_byte_end: c.int32('Offset just past the last byte of the paragraph in the raw file (exclusive).'),
  source_line_start: c.int32('1-based line of the raw file where the paragraph starts.', { minimum: 1 }),
  source_line_end: c.int32('1-based line of the raw file where the paragraph ends.', { minimum: 1 }),
});
export type Paragraph = z.infer<typeof Paragraph>;
