/**
 * identify: gives every document a readable id that is unique in the dataset
 * (date + title), numbers its paragraphs and notes, and assembles the rows of
 * the three tables. Runs over the whole dataset, in source-path order, so the
 * same inputs always get the same ids.
 */
import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import type { Document } from '../../schemas/document.js';
import type { Note } from '../../schemas/note.js';
import type { Paragraph } from '../../schemas/paragraph.js';
import type { SourceFile } from '../file.js';
import type { DatasetStage } from '../stage.js';
import { countChars, countWords } from '../text/count.js';
import { slugify, truncateSlug } from '../text/slug.js';

const MAX_ID = 80;

/** date-title, or the file name when there is no title, or a hash when neither gives ASCII. */
export function baseDocId(file: SourceFile): string {
  const n = file.normalised!;
  const date = n.date ? `${n.date}-` : '';
  const name = slugify(n.title ?? '') || slugify(posix.basename(file.relPath).replace(/\.[^.]*$/, ''));
  const id = name ? truncateSlug(`${date}${name}`, MAX_ID) : `${date}doc-${file.sha256.slice(0, 12)}`;
  return id;
}

function assemble(file: SourceFile, docId: string): void {
  const n = file.normalised!;
  const language = file.source.language;
  const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
  const pad = (i: number) => String(i).padStart(3, '0');

  const paragraphs: Paragraph[] = n.paragraphs.map((p, i) => {
    const first = file.place(p.span.start);
    return {
      paragraph_id: `${docId}-p${pad(i + 1)}`,
      doc_id: docId,
      position: i + 1,
      section: p.section,
      text: p.text,
      char_count: countChars(p.text),
      word_count: countWords(p.text, language),
      text_sha256: sha(p.text),
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
    profile: file.source.profile,
    source_path: file.relPath,
    source_sha256: file.sha256,
    source_bytes: file.size,
  };
  file.rows = { document, paragraphs, notes };
}

export const identify: DatasetStage = {
  name: 'identify',
  scope: 'dataset',
  run(files) {
    const taken = new Map<string, string>();
    for (const file of files) {
      const base = baseDocId(file);
      let id = base;
      for (let k = 2; taken.has(id); k++) {
        const suffix = `-${k}`;
        id = truncateSlug(base, MAX_ID - suffix.length) + suffix;
      }
      if (id !== base) {
        file.message('identify/duplicate-id', 'identify', `doc_id "${base}" is already used by ${taken.get(base)}; this document gets "${id}"`, { line: 1, column: 1 });
      }
      taken.set(id, file.relPath);
      file.baseId = base;
      assemble(file, id);
    }
  },
};
