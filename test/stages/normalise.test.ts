import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyEdits, revertEdits } from '../../pipeline/normalise/edits.js';
import { foldWhitespace } from '../../pipeline/normalise/fold-whitespace.js';
import { normaliseBase, replay } from '../../pipeline/normalise/index.js';
import { nfc } from '../../pipeline/normalise/nfc.js';
import { COMPOUND, compounds, hyphenEvidence, rejoinHyphen } from '../../pipeline/normalise/rejoin-hyphen.js';
import { removeSoftHyphen } from '../../pipeline/normalise/remove-soft-hyphen.js';
import { removeZeroWidth } from '../../pipeline/normalise/remove-zero-width.js';
import { stripNoteMarkers } from '../../pipeline/normalise/strip-note-marker.js';
import { runUntil, sourceFile } from '../helpers/files.js';

describe('fold-whitespace', () => {
  it('folds Unicode spaces, tabs and line breaks to one space and trims', () => {
    expect(foldWhitespace('\u00a0 a\t\tb\u2003c\u202fd\u3000e \r\n f\rg\n\n h \u00a0')).toBe('a b c d e f g h');
  });
  it('joins CJK lines without a space, other lines with one', () => {
    expect(foldWhitespace('中文\n段落 \r\n继续。\nLatin\nnext')).toBe('中文段落继续。 Latin next');
  });
  it('keeps zero-width joiners, BOMs and other non-space characters for the recorded steps', () => {
    expect(foldWhitespace('👨\u200d👩 a\u200cb')).toBe('👨\u200d👩 a\u200cb');
    expect(foldWhitespace('\ufeffa ')).toBe('\ufeffa');
  });
});

describe('recorded transforms', () => {
  it('remove-zero-width removes ZWSP, WJ and BOM and keeps the text folded', () => {
    expect(removeZeroWidth('a\u200bb \u2060 c\ufeff')).toEqual({
      text: 'ab c',
      edits: [
        { rule: 'remove-zero-width', from: '\u200b', to: '', at: 1 },
        { rule: 'remove-zero-width', from: ' \u2060 ', to: ' ', at: 2 },
        { rule: 'remove-zero-width', from: '\ufeff', to: '', at: 4 },
      ],
    });
    expect(removeZeroWidth('\u200b x').text).toBe('x');
  });

  it('remove-soft-hyphen removes U+00AD, and joins a word broken after one at a line end', () => {
    expect(removeSoftHyphen('co\u00adoperation')).toEqual({ text: 'cooperation', edits: [{ rule: 'remove-soft-hyphen', from: '\u00ad', to: '', at: 2 }] });
    const raw = 'inter\u00ad\nnational law';
    const base = normaliseBase(raw);
    expect(base.text).toBe('international law');
    expect(replay(raw, base.edits)).toBe('international law');
    expect(normaliseBase('a \u00ad b').text).toBe('a b');
  });

  it('remove-zero-width joins CJK lines that end in a zero-width space', () => {
    expect(normaliseBase('中文\u200b\n文字').text).toBe('中文文字');
    expect(normaliseBase('word\u200b\nnext').text).toBe('word next');
  });

  it('nfc composes per character and records each change at its code-point offset', () => {
    expect(nfc('😀 cafe\u0301 A\u030a')).toEqual({
      text: '😀 café Å',
      edits: [
        { rule: 'nfc', from: 'e\u0301', to: 'é', at: 5 },
        { rule: 'nfc', from: 'A\u030a', to: 'Å', at: 7 },
      ],
    });
    expect(nfc('already é').edits).toEqual([]);
  });

  it('nfc falls back to one edit when composition crosses characters (Hangul jamo)', () => {
    const jamo = '\u1100\u1161';
    expect(nfc(jamo)).toEqual({ text: '가', edits: [{ rule: 'nfc', from: jamo, to: '가', at: 0 }] });
  });

  it('strip-note-marker removes only glued markers of known notes', () => {
    expect(stripNoteMarkers('end.* and 2 * 3 and **bold** and x[1] y', ['*', '[1]']).text).toBe('end. and 2 * 3 and **bold** and x y');
    expect(stripNoteMarkers('a word** here', ['*']).text).toBe('a word** here');
    expect(stripNoteMarkers('press (*) or "quote"* or (see)[1]', ['*', '[1]']).text).toBe('press (*) or "quote" or (see)');
    expect(stripNoteMarkers('a word** here', ['*', '**']).edits).toEqual([{ rule: 'strip-note-marker', from: '**', to: '', at: 6 }]);
  });

  it('rejoin-hyphen repairs a word only with evidence and a visible junction', () => {
    const evidence = hyphenEvidence(['China-US ties; non-proliferation; win-win; Asia-Pacific']);
    expect([...evidence]).toEqual([['ChinaUS', 'China-US'], ['AsiaPacific', 'Asia-Pacific']]);
    expect(rejoinHyphen('ChinaUS, nonproliferation, winwin, AsiaPacific, ChinaUSA', evidence)).toEqual({
      text: 'China-US, nonproliferation, winwin, Asia-Pacific, ChinaUSA',
      edits: [
        { rule: 'rejoin-hyphen', from: 'ChinaUS', to: 'China-US', at: 0 },
        { rule: 'rejoin-hyphen', from: 'AsiaPacific', to: 'Asia-Pacific', at: 'China-US, nonproliferation, winwin, '.length },
      ],
    });
  });

  it('rejoin-hyphen does nothing when two hyphenations of the same letters compete', () => {
    expect(hyphenEvidence(['aaBb-Cc and aa-BbCc']).size).toBe(0);
    expect(hyphenEvidence(['aaBb-Cc and aaBb-Cc']).size).toBe(1);
  });
});

