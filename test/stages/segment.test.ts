import { describe, expect, it } from 'vitest';
import { runUntil, sourceFile } from '../helpers/files.js';

const page = (lines: string[]) => lines.join('\n');
const HEADER = ['A Title', '', 'Xi Jinping: The Governance of China III Updated: 2022-01-05', '', 'A Title*\u00a0', '', 'March 23, 2013\u00a0', ''];
const FOOTER = ['', '(Not to be republished for any commercial or other purposes.)', '', 'Copyright © Holder Inc. All Rights Reserved. Presented by Someone.'];

async function segmented(text: string, profile: 'npc-governance-page' | 'plain' = 'npc-governance-page') {
  const file = await runUntil(sourceFile(text, { profile }), 'segment');
  const spans = (list: { span: { start: number; end: number } }[] | undefined) => (list ?? []).map((p) => file.text.slice(p.span.start, p.span.end));
  return { file, seg: file.segmented, paragraphs: spans(file.segmented?.paragraphs), notes: spans(file.segmented?.notes) };
}

describe('segment: npc-governance-page', () => {
  it('reads header, body, notes, rights and footer', async () => {
    const { seg, paragraphs, notes, file } = await segmented(page([...HEADER, 'First.\u00a0', '', 'Second\nwrapped.', '', '* The note.', ...FOOTER]));
    expect(file.messages).toEqual([]);
    expect(seg).toMatchObject({
      title: 'A Title',
      titleMarkers: ['*'],
      speaker: 'Xi Jinping',
      collection: 'The Governance of China III',
      volume: 3,
      dateText: 'March 23, 2013',
      sourceUpdated: '2022-01-05',
      rightsStatement: 'Not to be republished for any commercial or other purposes.',
      copyrightNotice: 'Copyright © Holder Inc. All Rights Reserved.',
      copyrightHolder: 'Holder Inc',
      publisher: 'Someone',
    });
    expect(paragraphs).toEqual(['First.', 'Second\nwrapped.']);
    expect(notes).toEqual(['The note.']);
  });

  it('accepts header lines without blank lines between them, and no volume numeral', async () => {
    const { seg, paragraphs } = await segmented(page(['T', 'Xi Jinping: The Governance of China Updated: 2014-09-28', 'T', 'October 1, 2014', '', 'Body.', ...FOOTER]));
    expect(seg).toMatchObject({ title: 'T', collection: 'The Governance of China', volume: null, titleMarkers: [], dateText: 'October 1, 2014' });
    expect(paragraphs).toEqual(['Body.']);
  });

  it('warns when the date is missing and reads that line as body', async () => {
    const { seg, paragraphs, file } = await segmented(page(['T', '', 'X: C Updated: 2020-01-01', '', 'T*', '', 'Body one.', '', 'Body two.', ...FOOTER]));
    expect(seg!.dateText).toBeNull();
    expect(paragraphs).toEqual(['Body one.', 'Body two.']);
    expect(file.messages).toEqual([expect.objectContaining({ rule: 'npc/date-missing', level: 'warning', line: 7, column: 1 })]);
  });

  it('warns on an impossible date and keeps its text', async () => {
    const { seg, file } = await segmented(page(['T', 'X: C Updated: 2020-01-01', 'T', 'February 30, 2017', 'Body.']));
    expect(seg!.dateText).toBe('February 30, 2017');
    expect(file.messages.map((m) => m.rule)).toEqual(['date/unparsed', 'npc/footer-missing']);
  });

  it('warns when the repeated title differs, and keeps the first', async () => {
    const { seg, file } = await segmented(page(['Title one', 'X: C Updated: 2020-01-01', 'Title two*', 'May 1, 2020', 'Body.', ...FOOTER]));
    expect(seg!.title).toBe('Title one');
    expect(file.messages.map((m) => [m.rule, m.line])).toEqual([['npc/title-mismatch', 3]]);
  });

  it('reads several notes with different markers', async () => {
    const { notes, seg } = await segmented(page([...HEADER, 'Body with a mark.**', '', 'More.[1]', '', '* First note.', '', '** Second note', 'on two lines.', '', '[1] Third.', ...FOOTER]));
    expect(notes).toEqual(['First note.', 'Second note\non two lines.', 'Third.']);
    expect(seg!.notes.map((n) => n.marker)).toEqual(['*', '**', '[1]']);
  });

  it('rejects a file without the collection line, at the line where it was expected', async () => {
    const { seg, file } = await segmented('Title\n\nJust text.\n');
    expect(seg).toBeNull();
    expect(file.messages).toEqual([expect.objectContaining({ rule: 'npc/collection-line-missing', line: 3, column: 1, byte_offset: 7 })]);
  });

  it('rejects a one-line file, a blank file and a header without body', async () => {
    expect((await segmented('Only a title')).file.messages.map((m) => m.rule)).toEqual(['npc/collection-line-missing']);
    expect((await segmented(' \n\u00a0\n')).file.messages.map((m) => m.rule)).toEqual(['segment/no-text']);
    expect((await segmented(page([...HEADER, ...FOOTER]))).file.messages.map((m) => m.rule)).toEqual(['segment/no-paragraphs']);
  });
});

describe('segment: plain', () => {
  it('splits on blank lines, including lines of only no-break or zero-width spaces', async () => {
    const { paragraphs, seg } = await segmented('  one\ncontinued \n\n\u00a0\u200b\ntwo\n\n\n\nthree', 'plain');
    expect(paragraphs).toEqual(['one\ncontinued', 'two', 'three']);
    expect(seg).toMatchObject({ title: null, dateText: null, notes: [] });
  });
});

