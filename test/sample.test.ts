/** The sample page's expected values, field by field (the data contract's worked example). */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Document } from '../schemas/document.js';
import type { Note } from '../schemas/note.js';
import type { Paragraph } from '../schemas/paragraph.js';
import { buildTo, readJsonl, sampleSources } from './helpers/build.js';

let doc: Document;
let paragraphs: Paragraph[];
let notes: Note[];

beforeAll(async () => {
  const { out, report } = await buildTo(sampleSources);
  expect(report.exitCode).toBe(0);
  const dir = join(out, 'governance-of-china');
  [doc] = readJsonl<Document>(join(dir, 'documents.jsonl')) as [Document];
  paragraphs = readJsonl<Paragraph>(join(dir, 'paragraphs.jsonl'));
  notes = readJsonl<Note>(join(dir, 'notes.jsonl'));
});

describe('the sample page', () => {
  it('has the document metadata the page states', () => {
    expect(doc).toMatchObject({
      title: 'There Are a Thousand Reasons to Make the China-US Relationship a Success',
      speaker: 'Xi Jinping',
      collection: 'The Governance of China II',
      volume: 2,
      date: '2017-04-06',
      date_text: 'April 6, 2017',
      source_updated: '2021-12-28',
      title_note: 'Main points of the talk with US President Donald Trump.',
      rights_statement: 'Not to be republished for any commercial or other purposes.',
      copyright_notice: "Copyright © The National People's Congress of the People's Republic of China. All Rights Reserved.",
      copyright_holder: "The National People's Congress of the People's Republic of China",
      publisher: 'China Daily',
      language: 'en',
      paragraph_count: 3,
      note_count: 1,
      profile: 'npc-governance-page',
      source_path: 'sources/governance-of-china/raw/000_eff43aaf35981dd4.txt',
      source_sha256: '87fa66950e45d299d0d0aa5abbc275c4aed8888f6279d8bd9627d0d2a08ac419',
      source_bytes: 3190,
    });
  });

  it('derives a readable doc_id from date and title within 80 ASCII characters', () => {
    expect(doc.doc_id).toBe('2017-04-06-there-are-a-thousand-reasons-to-make-the-china-us-relationship');
    expect(doc.doc_id.length).toBeLessThanOrEqual(80);
    expect(paragraphs.map((p) => p.paragraph_id)).toEqual([1, 2, 3].map((i) => `${doc.doc_id}-p00${i}`));
    expect(notes.map((n) => n.note_id)).toEqual([`${doc.doc_id}-n1`]);
  });

  it('has exactly the three body paragraphs', () => {
    expect(paragraphs).toHaveLength(3);
    expect(paragraphs[0]!.text.startsWith('I have kept in close communication')).toBe(true);
    expect(paragraphs[0]!.text.endsWith('in the new era.')).toBe(true);
    expect(paragraphs[1]!.text.startsWith('Sound China-US relations')).toBe(true);
    expect(paragraphs[1]!.text).toContain('normalization of China-US relations 45 years ago');
    expect(paragraphs[2]!.text.startsWith('Cooperation is the only sound path')).toBe(true);
    expect(paragraphs[2]!.text.endsWith('stability and prosperity.')).toBe(true);
  });

  it('records the repaired hyphen, and only that, in edits', () => {
    const at = paragraphs[1]!.text.indexOf('normalization of China-US') + 'normalization of '.length;
    expect(JSON.parse(paragraphs[1]!.edits)).toEqual([{ rule: 'rejoin-hyphen', from: 'ChinaUS', to: 'China-US', at }]);
    expect(paragraphs[0]!.edits).toBe('[]');
    expect(paragraphs[2]!.edits).toBe('[]');
  });

  it('keeps header, date, note, rights and footer out of the paragraphs, and no paragraph ends in a space', () => {
    for (const p of paragraphs) {
      expect(p.text).not.toMatch(/Updated:|April 6, 2017|Main points of the talk|Not to be republished|Copyright|Presented by/);
      expect(p.text).not.toMatch(/\s$/u);
      expect(p.text).not.toMatch(/^\s/u);
      expect(p.text).not.toContain('\u00a0');
    }
  });

  it('anchors the one note to the title', () => {
    expect(notes).toEqual([
      expect.objectContaining({ marker: '*', anchor: 'title', text: 'Main points of the talk with US President Donald Trump.', source_line_start: 15, source_line_end: 15 }),
    ]);
  });

  it('repeats document fields on paragraphs and counts consistently', () => {
    for (const [i, p] of paragraphs.entries()) {
      expect(p).toMatchObject({ doc_id: doc.doc_id, position: i + 1, section: null, title: doc.title, date: doc.date, collection: doc.collection, source_path: doc.source_path, source_sha256: doc.source_sha256 });
      expect(p.char_count).toBe([...p.text].length);
    }
    expect(doc.word_count).toBe(paragraphs.reduce((s, p) => s + p.word_count, 0));
    expect(doc.char_count).toBe(paragraphs.reduce((s, p) => s + p.char_count, 0));
    expect(paragraphs.map((p) => [p.source_line_start, p.source_line_end])).toEqual([[9, 9], [11, 11], [13, 13]]);
  });
});
