/**
 * What must hold for any dataset, whatever its sources: the checks the
 * any-bytes and provenance properties run on every generated collection,
 * whether its files went through the stages in this process or through a
 * whole build that wrote files. Each check says in its message which row and
 * which rule broke, since a fuzz failure is read by someone who did not write
 * the case.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import iconv from 'iconv-lite';
import { inputRules, type Message } from '../../pipeline/messages.js';
import { replay } from '../../pipeline/index.js';
import type { Document } from '../../schemas/document.js';
import type { Note } from '../../schemas/note.js';
import type { Paragraph } from '../../schemas/paragraph.js';
import { Rejection } from '../../schemas/rejection.js';
import { documentsTable, notesTable, paragraphsTable, type TableDef } from '../../schemas/tables.js';

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');
const pad3 = (n: number) => String(n).padStart(3, '0');

/** A rule whose message means a bug, not a bad input: internal/* is a crash, validate/schema a row the pipeline itself built wrong. */
export const isBugRule = (rule: string): boolean => rule.startsWith('internal/') || rule === 'validate/schema';

/** Every message about a file is a catalogued input rule, none is a bug, and its place lies inside the file. */
export function checkMessages(messages: readonly Message[], relPath: string, size: number): void {
  for (const m of messages) {
    const where = `${m.rule} message "${m.message}"`;
    assert.ok(Object.hasOwn(inputRules, m.rule), `${where}: not a catalogued input rule`);
    assert.ok(!isBugRule(m.rule), `${where}: a bug in the pipeline`);
    assert.equal(m.level, inputRules[m.rule as keyof typeof inputRules].level, `${where}: level differs from the catalogue's`);
    assert.equal(m.file, relPath, `${where}: placed at another file`);
    if (m.line !== undefined) assert.ok(Number.isInteger(m.line) && m.line >= 1, `${where}: line ${m.line}`);
    if (m.column !== undefined) assert.ok(Number.isInteger(m.column) && m.column >= 1, `${where}: column ${m.column}`);
    if (m.byte_offset !== undefined) assert.ok(Number.isInteger(m.byte_offset) && m.byte_offset >= 0 && m.byte_offset <= size, `${where}: byte ${m.byte_offset} of a ${size}-byte file`);
  }
}

/** A file kept out is kept out by at least one catalogued error, and never by a bug. */
export function checkRejections(rejections: readonly Rejection[], relPath: string): void {
  assert.ok(rejections.length > 0, `${relPath} was rejected without an error`);
  for (const r of rejections) {
    assert.ok(Rejection.safeParse(r).success, `${relPath}: a rejection that rejected.jsonl could not hold: ${JSON.stringify(r)}`);
    assert.ok(Object.hasOwn(inputRules, r.rule) && inputRules[r.rule as keyof typeof inputRules].level === 'error', `${relPath} rejected by "${r.rule}", not a catalogued error`);
    assert.ok(!isBugRule(r.rule), `${relPath} rejected by a bug: ${r.rule}: ${r.message}`);
  }
}

/** Every row against its table's zod schema, as published (after the sequence stages, which validate does not see). */
export function checkSchema(table: TableDef, rows: readonly object[]): void {
  rows.forEach((row, i) => {
    const result = table.schema.safeParse(row);
    assert.ok(result.success, `${table.name} row ${i + 1} breaks the schema: ${result.success ? '' : result.error.issues.map((e) => `${e.path.join('.')}: ${e.message}`).join('; ')}`);
  });
}

/** The 1-based line that holds byte `offset`: one more than the line breaks (CRLF, CR or LF) decoded before it. */
function lineAt(raw: Buffer, offset: number, encoding: string): number {
  return iconv.decode(raw.subarray(0, offset), encoding).split(/\r\n|\r|\n/).length;
}

/**
 * The provenance of one row: its bytes, decoded in the document's encoding,
 * folded and edited as recorded, give its text; its lines are those of its
 * first and last byte.
 */
function checkProvenance(row: Paragraph | Note, id: string, raw: Buffer, encoding: string): void {
  const { source_byte_start: start, source_byte_end: end } = row;
  assert.ok(start >= 0 && start < end && end <= raw.length, `${id}: byte range [${start}, ${end}) outside the ${raw.length}-byte file`);
  const edits = JSON.parse(row.edits) as Parameters<typeof replay>[1];
  const replayed = replay(iconv.decode(raw.subarray(start, end), encoding), edits);
  assert.equal(replayed, row.text, `${id}: its bytes [${start}, ${end}) in ${encoding} with its edits do not give its text`);
  assert.equal(row.source_line_start, lineAt(raw, start, encoding), `${id}: source_line_start is not the line of byte ${start}`);
  assert.equal(row.source_line_end, lineAt(raw, end - 1, encoding), `${id}: source_line_end is not the line of byte ${end - 1}`);
}

