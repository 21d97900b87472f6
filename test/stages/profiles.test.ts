/** The plain, markdown and auto readers, rule by rule (the layout fixtures test them whole). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { couldBeTitle, isHeading, isTimestamp, occasionText } from '../../pipeline/profiles/lines.js';
import { findDate, readDate } from '../../pipeline/text/dates.js';
import { runUntil, sourceFile } from '../helpers/files.js';
import { repoRoot } from '../helpers/paths.js';
import { SAMPLE_PATH } from '../helpers/build.js';

const read = (text: string, profile: 'auto' | 'plain' | 'markdown' = 'auto', language = 'en') => runUntil(sourceFile(text, { profile, language }), 'assemble');

describe('single lines', () => {
  it('knows headings from run-in openings, salutations and closings', () => {
    for (const h of ['I. Building a Moderately Prosperous Society', '(ii) Trade', '3. Next Steps', '一、坚持改革开放', '（一）加强领导', '第三章 发展', 'ECONOMIC REFORM', 'Chapter 3 The Coast', 'Part II'])
      expect(isHeading(h), h).toBe(true);
    for (const p of ['First, we must open up.', 'The first issue: trade.', 'Comrades, friends,', 'Mr. President,', 'Thank you.', '1. We will open markets, and we will do it soon.', 'Q:', 'April 6, 2017', '谢谢大家。', 'Ladies and Gentlemen'])
      expect(isHeading(p), p).toBe(false);
  });

  it('takes a short line without final punctuation as a possible title, never a salutation or a date', () => {
    expect(couldBeTitle('Remarks on the Coastal Plan')).toBe(true);
    expect(couldBeTitle('Comrades and friends')).toBe(false);
    expect(couldBeTitle('We met today.')).toBe(false);
    expect(couldBeTitle('6 April 2017')).toBe(false);
    expect(couldBeTitle('I. Opening')).toBe(false);
  });

  it('reads delivery dates in the forms that occur, and tells web time stamps apart', () => {
    expect(['April 6, 2017', '6 April 2017', '2017-04-06', '（2017年4月6日）', '2017年4月6日', '(Apr. 6, 2017)'].map((d) => readDate(d).iso)).toEqual(Array(6).fill('2017-04-06'));
    expect(isTimestamp('Updated: 2017-04-08 10:23')).toEqual({ iso: '2017-04-08' });
    expect(isTimestamp('Published: April 8, 2017')).toEqual({ iso: '2017-04-08' });
    expect(isTimestamp('2017-04-08 10:23:45')).toEqual({ iso: '2017-04-08' });
    expect(isTimestamp('April 8, 2017')).toBeNull();
    expect(findDate('This is part of the speech at the forum on March 23, 2013.')).toEqual({ text: 'March 23, 2013', iso: '2013-03-23' });
    expect(findDate('No date here, only 2013.')).toBeNull();
    expect(occasionText('(This is part of a speech.)')).toBe('This is part of a speech.');
  });
});

describe('plain text', () => {
  it('records which layout it found and why', async () => {
    const file = await read('Title\n\nApril 6, 2017\n\nOne.\n\nTwo.\n');
    expect(file.rows!.document).toMatchObject({ profile: 'plain', layout: 'blank-line', profile_confidence: 'high', title: 'Title', date: '2017-04-06' });
    expect(file.rows!.document.profile_reason).toMatch(/^auto: .*header: a title line; layout blank-line: all 2 text lines/);
  });

  it('joins a word broken at a line end only when the whole word occurs elsewhere, and records both repairs', async () => {
    const wrapped = [
      'The international order and the long-',
      'term plan were discussed by the inter-',
      'national community at great length today',
      'and then everybody went back home again.',
    ].join('\n');
    const file = await read(wrapped);
    const [p] = file.rows!.paragraphs;
    expect(file.rows!.document.layout).toBe('hard-wrapped');
    expect(p!.text).toBe('The international order and the long-term plan were discussed by the international community at great length today and then everybody went back home again.');
    expect(JSON.parse(p!.edits)).toEqual([
      { rule: 'line-hyphen-keep', from: '- ', to: '-', at: 36 },
      { rule: 'line-hyphen-join', from: '- ', to: '', at: 74 },
    ]);
  });

  it('never strips a bare number that is part of a number or a name', async () => {
    const file = await read('Growth was strong in 2017 and the G20 met.1 Reform continued.2\n\n____\n\n1. A note.\n2. Another.\n');
    expect(file.rows!.paragraphs.map((p) => p.text)).toEqual(['Growth was strong in 2017 and the G20 met. Reform continued.']);
    expect(file.rows!.notes.map((n) => [n.marker, n.text])).toEqual([['1', 'A note.'], ['2', 'Another.']]);
  });

  it('keeps a numbered list at the end as paragraphs when nothing marks it as notes', async () => {
    const file = await read('We will do three things:\n1. Open markets.\n2. Build roads.\n3. Train people.\n');
    expect(file.rows!.notes).toEqual([]);
    expect(file.rows!.paragraphs.map((p) => p.text)).toEqual(['We will do three things:', '1. Open markets.', '2. Build roads.', '3. Train people.']);
  });

  it('warns when the whole text is one line and keeps it whole', async () => {
    const file = await read('One sentence here. Another one there. And a third one.');
    expect(file.rows!.document).toMatchObject({ layout: 'single-line', profile_confidence: 'low', paragraph_count: 1 });
    expect(file.messages.map((m) => m.rule)).toEqual(['layout/single-line', 'layout/uncertain']);
  });
});

describe('markdown', () => {
  it('is detected by front matter, or by headings with other Markdown, and not by a lone hash', async () => {
    expect((await read('---\ntitle: T\n---\n\nText.\n')).rows!.document).toMatchObject({ profile: 'markdown', profile_confidence: 'high', title: 'T' });
    expect((await read('## Part\n\nSome **bold** text.\n')).rows!.document).toMatchObject({ profile: 'markdown', profile_confidence: 'medium' });
    expect((await read('#1 priority is growth.\n\nMore text.\n')).rows!.document.profile).toBe('plain');
  });

  it('removes markup with a record and keeps quotes and list items as paragraphs', async () => {
    const file = await read('# Title\n\n> A quote\n> over two lines.\n\n- One *item*\n- Two [items](https://example.org)\n');
    expect(file.rows!.document.title).toBe('Title');
    expect(file.rows!.paragraphs.map((p) => p.text)).toEqual(['A quote over two lines.', 'One item', 'Two items']);
    expect(JSON.parse(file.rows!.paragraphs[1]!.edits)).toEqual([{ rule: 'markdown-syntax', from: '*item*', to: 'item', at: 4 }]);
  });

  it('warns about front matter that is not YAML and still keeps it out of the text', async () => {
    const file = await read('---\ntitle: [unclosed\n---\n\nText.\n');
    expect(file.messages.map((m) => m.rule)).toContain('markdown/front-matter-invalid');
    expect(file.rows!.paragraphs.map((p) => p.text)).toEqual(['Text.']);
  });
});

describe('auto', () => {
  it('recognises the NPC page and reads it exactly as the declared profile does', async () => {
    const bytes = readFileSync(join(repoRoot, SAMPLE_PATH));
    const auto = await runUntil(sourceFile(bytes, { profile: 'auto' }), 'assemble');
    const declared = await runUntil(sourceFile(bytes, { profile: 'npc-governance-page' }), 'assemble');
    expect(auto.rows!.document.profile).toBe('npc-governance-page');
    expect(auto.rows!.document.profile_reason).toMatch(/^auto: line \d+ is an NPC collection line/);
    const strip = (rows: typeof auto.rows) => JSON.parse(JSON.stringify({ ...rows, document: { ...rows!.document, profile_reason: null }, paragraphs: rows!.paragraphs.map((p) => ({ ...p, source_path: null })) }).replaceAll(/file-\d+/g, 'file'));
    expect(strip(auto.rows)).toEqual(strip(declared.rows));
  });
});

describe('language', () => {
  it('names the language by script: the declared one, zh for a Chinese document or paragraph, und-Latn for Latin in a Chinese corpus', async () => {
    const mixed = await read('Opening words in English.\n\n这是一段中文的段落，讲的是合作。\n\nClosing words with a phrase, 和平发展, in English.\n');
    expect(mixed.rows!.document.language).toBe('en');
    expect(mixed.rows!.paragraphs.map((p) => p.language)).toEqual(['en', 'zh', 'en']);
    const chinese = await read('这是一段中文的段落。\n\n第二段也是中文。\n');
    expect(chinese.rows!.document.language).toBe('zh');
    expect(chinese.rows!.paragraphs[0]!.word_count).toBeGreaterThan(3);
    const inZh = await read('这是一段中文的段落。\n\nAn English paragraph.\n', 'auto', 'zh');
    expect(inZh.rows!.paragraphs.map((p) => p.language)).toEqual(['zh', 'und-Latn']);
  });
});
