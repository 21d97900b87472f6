import * as z from 'zod';
import * as c from './columns.js';
import { DOC_ID, DOC_ID_MAX, LANGUAGE, SHA256 } from './ids.js';

/** One row per source file that was read: the speech or text as a whole. */
export const Document = z.strictObject({
  doc_id: c.string('Readable, stable identifier derived from the date and title: ASCII [a-z0-9-], at most 80 characters, unique in the dataset.', { pattern: DOC_ID, maxLength: DOC_ID_MAX }),
  title: c.nullableString('Title as stated in the source, normalised; null when the source states none.'),
  speaker: c.nullableString('Who delivered or wrote the text, when the source states it.'),
  collection: c.nullableString('The collection the text belongs to, as the source names it (e.g. "The Governance of China II").'),
  volume: c.nullableInt32('Volume number of the collection, when the source numbers it.', { minimum: 1 }),
  date: c.nullableDate('Date the speech was delivered or the text issued, as YYYY-MM-DD; null when the source states none.'),
  date_text: c.nullableString('The date exactly as the source writes it, normalised.'),
  occasion: c.nullableString('The line that says where and when the text was delivered ("This is part of the speech at … on …"), without its parentheses; read as metadata, not as a paragraph.'),
  source_updated: c.nullableDate('Date the web page says it was published or last updated (an "Updated:" line or a time stamp), never the delivery date.'),
  title_note: c.nullableString('Text of the note attached to the title by a marker such as "*".'),
  rights_statement: c.nullableString('Reuse restriction stated by the source, without surrounding parentheses.'),
  copyright_notice: c.nullableString('Copyright notice as the source states it.'),
  copyright_holder: c.nullableString('Who holds the copyright, as named in the notice.'),
  publisher: c.nullableString('Who presented or published the page, as named by the source.'),
  language: c.string('BCP 47 language tag of the text: the language source.json declares, unless most of the text is in another script ("zh" for Chinese, "und-Latn" for Latin script in a corpus declared in another script).', { pattern: LANGUAGE }),
  paragraph_count: c.int32('Number of rows in paragraphs for this document.'),
  note_count: c.int32('Number of rows in notes for this document.'),
  word_count: c.int32('Sum of word_count over the paragraphs of this document.'),
  char_count: c.int32('Sum of char_count over the paragraphs of this document (Unicode code points).'),
  text_sha256: c.string('SHA-256 of the paragraph texts joined by line feeds, hex: equal for two documents with the same body.', { pattern: SHA256 }),
  duplicate_of: c.nullableString('doc_id of an earlier document (in source-path order) with the same text_sha256; null when this is the first.'),
  profile: c.string('Layout profile that read the source file (declared in source.json, or detected when it says "auto").'),
  profile_confidence: c.string('How sure the reader is of the profile and paragraph layout: high, medium or low (low also gives a warning).', { pattern: 'high|medium|low' }),
  profile_reason: c.string('Why the profile and layout were chosen, with the evidence counted.'),
  layout: c.string('Paragraph structure the reader found: blank-line, line-per-paragraph, hard-wrapped, markdown or single-line.', { pattern: 'blank-line|line-per-paragraph|hard-wrapped|markdown|single-line' }),
  source_path: c.string('POSIX path of the raw file relative to the folder that holds sources/.'),
  source_sha256: c.string('SHA-256 of the raw file, hex.', { pattern: SHA256 }),
  source_bytes: c.int32('Size of the raw file in bytes.'),
  source_encoding: c.string('Encoding the raw file was decoded with (e.g. "utf-8", "utf-16le", "windows-1252"): what to decode source byte ranges with.'),
});
export type Document = z.infer<typeof Document>;
