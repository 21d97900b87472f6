/**
 * The one-pass word count against Intl.Segmenter, which defines the numbers.
 * FC_RUNS raises the number of random cases (the fast path was fuzzed with
 * FC_RUNS=200000, and 1000000 with FC_SEED=random); the seed is fixed unless
 * FC_SEED=random, as in test/property.test.ts.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countWords, countWordsBySegmenter, countWordsFast, fastLanguage } from '../../pipeline/text/count.js';
import { fixtureCases, fixturesDir } from '../golden/fixtures.js';

const runs = Number(process.env.FC_RUNS ?? 3000);
fc.configureGlobal({ seed: process.env.FC_SEED === 'random' ? Date.now() ^ process.pid : Number(process.env.FC_SEED ?? 20261130) });

const bySegmenter = (text: string, language = 'en') => countWordsBySegmenter(text, language);

/**
 * Word-like segments of each line by Intl.Segmenter. The lines are segmented
 * fifty at a time, as a call per short string is slow; a line break ends any word.
 */
function perLine(lines: string[], language = 'en'): number[] {
  const segmenter = new Intl.Segmenter(language, { granularity: 'word' });
  const counts: number[] = [];
  for (let i = 0; i < lines.length; i += 50) {
    const block = lines.slice(i, i + 50);
    let end = -1;
    const ends = block.map((line) => (end += line.length + 1));
    const n = block.map(() => 0);
    let j = 0;
    for (const seg of segmenter.segment(block.join('\n'))) {
      while (seg.index >= ends[j]!) j++;
      if (seg.isWordLike) n[j]!++;
    }
    counts.push(...n);
  }
  return counts;
}

/** Characters by the rule they meet in UAX #29, most weight on those that join or split words. */
const pick = (xs: string | string[]) => fc.constantFrom(...xs);
const char = fc.oneof(
  { weight: 8, arbitrary: pick('aZqéßÿĀǅạµª¸') },
  { weight: 4, arbitrary: pick('07') },
  // MidNumLet, Single_Quote, MidLetter, MidNum.
  { weight: 6, arbitrary: pick(".'’‘․:·‧,;⁄") },
  // ExtendNumLet, the narrow no-break space among them.
  { weight: 3, arbitrary: pick('_\u202f‿⁀⁔') },
  { weight: 5, arbitrary: pick(' \u00a0\u2007\u2003\u200b\n\r\t\u000b\u0085\u2028-–—…"“”„()!?/©‼€²×') },
  // Outside the fast path: combining mark, soft hyphen, ZWJ, word joiner, other scripts, fullwidth, emoji.
  { weight: 1, arbitrary: pick('\u0301\u00ad\u200d\u2060\ufeff中αאアʼ™１．😀') },
);
const piece = fc.oneof({ weight: 6, arbitrary: char }, { weight: 1, arbitrary: pick(['e.g.', 'U.S.', '1,000.5', "don't", "rock'n'roll", 'dogs’', '3rd', 'a1', '__', '_', 'a:b', '1:2']) });
const text = fc.array(piece, { maxLength: 30 }).map((xs) => xs.join(''));

describe('countWords', () => {
  it('counts what Intl.Segmenter counts, in one pass where every character is in the table', () => {
    let fast = 0;
    fc.assert(
      fc.property(text, fc.constantFrom('en', 'und-Latn', 'fr', 'de'), fc.integer({ min: 1, max: 64 }), (s, language, chunk) => {
        const expected = countWordsBySegmenter(s, language, chunk);
        const n = countWordsFast(s);
        if (n >= 0) {
          fast++;
          expect(n).toBe(expected);
        }
        expect(countWords(s, language, chunk)).toBe(expected);
      }),
      { numRuns: runs },
    );
    // The alphabet is meant to keep most cases on the fast path.
    expect(fast).toBeGreaterThanOrEqual(Math.floor(runs / 3));
  });

  it('treats every character in the table as ICU does, next to each kind of character', () => {
    // One of each class of the table: letter, digit, ExtendNumLet, MidNumLet, MidLetter, MidNum, other.
    const reps = ['a', '1', '_', '.', ':', ',', ' '];
    const lines: string[] = [];
    for (let u = 0; u < 0x10000; u++) {
      const c = String.fromCharCode(u);
      if (c === '\n' || countWordsFast(c) < 0) continue;
      for (const x of reps) for (const y of reps) lines.push(x + c + y, x + y + c, c + x + y);
    }
    expect(lines.length).toBeGreaterThan(100_000);
    const counts = perLine(lines);
    const wrong = lines.filter((line, i) => countWordsFast(line) !== counts[i]);
    expect(wrong).toEqual([]);
  });

  it('is the fast path only for locales with the root word rules', () => {
    // Every two-letter language ICU has data for, some three-letter ones, scripts and regions.
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    const languages = [
      ...Intl.Segmenter.supportedLocalesOf([...letters].flatMap((a) => [...letters].map((b) => a + b))),
      ...['fil', 'haw', 'yue', 'ast', 'gsw', 'ckb', 'und', 'und-Latn', 'und-Cyrl', 'zh-Hant', 'zh-Hant-TW', 'sr-Latn', 'en-US', 'en-GB', 'pt-BR', 'fr-CA', 'es-419', 'sv-SE'],
    ];
    expect(languages.length).toBeGreaterThan(140);
    // Every class, and the characters a tailoring would most likely move (as "a:b" once was for Swedish), in every context.
    const reps = ['a', 'é', '1', '_', '.', "'", '’', ':', '·', ',', ' '];
    const lines = reps.flatMap((x) => reps.flatMap((y) => reps.map((z) => `${x}${y}${z}${x}`)));
    const expected = lines.map((s) => countWordsFast(s));
    for (const language of languages) {
      expect(fastLanguage(language), language).toBe(true);
      expect(perLine(lines, language), language).toEqual(expected);
    }
    expect(fastLanguage('en-US-POSIX')).toBe(false);
    expect(bySegmenter('e.g. a:b', 'en-US-POSIX')).toBe(4);
    expect(countWords('e.g. a:b', 'en-US-POSIX')).toBe(4);
    expect(countWords('e.g. a:b', 'en')).toBe(2);
  });

  it('counts every paragraph of the golden fixtures as the segmenter does', () => {
    let paragraphs = 0;
    let fast = 0;
    const long: string[] = [];
    for (const fixture of fixtureCases()) {
      const expected = join(fixturesDir, fixture, 'expected');
      for (const output of readdirSync(expected)) {
        const file = join(expected, output, 'paragraphs.jsonl');
        if (!existsSync(file)) continue;
        for (const line of readFileSync(file, 'utf8').split('\n').filter(Boolean)) {
          const p = JSON.parse(line) as { text: string; language: string; word_count: number };
          paragraphs++;
          if (countWordsFast(p.text) >= 0) {
            fast++;
            long.push(p.text);
          }
          expect(countWords(p.text, p.language), p.text).toBe(countWordsBySegmenter(p.text, p.language));
          expect(countWords(p.text, p.language), p.text).toBe(p.word_count);
        }
      }
    }
    expect(paragraphs).toBeGreaterThan(50);
    expect(fast).toBeGreaterThan(paragraphs / 2);
    // Longer than a segmenter piece (2048), so the pieces' cuts are crossed too.
    const all = long.join(' ').repeat(4);
    expect(all.length).toBeGreaterThan(8192);
    expect(countWords(all, 'en')).toBe(bySegmenter(all));
  });
});
