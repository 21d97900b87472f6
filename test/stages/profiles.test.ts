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

  it('keeps a closing list of "* " bullets as paragraphs when the body carries no "*" marker', async () => {
    const file = await read('Our aims this year:\n\n* Open markets\n* Build roads\n');
    expect(file.rows!.notes).toEqual([]);
    expect(file.rows!.paragraphs.map((p) => p.text)).toEqual(['Our aims this year:', '* Open markets', '* Build roads']);
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

/** Each case a review of the readers found wrong once. */
describe('hard cases', () => {
  const texts = async (text: string, language = 'en') => {
    const file = await read(text, 'auto', language);
    return { file, paragraphs: file.rows!.paragraphs.map((p) => p.text), sections: file.rows!.paragraphs.map((p) => p.section), doc: file.rows!.document };
  };
  const wrapped = (lines: string[]) => lines.join('\n');

  it('never takes a wrapped line that starts with a number for a heading', async () => {
    const { paragraphs, sections } = await texts(wrapped([
      'Over the past five years the economy of the whole river region has grown by',
      '15 percent in real terms, and incomes in the countryside rose by',
      'more than a third. This is the result of steady work by many people in',
      'many places, and we should be proud of what was done together.',
    ]));
    expect(paragraphs).toHaveLength(1);
    expect(paragraphs[0]).toContain('grown by 15 percent in real terms, and incomes in the countryside rose by more than a third.');
    expect(sections).toEqual([null]);
  });

  it('keeps numbered lists, a closing in capitals and stage directions as paragraphs', async () => {
    expect((await texts('We will do two things:\n1. Open markets\n2. Fair trade\nThank you.\n')).paragraphs).toEqual(['We will do two things:', '1. Open markets', '2. Fair trade', 'Thank you.']);
    expect((await texts('我们要做到：\n一、坚持改革\n二、扩大开放\n谢谢大家。\n', 'zh')).paragraphs).toEqual(['我们要做到：', '一、坚持改革', '二、扩大开放', '谢谢大家。']);
    const closing = await texts('We met today.\n\n(APPLAUSE)\n\nWe part tomorrow.\n\nGOD BLESS AMERICA\n');
    expect(closing.paragraphs).toEqual(['We met today.', '(APPLAUSE)', 'We part tomorrow.', 'GOD BLESS AMERICA']);
    expect(closing.sections).toEqual([null, null, null, null]);
  });

  it('nests a subheading under its heading, and closes it at the next heading of the same style', async () => {
    const { sections } = await texts('I. Trade\n\n(i) Ports\n\nPorts grew.\n\n(ii) Roads\n\nRoads grew.\n\nII. Money\n\nBanks grew.\n');
    expect(sections).toEqual(['I. Trade › (i) Ports', 'I. Trade › (ii) Roads', 'II. Money']);
    const md = await texts('# Title\n\n## A\n\nOne.\n\n### B\n\nTwo.\n\n## C\n\nThree.\n');
    expect(md.sections).toEqual(['A', 'A › B', 'C']);
  });

  it('never strips a note number out of a decimal, and needs glued numbers before taking a list for notes', async () => {
    const decimals = await texts('Output grew 6.7 percent and exports 7.1%, as the report1 shows.\n\nNotes\n\n1. The annual report.\n');
    expect(decimals.paragraphs).toEqual(['Output grew 6.7 percent and exports 7.1%, as the report shows.']);
    const list = await texts('Prices rose 7.1 percent and wages 8.2 percent.\n\nWe will now:\n\n1 Open markets\n\n2 Cut red tape\n');
    expect(list.file.rows!.notes).toEqual([]);
    expect(list.paragraphs).toContain('Prices rose 7.1 percent and wages 8.2 percent.');
  });

  it('does not turn the speech after a separator into notes', async () => {
    const { file, paragraphs } = await texts('Opening words.\n\n* * *\n\n1. Deepen reform. We start now.\n\nMore on reform.\n\n2. Open wider. We go on.\n');
    expect(file.rows!.notes).toEqual([]);
    expect(paragraphs).toEqual(['Opening words.', '1. Deepen reform. We start now.', 'More on reform.', '2. Open wider. We go on.']);
  });

  it('keeps the lines that continue a note at the end', async () => {
    const { file, paragraphs } = await texts('The numbers come from the bureau.[1] The plan is public.[2]\n\n[1] Source: NBS,\n    table 3.\n[2] See the plan.\n');
    expect(paragraphs).toEqual(['The numbers come from the bureau. The plan is public.']);
    expect(file.rows!.notes.map((n) => [n.marker, n.text])).toEqual([['[1]', 'Source: NBS, table 3.'], ['[2]', 'See the plan.']]);
  });

  it('reads "---" above a title and a date as a rule, not as front matter', async () => {
    const { doc, paragraphs } = await texts('---\nSpeech by the President\nApril 6, 2017\n---\n\nWe met today.\n');
    expect(doc).toMatchObject({ profile: 'plain', title: 'Speech by the President', date: '2017-04-06' });
    expect(paragraphs).toEqual(['We met today.']);
  });

  it('reads an occasion that closes the text, and one in the note on the title, with its date', async () => {
    const chinese = await texts('庆祝大会讲话\n\n同志们：\n\n今天我们在这里隆重集会。\n\n（这是习近平在庆祝大会上讲话的一部分。）\n', 'zh');
    expect(chinese.doc.occasion).toBe('这是习近平在庆祝大会上讲话的一部分。');
    expect(chinese.paragraphs).toEqual(['同志们：', '今天我们在这里隆重集会。']);
    const note = await texts('Working Together*\n\nWe met today.\n\n* This is part of the speech at the forum on March 23, 2013.\n');
    expect(note.doc).toMatchObject({ title: 'Working Together', occasion: 'This is part of the speech at the forum on March 23, 2013.', date: '2013-03-23', date_text: 'March 23, 2013', title_note: 'This is part of the speech at the forum on March 23, 2013.' });
  });

  it('takes titles with abbreviations, and dates with weekdays and ordinals', async () => {
    expect((await texts('Speech by H.E. Xi Jinping at the U.S. Chamber of Commerce\n\nWe met today.\n')).doc.title).toBe('Speech by H.E. Xi Jinping at the U.S. Chamber of Commerce');
    for (const date of ['April 6, 2017', 'Thursday, April 6, 2017', 'April 6th, 2017']) {
      const { doc, paragraphs } = await texts(`Remarks by Mr. Wang Yi\n${date}\nWe met today.\nWe part tomorrow.\n`);
      expect(doc, date).toMatchObject({ title: 'Remarks by Mr. Wang Yi', date: '2017-04-06', date_text: date });
      expect(paragraphs).toEqual(['We met today.', 'We part tomorrow.']);
    }
    expect((await texts('讲话\n2013年3月23日 星期六\n\n今天我们开会。\n', 'zh')).doc.date).toBe('2013-03-23');
  });

  it('reads Markdown titled by "# " alone, quotes in several paragraphs, nested quotes and setext headings', async () => {
    const titled = await texts('# Remarks on Trade\n\nWe met today.\n\nWe part tomorrow.\n');
    expect(titled.doc).toMatchObject({ profile: 'markdown', title: 'Remarks on Trade' });
    expect((await texts('## Part\n\n> Para one.\n>\n> Para two.\n\n> > Nested\n> > quote.\n', 'en')).paragraphs).toEqual(['Para one.', 'Para two.', 'Nested quote.']);
    const setext = await read('Title\n=====\n\nText.\n\nPart\n----\n\nMore.\n', 'markdown');
    expect(setext.rows!.document.title).toBe('Title');
    expect(setext.rows!.paragraphs.map((p) => [p.section, p.text])).toEqual([[null, 'Text.'], ['Part', 'More.']]);
  });

  it('ends a paragraph after a salutation, and reads ideographic-space indents as one paragraph per line', async () => {
    const { paragraphs } = await texts(wrapped([
      'Ladies and gentlemen,',
      'it is a pleasure to stand here today in front of so many friends from',
      'across the river, and to open the new bridge that joins our two towns',
      'after so many years of waiting and planning and hoping.',
    ]));
    expect(paragraphs[0]).toBe('Ladies and gentlemen,');
    expect(paragraphs).toHaveLength(2);
    const chinese = await texts('\u3000\u3000尊敬的校长先生，\n\u3000\u3000今天我们在这里开会。\n\u3000\u3000谢谢大家。\n', 'zh');
    expect(chinese.doc.layout).toBe('line-per-paragraph');
    expect(chinese.paragraphs).toEqual(['尊敬的校长先生，', '今天我们在这里开会。', '谢谢大家。']);
  });

  it('keeps a Q&A label with its text across a blank line', async () => {
    expect((await texts('Q:\n\nWhat about trade?\n\nA:\n\nIt grows.\n')).paragraphs).toEqual(['Q: What about trade?', 'A: It grows.']);
  });

  it('leaves out what surrounds a press release, and reads its dateline', async () => {
    const { file, doc, paragraphs } = await texts('FOR IMMEDIATE RELEASE\n\nPier Closed\n\nRIVERSIDE, March 3, 2022 — The pier closed today.\n\nIt opens in May.\n\n(Editor: Wang Lin)\n\n###\n\nContact:\nLena Ward\n+1 555 0100\n');
    expect(doc).toMatchObject({ title: 'Pier Closed', date: '2022-03-03', date_text: 'March 3, 2022' });
    expect(paragraphs).toEqual(['RIVERSIDE, March 3, 2022 — The pier closed today.', 'It opens in May.']);
    expect(file.messages.filter((m) => m.rule === 'segment/furniture-skipped').map((m) => m.line)).toEqual([1, 11, 9]);
  });

  it('keeps a speech whose parts "###" separates', async () => {
    const long = 'This part of the speech goes on for a long while, far longer than any line of a contact block would, and ends here.';
    expect((await texts(`Opening words.\n\n###\n\n${long}\n\n${long}\n`)).paragraphs).toEqual(['Opening words.', long, long]);
  });

  it('takes page numbers and running headers out of a paragraph a page break cut, with a record', async () => {
    const { file, paragraphs } = await texts(wrapped([
      'Report on the Bridge', '', '    The new bridge was opened in spring after four years of work by the', 'engineers of both towns, who met every week to', '', 'Page 1', '', 'Bridge Report', '',
      'settle the questions that came up along the way. It cost less than planned.', '    We thank them all for their patience and their skill in this long work.', '', 'Page 2', '', 'Bridge Report', '',
    ]));
    expect(paragraphs).toEqual([
      'The new bridge was opened in spring after four years of work by the engineers of both towns, who met every week to settle the questions that came up along the way. It cost less than planned.',
      'We thank them all for their patience and their skill in this long work.',
    ]);
    expect(JSON.parse(file.rows!.paragraphs[0]!.edits)).toEqual([
      { rule: 'page-furniture', from: ' Page 1', to: '', at: 114 },
      { rule: 'page-furniture', from: ' Bridge Report', to: '', at: 114 },
    ]);
  });

  it('leaves one space where furniture stood, also beside CJK lines that join without one', async () => {
    const cases: [string, string][] = [
      ['- 3 -\nA Title\n一、坚持改革\n一、坚持改革\nPage 2\nRIVERSIDE, March 3, 2022 — The pier closed.', 'A Title RIVERSIDE, March 3, 2022 — The pier closed.'],
      ['- 3 -\n一、坚持改革\n\u3000\u3000中文段落，没有结束\n一、坚持改革\n- 3 -\nA Title', '中文段落，没有结束 A Title'],
    ];
    for (const [text, paragraph] of cases) {
      const file = await runUntil(sourceFile(text, { profile: 'plain' }), 'assemble');
      expect(file.rows!.paragraphs.map((p) => p.text)).toEqual([paragraph]);
    }
  });

  it('reads header lines an audit found missing: a name alone, labels after the title, Chinese labels, labels on lines of their own', async () => {
    const chinese = await texts('在论坛上的讲话\n李文\n（2013年3月23日）\n\u3000\u3000各位来宾：\n\u3000\u3000今天我们在这里开会。\n', 'zh');
    expect(chinese.doc).toMatchObject({ title: '在论坛上的讲话', speaker: '李文', date: '2013-03-23' });
    expect(chinese.paragraphs).toEqual(['各位来宾：', '今天我们在这里开会。']);
    expect((await texts('Remarks on Water Policy\nAlma Reyes\nApril 6, 2017\n\nWe met today.\n')).doc).toMatchObject({ title: 'Remarks on Water Policy', speaker: 'Alma Reyes', date: '2017-04-06' });
    expect((await texts('Remarks on Water Policy\nOpening Remarks\nApril 6, 2017\n\nWe met today.\n')).doc.speaker).toBeNull();
    expect((await texts('Remarks on Water\nSpeaker: Alma Reyes\nApril 6, 2017\n\nWe met today.\n')).doc).toMatchObject({ speaker: 'Alma Reyes', date: '2017-04-06' });
    const stamped = await texts('港口报告\n更新时间：2017-04-08 10:23\n来源：新华网\n（2013年3月23日）\n\n今天我们开会。\n', 'zh');
    expect(stamped.doc).toMatchObject({ title: '港口报告', source_updated: '2017-04-08', publisher: '新华网', date: '2013-03-23' });
    expect(stamped.paragraphs).toEqual(['今天我们开会。']);
    expect((await texts('标题：港口报告\n作者：李文\n日期：2013年3月23日\n\n今天我们开会。\n', 'zh')).doc).toMatchObject({ title: '港口报告', speaker: '李文', date: '2013-03-23' });
    const alone = await texts('TITLE\nThe Plan\nDATE\n6 April 2017\nBODY\nWe met today.\nWe part tomorrow.\n');
    expect(alone.doc).toMatchObject({ title: 'The Plan', date: '2017-04-06' });
    expect(alone.paragraphs).toEqual(['We met today.', 'We part tomorrow.']);
  });

  it('keeps dates it cannot place as one day in date_text, reads year-first and Chinese-numeral dates, and posted-on stamps', async () => {
    for (const [line, date] of [['April 2017', null], ['06/04/2017', null], ['23/03/2013', '2013-03-23'], ['2013.03.23', '2013-03-23'], ['二〇一三年三月二十三日', '2013-03-23']] as const) {
      const { doc, paragraphs } = await texts(`A Speech\n${line}\n\nWe met today.\n`, 'en');
      expect(doc, line).toMatchObject({ title: 'A Speech', date_text: line, date });
      expect(paragraphs).toEqual(['We met today.']);
    }
    expect((await texts('A Speech\nPosted on April 8, 2017\n\nWe met today.\n')).doc).toMatchObject({ source_updated: '2017-04-08', date: null });
    expect((await texts('On 6 April 2017 - a day none of us will forget - the old bridge closed.\n\nIt opens in May.\n')).doc.date).toBeNull();
  });

  it('lets an unindented line carry on an indented first line that stops mid-sentence', async () => {
    const english = await texts('    The first paragraph starts here and goes on about the river and\nends on this line.\n    The second paragraph.\n    The third paragraph.\n');
    expect(english.paragraphs).toEqual(['The first paragraph starts here and goes on about the river and ends on this line.', 'The second paragraph.', 'The third paragraph.']);
    const chinese = await texts('\u3000\u3000这项工作关系到全省的发展，也关系到本\n地区的长远发展。\n\u3000\u3000我们要坚持下去。\n\u3000\u3000谢谢大家。\n', 'zh');
    expect(chinese.paragraphs).toEqual(['这项工作关系到全省的发展，也关系到本地区的长远发展。', '我们要坚持下去。', '谢谢大家。']);
  });

  it('reads Chinese note markers after 。 and in full-width or circled form', async () => {
    for (const [marker, line] of [['[1]', '[1] 见《报告》。'], ['［1］', '［1］见《报告》。'], ['①', '①见《报告》。']] as const) {
      const file = await runUntil(sourceFile(`我们要坚持改革开放。${marker}\n\n今天我们开会。\n\n${line}\n`, { profile: 'auto', language: 'zh' }), 'assemble');
      expect(file.rows!.paragraphs.map((p) => p.text), marker).toEqual(['我们要坚持改革开放。', '今天我们开会。']);
      expect(file.rows!.notes.map((n) => [n.marker, n.text, n.anchor !== null])).toEqual([[marker, '见《报告》。', true]]);
    }
    const headed = await runUntil(sourceFile('我们要坚持改革开放。[1]\n\n注释：\n\n[1] 见《报告》。\n', { profile: 'auto', language: 'zh' }), 'assemble');
    expect(headed.rows!.paragraphs.map((p) => p.text)).toEqual(['我们要坚持改革开放。']);
    expect(headed.messages.map((m) => m.rule)).not.toContain('notes/marker-not-found');
  });

  it('nests numbered subheadings, and keeps stage directions in capitals as text', async () => {
    const { sections } = await texts('1. Introduction\n\nText one.\n\n1.1 Background\n\nText two.\n\n1.2 Scope\n\nText three.\n');
    expect(sections).toEqual(['1. Introduction', '1. Introduction › 1.1 Background', '1. Introduction › 1.2 Scope']);
    const applause = await texts('We met today.\n\nAPPLAUSE\n\nWe part tomorrow.\n');
    expect(applause.paragraphs).toEqual(['We met today.', 'APPLAUSE', 'We part tomorrow.']);
    expect(applause.sections).toEqual([null, null, null]);
  });

  describe('regressions a third review found', () => {
    it('keeps a transcript\'s first line when it starts with a speaker label', async () => {
      const zh = await texts('外交部发言人例行记者会\n2021年3月1日\n\n发言人：各位记者朋友，大家好。今天我们发布三条消息。\n\n问：请介绍一下情况。\n', 'zh');
      expect(zh.doc.speaker).toBeNull();
      expect(zh.paragraphs[0]).toBe('发言人：各位记者朋友，大家好。今天我们发布三条消息。');
      const en = await texts('Press Briefing\nApril 6, 2017\n\nSpeaker: Good morning, everyone. We have three items today.\n\nThank you.\n');
      expect(en.doc.speaker).toBeNull();
      expect(en.paragraphs[0]).toBe('Speaker: Good morning, everyone. We have three items today.');
      expect((await texts('Press Briefing\nSpeaker: Martin Luther King Jr.\nApril 6, 2017\n\nWe met.\n')).doc.speaker).toBe('Martin Luther King Jr.');
    });

    it('finds Chinese note markers followed by text, and a citation after a space', async () => {
      const zh = await runUntil(sourceFile('我们要扩大对外开放。[1]我们要推动改革。[2]\n\n[1] 见《报告》。\n[2] 见《决定》。\n', { profile: 'auto', language: 'zh' }), 'assemble');
      expect(zh.rows!.paragraphs.map((p) => p.text)).toEqual(['我们要扩大对外开放。我们要推动改革。']);
      expect(zh.rows!.notes.map((n) => n.marker)).toEqual(['[1]', '[2]']);
      const spaced = await texts('Exports grew, as the bureau reported [1].\n\n[1] National Bureau of Statistics.\n');
      expect(spaced.paragraphs).toEqual(['Exports grew, as the bureau reported.']);
      expect(spaced.file.rows!.notes.map((n) => [n.marker, n.anchor !== null])).toEqual([['[1]', true]]);
    });

    it('keeps a later part after "###" unless contact details follow it', async () => {
      const part = 'and so the second part of the speech goes on over a line that is\nwrapped like the rest of the text in this file.';
      expect((await texts(`The first part ends here.\n\n###\n\nThis part begins ${part}\n`)).paragraphs).toHaveLength(2);
    });

    it('keeps year and section numbers, and speaker labels beside page numbers', async () => {
      expect((await texts('Our history.\n\n1978\n\nReform began.\n\n1992\n\nIt went on.\n\n2001\n\nWe joined.\n')).paragraphs).toEqual(['Our history.', '1978', 'Reform began.', '1992', 'It went on.', '2001', 'We joined.']);
      const transcript = await texts('THE CHAIRMAN:\nThe meeting is open and we begin\n\nPage 1\n\nwith the first item.\nMR. JONES:\nI agree.\n\nPage 2\n\nTHE CHAIRMAN:\nThank you.\n');
      expect(transcript.paragraphs.filter((p) => p.includes('CHAIRMAN')).length).toBeGreaterThan(0);
    });

    it('keeps a closing Q&A line that starts "Reporter:"', async () => {
      expect((await texts('We met today.\n\nReporter: Thank you, Minister.\n')).paragraphs).toEqual(['We met today.', 'Reporter: Thank you, Minister.']);
    });

    it('joins Chinese across a page break without a space', async () => {
      const { paragraphs } = await texts('\u3000\u3000我们要保持经济\n\n- 12 -\n\n持续健康发展。\n\u3000\u3000谢谢大家。\n\n- 13 -\n', 'zh');
      expect(paragraphs).toEqual(['我们要保持经济持续健康发展。', '谢谢大家。']);
    });

    it('takes no venue or city for a speaker', async () => {
      for (const venue of ['Democratic National Convention', 'Stanford University', 'White House Rose Garden']) {
        expect((await texts(`The Audacity of Hope\n${venue}\nJuly 27, 2004\n\nWe met.\n`)).doc.speaker, venue).toBeNull();
      }
      for (const venue of ['北京大学', '杭州']) expect((await texts(`讲话\n${venue}\n2013年3月23日\n\n今天开会。\n`, 'zh')).doc.speaker, venue).toBeNull();
    });

    it('takes no historic date in the first sentence for the delivery date', async () => {
      for (const opening of ['Yesterday, December 7th, 1941 -- a date which will live in infamy.', 'Seventy-five years ago, June 6, 1944 - they landed.', 'Mr. Chairman, 6 April 2017: we met.']) {
        expect((await texts(`${opening}\n\nWe remember.\n`)).doc.date, opening).toBeNull();
      }
      expect((await texts('Beijing, April 6, 2017 (Xinhua) -- The talks began.\n\nThey end today.\n')).doc.date).toBe('2017-04-06');
    });

    it('reads more than 999 bracketed notes at the end, with no "Notes" line', async () => {
      const n = 1200;
      const body = Array.from({ length: n }, (_, k) => `Claim ${k + 1} is made here.[${k + 1}]`).join('\n\n');
      const notes = Array.from({ length: n }, (_, k) => `[${k + 1}] Source number ${k + 1}.`).join('\n');
      const { file } = await texts(`Many Notes\n\n${body}\n\n${notes}\n`);
      expect(file.rows!.notes).toHaveLength(n);
      expect(file.rows!.paragraphs).toHaveLength(n);
      expect(file.rows!.notes.at(-1)!.anchor).toBe(file.rows!.paragraphs.at(-1)!.paragraph_id);
    });

    it('reads a long notes section whole', async () => {
      const notes = Array.from({ length: 150 }, (_, k) => `${k + 1}. Source number ${k + 1},\n   first line of it\n   and its second line.`).join('\n');
      const body = Array.from({ length: 150 }, (_, k) => `Claim ${k + 1} is made here.${k + 1}`).join('\n\n');
      const { file } = await texts(`${body}\n\nNotes\n\n${notes}\n`);
      expect(file.rows!.notes).toHaveLength(150);
      expect(file.rows!.document.layout).toBe('blank-line');
    });

    it('keeps Markdown text after an inline comment, and text after an unclosed one', async () => {
      const inline = await read('## Trade\n\n<!-- editor: check figures --> Exports rose.\n\n<!-- unclosed\n\nImports fell.\n', 'markdown');
      expect(inline.rows!.paragraphs.map((p) => p.text)).toEqual(['Exports rose.', '<!-- unclosed', 'Imports fell.']);
    });

    it('glues no unindented sentence to an indented line of verse', async () => {
      const { paragraphs } = await texts('    Do not stand at my grave and weep,\n    I am not there, I do not sleep\nThank you all for coming today.\n    We part now.\n');
      expect(paragraphs).toContain('Thank you all for coming today.');
    });
  });

  describe('what a review of realistic corpora found', () => {
    it('leaves out transcript clock times and delivery notes, and ends at "END" with a time', async () => {
      const { doc, paragraphs, sections } = await texts('Remarks by the President on Trade\n\n2:31 P.M. EDT\n\nTHE PRESIDENT: Thank you. Please be seated.\n\n(Applause.)\n\nWe met today.\n\nEND\n2:49 P.M. EDT\n');
      expect(doc.title).toBe('Remarks by the President on Trade');
      expect(paragraphs).toEqual(['THE PRESIDENT: Thank you. Please be seated.', '(Applause.)', 'We met today.']);
      expect(sections).toEqual([null, null, null]);
      const top = await texts('Check against delivery\n\nStatement on Climate\n\nNew York, 23 September 2019\n\nMr. President,\n\nWe act now.\n');
      expect(top.doc).toMatchObject({ title: 'Statement on Climate', date: '2019-09-23', date_text: '23 September 2019' });
      expect(top.paragraphs).toEqual(['Mr. President,', 'We act now.']);
    });

    it('reads a speaker after the date, with or without a job title, and Chinese subtitles that say when and where', async () => {
      expect((await texts('Working Together\nMarch 25, 2013\nXi Jinping\n\nWe met today.\n')).doc).toMatchObject({ title: 'Working Together', date: '2013-03-25', speaker: 'Xi Jinping' });
      expect((await texts('在庆祝改革开放40周年大会上的讲话\n（2018年12月18日）\n习近平\n\n同志们：\n', 'zh')).doc).toMatchObject({ date: '2018-12-18', speaker: '习近平' });
      const report = await texts('政府工作报告\n——2019年3月5日在第十三届全国人民代表大会第二次会议上\n国务院总理\u3000李克强\n各位代表：\n现在，我代表国务院，向大会报告政府工作。\n', 'zh');
      expect(report.doc).toMatchObject({ title: '政府工作报告', date: '2019-03-05', occasion: '2019年3月5日在第十三届全国人民代表大会第二次会议上', speaker: '李克强' });
      expect(report.paragraphs).toEqual(['各位代表：', '现在，我代表国务院，向大会报告政府工作。']);
    });

    it('reads agency lines that hold a source, a time stamp and an editor side by side', async () => {
      const { doc, paragraphs } = await texts('China Opens Ports\nSource: Xinhua | 2019-01-21 10:12:45 | Editor: Li Xia\n\nThe ports opened today.\n');
      expect(doc).toMatchObject({ title: 'China Opens Ports', publisher: 'Xinhua', source_updated: '2019-01-21' });
      expect(paragraphs).toEqual(['The ports opened today.']);
      const zh = await texts('港口开放\n2021年10月15日08:26\u3000来源：人民网－人民日报\n\n港口今天开放。\n\n（责编：王连香、牛镛）\n', 'zh');
      expect(zh.doc).toMatchObject({ publisher: '人民网－人民日报', source_updated: '2021-10-15' });
      expect(zh.paragraphs).toEqual(['港口今天开放。']);
    });

    it('leaves out page chrome, and one page number that cuts a sentence', async () => {
      const { paragraphs } = await texts('A Short Address\n\nWe met today and we will\n\n1\n\nachieve more together.\n\nShare this:\nFacebook\nTwitter\nPrint\n');
      expect(paragraphs).toEqual(['We met today and we will achieve more together.']);
    });

    it('takes the date a Chinese title opens with, and Markdown label lines before the first paragraph', async () => {
      expect((await texts('2023年3月1日外交部发言人毛宁主持例行记者会\n\n问：请介绍情况。\n\n答：好的。\n', 'zh')).doc.date).toBe('2023-03-01');
      const md = await read('# Remarks on Water\n\n**Date:** March 11, 2020\n**Speaker:** Alma Reyes\n**Location:** Riverside\n\nWe met today.\n', 'markdown');
      expect(md.rows!.document).toMatchObject({ title: 'Remarks on Water', date: '2020-03-11', speaker: 'Alma Reyes' });
      expect(md.rows!.paragraphs.map((p) => p.text)).toEqual(['We met today.']);
    });
  });
});
