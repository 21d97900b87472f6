import { describe, expect, it } from 'vitest';
import { identify } from '../../pipeline/stages/identify.js';
import { slugify, truncateSlug } from '../../pipeline/text/slug.js';
import { readDate } from '../../pipeline/text/dates.js';
import { DOC_ID } from '../../schemas/ids.js';
import { runSequence, runUntil, sourceFile } from '../helpers/files.js';

const npc = (title: string, date = 'May 1, 2020') => ['' + title, 'X: C Updated: 2020-01-01', title, date, '', 'Body.', '', 'Copyright © H. All Rights Reserved.'].join('\n');

describe('identify', () => {
  it('derives doc_id from date and title, and numbers paragraphs and notes', async () => {
    const file = await runUntil(sourceFile(npc('Work Together for a Better Future')), 'assemble');
    expect(file.rows!.document.doc_id).toBe('2020-05-01-work-together-for-a-better-future');
    expect(file.rows!.paragraphs.map((p) => p.paragraph_id)).toEqual(['2020-05-01-work-together-for-a-better-future-p001']);
  });

  it('gives later duplicates a numeric suffix, in the order the files come, with a warning, renaming every derived id', async () => {
    const files = [];
    const page = npc('Same').replace('Body.', 'Body.*').replace('Copyright', '* A note.\n\nCopyright');
    for (let i = 0; i < 3; i++) files.push(await runUntil(sourceFile(page), 'assemble'));
    runSequence(files, identify);
    expect(files.map((f) => f.rows!.document.doc_id)).toEqual(['2020-05-01-same', '2020-05-01-same-2', '2020-05-01-same-3']);
    expect(files[1]!.messages.map((m) => m.rule)).toEqual(['identify/duplicate-id']);
    expect(files[2]!.rows!.paragraphs.map((p) => [p.doc_id, p.paragraph_id])).toEqual([['2020-05-01-same-3', '2020-05-01-same-3-p001']]);
    expect(files[2]!.rows!.notes.map((n) => [n.doc_id, n.note_id, n.anchor])).toEqual([['2020-05-01-same-3', '2020-05-01-same-3-n1', '2020-05-01-same-3-p001']]);
  });

  it('keeps ids within 80 characters even with a suffix, and falls back to the file name or a hash', async () => {
    const long = 'A Very Long Title '.repeat(10);
    const files = [await runUntil(sourceFile(npc(long)), 'assemble'), await runUntil(sourceFile(npc(long)), 'assemble')];
    const chinese = await runUntil(sourceFile(npc('中国梦')), 'assemble');
    const plain = await runUntil(sourceFile('Text.', { profile: 'plain' }), 'assemble');
    runSequence([...files, chinese, plain], identify);
    for (const f of [...files, chinese, plain]) expect(f.rows!.document.doc_id).toMatch(new RegExp(`^(?:${DOC_ID})$`));
    expect(files[1]!.rows!.document.doc_id.length).toBeLessThanOrEqual(80);
    expect(files[1]!.rows!.document.doc_id.endsWith('-2')).toBe(true);
    expect(chinese.rows!.document.doc_id).toMatch(/^2020-05-01-file-\d+$/);
    expect(plain.rows!.document.doc_id).toMatch(/^file-\d+$/);
  });
});

describe('slugs', () => {
  it('folds accents and punctuation to ASCII', () => {
    expect(slugify("Xi's Speech at the Körber-Stiftung: “Peace” & Co.")).toBe('xis-speech-at-the-korber-stiftung-peace-co');
  });
  it('cuts at a hyphen and drops a dangling small word', () => {
    expect(truncateSlug('make-the-relationship-a-success', 24)).toBe('make-the-relationship');
    expect(truncateSlug('abcdefghij', 5)).toBe('abcde');
  });
});

describe('dates', () => {
  it('reads the forms that occur, and nothing else', () => {
    expect(readDate('April 6, 2017')).toEqual({ dateLike: true, iso: '2017-04-06' });
    expect(readDate('6 April 2017').iso).toBe('2017-04-06');
    expect(readDate('Sept. 3, 2015').iso).toBe('2015-09-03');
    expect(readDate('2017-04-06').iso).toBe('2017-04-06');
    expect(readDate('（2013年3月23日）').iso).toBe('2013-03-23');
    expect(readDate('February 29, 2017')).toEqual({ dateLike: true, iso: null });
    expect(readDate('February 29, 2016').iso).toBe('2016-02-29');
    expect(readDate('Chapter 6, 2017')).toEqual({ dateLike: false, iso: null });
    expect(readDate('I have kept in close communication')).toEqual({ dateLike: false, iso: null });
  });
});