export interface PublishedDocument {
  document: Document;
  paragraphs: Paragraph[];
  notes: Note[];
  /** The raw file it was read from. */
  raw: Uint8Array;
}

/**
 * The rows of the published documents, in dataset order: valid against the
 * schemas, consistent with each other and with their raw files (ids, counts,
 * hashes, duplicates, provenance).
 */
export function checkPublished(docs: readonly PublishedDocument[]): void {
  const docIds = new Set<string>();
  const firstDoc = new Map<string, string>();
  const firstParagraph = new Map<string, string>();
  for (const { document: d, paragraphs, notes, raw: bytes } of docs) {
    const raw = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    checkSchema(documentsTable, [d]);
    checkSchema(paragraphsTable, paragraphs);
    checkSchema(notesTable, notes);
    const id = d.doc_id;
    assert.ok(!docIds.has(id), `doc_id ${id} is used twice`);
    docIds.add(id);
    assert.equal(d.source_bytes, raw.length, `${id}: source_bytes`);
    assert.equal(d.source_sha256, sha256(raw), `${id}: source_sha256`);
    assert.ok(iconv.encodingExists(d.source_encoding), `${id}: source_encoding "${d.source_encoding}" is not one a reader can decode with`);
    assert.equal(d.paragraph_count, paragraphs.length, `${id}: paragraph_count`);
    assert.equal(d.note_count, notes.length, `${id}: note_count`);
    assert.equal(d.char_count, paragraphs.reduce((n, p) => n + p.char_count, 0), `${id}: char_count is not the paragraphs' sum`);
    assert.equal(d.word_count, paragraphs.reduce((n, p) => n + p.word_count, 0), `${id}: word_count is not the paragraphs' sum`);
    assert.equal(d.text_sha256, sha256(paragraphs.map((p) => p.text).join('\n')), `${id}: text_sha256 is not the hash of its paragraphs`);
    const before = firstDoc.get(d.text_sha256);
    assert.equal(d.duplicate_of, before ?? null, `${id}: duplicate_of should name the first document with the same text`);
    if (!before) firstDoc.set(d.text_sha256, id);

    paragraphs.forEach((p, i) => {
      const pid = `${id}-p${pad3(i + 1)}`;
      assert.equal(p.paragraph_id, pid, `paragraph ${i + 1} of ${id}: paragraph_id`);
      assert.equal(p.doc_id, id, `${pid}: doc_id`);
      assert.equal(p.position, i + 1, `${pid}: position`);
      assert.deepEqual([p.title, p.date, p.collection, p.source_path, p.source_sha256], [d.title, d.date, d.collection, d.source_path, d.source_sha256], `${pid}: the document's fields repeated`);
      assert.equal(p.char_count, [...p.text].length, `${pid}: char_count`);
      assert.equal(p.text_sha256, sha256(p.text), `${pid}: text_sha256`);
      assert.doesNotMatch(p.text, /^ | $| {2}/u, `${pid}: stray spaces in text`);
      const seen = firstParagraph.get(p.text_sha256);
      assert.equal(p.duplicate_of, seen ?? null, `${pid}: duplicate_of should name the first paragraph with the same text`);
      if (!seen) firstParagraph.set(p.text_sha256, pid);
      checkProvenance(p, pid, raw, d.source_encoding);
    });
    const pids = new Set(paragraphs.map((p) => p.paragraph_id));
    notes.forEach((n, i) => {
      const nid = `${id}-n${i + 1}`;
      assert.equal(n.note_id, nid, `note ${i + 1} of ${id}: note_id`);
      assert.equal(n.doc_id, id, `${nid}: doc_id`);
      assert.ok(n.anchor === null || n.anchor === 'title' || pids.has(n.anchor), `${nid}: anchor ${n.anchor} is no paragraph of ${id}`);
      assert.doesNotMatch(n.text, /^ | $| {2}/u, `${nid}: stray spaces in text`);
      checkProvenance(n, nid, raw, d.source_encoding);
    });
  }
}
