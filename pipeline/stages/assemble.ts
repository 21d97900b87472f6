/**
 * assemble: the rows of the three tables for one file, under the document's
 * base id (date + title). identify makes the id unique in the dataset later,
 * once validation has said which files are published.
 */
import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import type { Document } from '../../schemas/document.js';
import { DOC_ID_MAX, WINDOWS_RESERVED } from '../../schemas/ids.js';
import type { Note } from '../../schemas/note.js';
import type { Paragraph } from '../../schemas/paragraph.js';
import type { SourceFile } from '../file.js';
import type { FileStage } from '../stage.js';
import { countChars, countWords } from '../text/count.js';
import { languageOf, scriptWeights, sumWeights } from '../text/language.js';
import { slugify, truncateSlug } from '../text/slug.js';

/** doc_id + "-p" + the position as at least three digits. */
export const paragraphId = (docId: string, position: number): string => `${docId}-p${String(position).padStart(3, '0')}`;

/**
 * date-title, or the file name when there is no title, or a hash when neither gives ASCII. Always a safe
 * file name too ([a-z0-9-], so never "..", "/" or a hidden name): one that Windows reserves ("con") gets "-doc".
 */
export function baseDocId(file: SourceFile): string {
  const n = file.normalised!;
  const date = n.date ? `${n.date}-` : '';
  const name = slugify(n.title ?? '') || slugify(posix.basename(file.relPath).replace(/\.[^.]*$/, ''));
  const id = name ? truncateSlug(`${date}${name}`, DOC_ID_MAX) : `${date}doc-${file.sha256.slice(0, 12)}`;
  return WINDOWS_RESERVED.test(id) ? `${id}-doc` : id;
}

function assembleRows(file: SourceFile, docId: string): void {
  const n = file.normalised!;
  const declared = file.source.language;
  const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
  // Languages by script: the document's from all its letters, a paragraph's from its own (the document's when it has none).
  const weights = n.paragraphs.map((p) => scriptWeights(p.text));
  const language = languageOf(sumWeights(weights), declared);

  const paragraphs: Paragraph[] = n.paragraphs.map((p, i) => {
    const first = file.place(p.span.start);
    const own = weights[i]!.size ? languageOf(weights[i]!, declared) : language;
    return {
      paragraph_id: paragraphId(docId, i + 1),
      doc_id: docId,
      position: i + 1,
      section: p.section,
      text: p.text,
      language: own,
      char_count: countChars(p.text),
      word_count: countWords(p.text, own),
      text_sha256: sha(p.text),
      duplicate_of: null,
      edits: JSON.stringify(p.edits),
      title: n.title,
      date: n.date,
      collection: n.collection,
      source_path: file.relPath,
      source_sha256: file.sha256,
      source_byte_start: first.byte_offset,
      source_byte_end: file.byteOffset(p.span.end),
      source_line_start: first.line,
      source_line_end: file.lineOf(p.span.end - 1) + 1,
    };
  });

  const notes: Note[] = n.notes.map((note, i) => ({
    note_id: `${docId}-n${i + 1}`,
    doc_id: docId,
    marker: note.marker,
    anchor: note.anchor === 'title' ? 'title' : note.anchor === null ? null : paragraphs[note.anchor]!.paragraph_id,
    text: note.text,
    edits: JSON.stringify(note.edits),
    source_byte_start: file.byteOffset(note.span.start),
    source_byte_end: file.byteOffset(note.span.end),
    source_line_start: file.lineOf(note.span.start) + 1,
    source_line_end: file.lineOf(note.span.end - 1) + 1,
  }));

  const titleNote = n.notes.find((note) => note.anchor === 'title');
  const document: Document = {
    doc_id: docId,
    title: n.title,
    speaker: n.speaker,
    collection: n.collection,
    volume: n.volume,
    date: n.date,
    date_text: n.dateText,
    occasion: n.occasion,
    source_updated: n.sourceUpdated,
    title_note: titleNote ? titleNote.text : null,
    rights_statement: n.rightsStatement,
    copyright_notice: n.copyrightNotice,
    copyright_holder: n.copyrightHolder,
    publisher: n.publisher,
    language,
    paragraph_count: paragraphs.length,
    note_count: notes.length,
    word_count: paragraphs.reduce((sum, p) => sum + p.word_count, 0),
    char_count: paragraphs.reduce((sum, p) => sum + p.char_count, 0),
    text_sha256: sha(paragraphs.map((p) => p.text).join('\n')),
    duplicate_of: null,
    profile: n.profile,
    profile_confidence: n.confidence,
    profile_reason: n.reason,
    layout: n.layout,
    source_path: file.relPath,
    source_sha256: file.sha256,
    source_bytes: file.size,
    source_encoding: file.decoded!.encoding,
  };
  file.rows = { document, paragraphs, notes };
}

export const assemble: FileStage = {
  name: 'assemble',
  scope: 'file',
  run(file) {
    assembleRows(file, baseDocId(file));
  },
};
