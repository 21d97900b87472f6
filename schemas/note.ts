import * as z from 'zod';
import * as c from './columns.js';
import { Edits } from './edit.js';
import { DOC_ID, DOC_ID_MAX, NOTE_ID } from './ids.js';

/** One row per note (footnote or endnote) of a document. */
export const Note = z.strictObject({
  note_id: c.string('doc_id + "-n" + the 1-based number of the note in its document.', { pattern: NOTE_ID }),
  doc_id: c.string('The document this note belongs to (documents.doc_id).', { pattern: DOC_ID, maxLength: DOC_ID_MAX }),
  marker: c.string('The marker that links the note to its anchor, as written (e.g. "*", "[1]").'),
  anchor: c.nullableString('"title" when the marker follows the title, else the paragraph_id whose text carried the marker; null when the marker occurs nowhere.'),
  text: c.string('Note text after normalisation, without its marker.'),
  edits: c.json('JSON array of the recorded edits that turn the whitespace-folded source span into text (see paragraphs.edits).', Edits),
  source_byte_start: c.int32('Offset of the first byte of the note text in the raw file (inclusive).'),
  source_byte_end: c.int32('Offset just past the last byte of the note text in the raw file (exclusive).'),
  source_line_start: c.int32('1-based line of the raw file where the note starts.', { minimum: 1 }),
  source_line_end: c.int32('1-based line of the raw file where the note ends.', { minimum: 1 }),
});
export type Note = z.infer<typeof Note>;