describe('edits', () => {
  it('apply in order and revert in reverse order', () => {
    const raw = ' x\u200b\u00a0cafe\u0301 ChinaUS*\n';
    const base = normaliseBase(raw, { markers: ['*'] });
    const finished = rejoinHyphen(base.text, new Map([['ChinaUS', 'China-US']]));
    const edits = [...base.edits, ...finished.edits];
    expect(finished.text).toBe('x café China-US');
    expect(edits.map((e) => e.rule)).toEqual(['remove-zero-width', 'strip-note-marker', 'nfc', 'rejoin-hyphen']);
    expect(replay(raw, edits)).toBe('x café China-US');
    expect(revertEdits(finished.text, edits)).toBe(foldWhitespace(raw));
  });

  it('refuse an edit that is not where it says', () => {
    expect(() => applyEdits('abc', [{ rule: 'nfc', from: 'x', to: 'y', at: 1 }])).toThrow(/does not apply/);
  });
});

describe('normalise stage', () => {
  it('anchors notes to the title or to the paragraph whose marker it stripped, and warns on an unused marker', async () => {
    const text = ['T', 'X: C Updated: 2020-01-01', 'T*', 'May 1, 2020', '', 'Plain.', '', 'Marked here.**', '', '* On the title.', '', '** On paragraph two.', '', '*** Nowhere.', '', 'Copyright © H. All Rights Reserved.'].join('\n');
    const file = await runUntil(sourceFile(text), 'normalise');
    const n = file.normalised!;
    expect(n.paragraphs.map((p) => p.text)).toEqual(['Plain.', 'Marked here.']);
    expect(n.notes.map((x) => [x.marker, x.anchor, x.text])).toEqual([
      ['*', 'title', 'On the title.'],
      ['**', 1, 'On paragraph two.'],
      ['***', null, 'Nowhere.'],
    ]);
    expect(file.messages.map((m) => [m.rule, m.line])).toEqual([['notes/marker-not-found', 14]]);
    expect(n.date).toBe('2020-05-01');
  });

  it('gives the k-th note with a marker the k-th place that marker occurs', async () => {
    const text = ['T', 'X: C Updated: 2020-01-01', 'T', 'May 1, 2020', '', 'Body one[1] here.', '', 'Body two[1] again.', '', '[1] Note one.', '', '[1] Note two.', '', '[1] Note three.', '', 'Copyright © H. All Rights Reserved.'].join('\n');
    const file = await runUntil(sourceFile(text), 'normalise');
    expect(file.normalised!.notes.map((x) => [x.text, x.anchor])).toEqual([['Note one.', 0], ['Note two.', 1], ['Note three.', null]]);
    expect(file.messages.map((m) => m.rule)).toEqual(['notes/marker-not-found']);
  });

  it('takes hyphen evidence from the whole document, title included', async () => {
    const text = ['The China-US Talks', 'X: C Updated: 2020-01-01', 'The China-US Talks', 'May 1, 2020', '', 'On ChinaUS trade.', '', 'Copyright © H. All Rights Reserved.'].join('\n');
    const file = await runUntil(sourceFile(text), 'normalise');
    expect(file.normalised!.paragraphs[0]!.text).toBe('On China-US trade.');
  });

  it('drops a block that holds only invisible characters', async () => {
    const file = await runUntil(sourceFile('One.\n\n\u00ad\u00ad\n\nTwo.', { profile: 'plain' }), 'normalise');
    expect(file.normalised!.paragraphs.map((p) => p.text)).toEqual(['One.', 'Two.']);
  });
});

describe('compounds', () => {
  it('finds exactly what the COMPOUND pattern matches, on any text of word characters, hyphens and others', () => {
    const char = fc.constantFrom('a', 'B', 'é', '1', '-', '-', '-', ' ', '.', '\u0301', '中', '😀', '_', '\u00a0');
    fc.assert(
      fc.property(fc.array(char, { maxLength: 40 }).map((cs) => cs.join('')), (text) => {
        expect(compounds(text)).toEqual([...text.matchAll(COMPOUND)].map((m) => m[0]));
      }),
      { seed: 20261130, numRuns: 5000 },
    );
  });
});