describe('segment: npc-governance-page, variants of real pages', () => {
  const rights = '(Not to be republished for any commercial or other purposes.)';
  const footer = 'Copyright © Holder Inc. All Rights Reserved. Presented by Someone.';

  it('skips "***" separators, and still reads the notes around them', async () => {
    const { paragraphs, notes, file } = await segmented(page([...HEADER, 'Body.', '', '***', '', 'More.', '', '* The note.', '', '*', ...FOOTER]));
    expect(paragraphs).toEqual(['Body.', 'More.']);
    expect(notes).toEqual(['The note.']);
    expect(file.messages.map((m) => [m.rule, m.level, m.line])).toEqual([['segment/separator-skipped', 'info', 11]]);
  });

  it('keeps a parenthesised last paragraph as body text when it is no rights statement', async () => {
    const { seg, paragraphs } = await segmented(page([...HEADER, 'Body.', '', '(Applause and laughter.)', '', footer]));
    expect(paragraphs).toEqual(['Body.', '(Applause and laughter.)']);
    expect(seg!.rightsStatement).toBeNull();
  });

  it('keeps a paragraph whose last line is in parentheses whole', async () => {
    const { paragraphs, seg } = await segmented(page([...HEADER, 'Body ends with', '(a parenthesised line)', '', rights, '', footer]));
    expect(paragraphs).toEqual(['Body ends with\n(a parenthesised line)']);
    expect(seg!.rightsStatement).toBe('Not to be republished for any commercial or other purposes.');
  });

  it('reads a wrapped rights statement and a footer with "Presented by" on its own line', async () => {
    const { seg, paragraphs, file } = await segmented(page([...HEADER, 'Body.', '', '(Not to be republished for any', 'commercial or other purposes.)', '', 'Copyright © Holder Inc. All Rights Reserved.', 'Presented by Someone.']));
    expect(paragraphs).toEqual(['Body.']);
    expect(seg).toMatchObject({ rightsStatement: 'Not to be republished for any commercial or other purposes.', copyrightHolder: 'Holder Inc', publisher: 'Someone' });
    expect(file.messages).toEqual([]);
  });

  it('reads a footer without "Presented by" and a page without rights statement', async () => {
    const { seg, paragraphs } = await segmented(page([...HEADER, 'Body.', '', 'Copyright © Holder Inc. All Rights Reserved.']));
    expect(paragraphs).toEqual(['Body.']);
    expect(seg).toMatchObject({ rightsStatement: null, copyrightNotice: 'Copyright © Holder Inc. All Rights Reserved.', publisher: null });
  });

  it('warns, and keeps the text, when the footer is missing', async () => {
    const { seg, paragraphs, file } = await segmented(page([...HEADER, 'Body.', '', 'Last words.']));
    expect(paragraphs).toEqual(['Body.', 'Last words.']);
    expect(seg!.copyrightNotice).toBeNull();
    expect(file.messages.map((m) => [m.rule, m.line])).toEqual([['npc/footer-missing', 11]]);
  });

  it('warns about a note-like paragraph followed by body text, and keeps both as body', async () => {
    const { paragraphs, notes, file } = await segmented(page([...HEADER, 'Body.', '', '* Looks like a note.', '', 'But the body goes on.', '', rights, '', footer]));
    expect(paragraphs).toEqual(['Body.', '* Looks like a note.', 'But the body goes on.']);
    expect(notes).toEqual([]);
    expect(file.messages.map((m) => m.rule)).toEqual(['npc/note-like-paragraph']);
  });

  it('recognises the repeated title despite case, punctuation and invisible characters', async () => {
    const { seg, paragraphs, file } = await segmented(page(['\ufeff\ufeffThe China-US Talks', 'X: C Updated: 2020-01-01', 'The China\u2013US talks*', 'May 1, 2020', '', 'Body.', '', footer]));
    expect(seg).toMatchObject({ title: '\ufeffThe China-US Talks', titleMarkers: ['*'], dateText: 'May 1, 2020' });
    expect(paragraphs).toEqual(['Body.']);
    expect(file.messages).toEqual([]);
  });

  it('takes a marker off the first title line', async () => {
    const { seg } = await segmented(page(['A Title*', 'X: C Updated: 2020-01-01', 'A Title', 'May 1, 2020', '', 'Body.', '', '* Note.', '', footer]));
    expect(seg).toMatchObject({ title: 'A Title', titleMarkers: ['*'] });
  });

  it('does not take a marked first paragraph for the title when no date follows it', async () => {
    const { seg, paragraphs, notes } = await segmented(page(['T', 'X: C Updated: 2020-01-01', 'First paragraph.*', '', 'Second.', '', '* Note on the first.', '', footer]));
    expect(seg!.titleMarkers).toEqual([]);
    expect(paragraphs).toEqual(['First paragraph.*', 'Second.']);
    expect(notes).toEqual(['Note on the first.']);
  });

  it('finds the date after a repeat that differs, when the repeat carries the marker', async () => {
    const { seg, file } = await segmented(page(['Short Title', 'X: C Updated: 2020-01-01', 'A Longer Form of the Title*', 'June 2, 2019', '', 'Body.', '', footer]));
    expect(seg).toMatchObject({ dateText: 'June 2, 2019', titleMarkers: ['*'] });
    expect(file.messages.map((m) => m.rule)).toEqual(['npc/title-mismatch']);
  });
});
