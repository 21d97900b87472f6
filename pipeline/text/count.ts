/** Counting characters and words the same way in every row. */
import { countCodePoints } from '../file.js';

/**
 * Word-break classes (UAX #29 as the ICU in Node applies it, read off
 * Intl.Segmenter and checked entry by entry in test/text/count.test.ts) of the
 * UTF-16 code units the fast count knows; UNKNOWN for the rest. Spaces, CR, LF
 * and Newline act as plain punctuation here: they differ from it only in rules
 * that never make a segment word-like. Extend, Format and ZWJ are left out, as
 * they take the class of the character before them, and so are other scripts,
 * which bring Hebrew quote rules, kana and dictionary segmentation.
 */
const UNKNOWN = 0;
const OTHER = 1;
const LETTER = 2;
const DIGIT = 3;
/** ExtendNumLet: _ and the like, including the narrow no-break space. */
const JOIN = 4;
/** MidLetter: joins letters only (a:b, a·b). */
const MID_LETTER = 5;
/** MidNum: joins digits only (1,000). */
const MID_NUM = 6;
/** MidNumLet and Single_Quote: join letters or digits (e.g, don't, 1.5). */
const MID_BOTH = 7;

const CLASS = new Uint8Array(0x20c1);
for (const [cls, ranges] of [
  // Later ranges overwrite earlier ones.
  [OTHER, [[0x00, 0xff], [0x2000, 0x206f], [0x20a0, 0x20c0]]],
  [LETTER, [[0x41, 0x5a], [0x61, 0x7a], [0xaa], [0xb5], [0xb8], [0xba], [0xc0, 0xd6], [0xd8, 0xf6], [0xf8, 0x24f], [0x1e00, 0x1eff]]],
  [DIGIT, [[0x30, 0x39]]],
  [JOIN, [[0x5f], [0x202f], [0x203f, 0x2040], [0x2054]]],
  [MID_LETTER, [[0x3a], [0xb7], [0x2027]]],
  [MID_NUM, [[0x2c], [0x3b], [0x2044]]],
  [MID_BOTH, [[0x27], [0x2e], [0x2018, 0x2019], [0x2024]]],
  // Soft hyphen, ZWNJ, ZWJ, direction marks and controls, word joiner, invisible operators.
  [UNKNOWN, [[0xad], [0x200c, 0x200f], [0x202a, 0x202e], [0x2060, 0x206f]]],
] as const) {
  for (const [from, to = from] of ranges) CLASS.fill(cls, from, to + 1);
}

/**
 * Word-like segments of `text` in one pass, exactly as Intl.Segmenter counts
 * them, or -1 when `text` holds a character outside CLASS. A segment is a run
 * of letters, digits and JOINs, continued across one MID between two letters
 * or two digits; it is word-like unless it is a lone JOIN ("_" is not, "__" is).
 */
export function countWordsFast(text: string): number {
  let n = 0;
  let prev = OTHER;
  let before = OTHER;
  // False only while the current segment is a lone JOIN.
  let counted = true;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const c = code < CLASS.length ? CLASS[code]! : UNKNOWN;
    if (c === UNKNOWN) return -1;
    if (c === LETTER || c === DIGIT || c === JOIN) {
      if (prev === LETTER || prev === DIGIT || prev === JOIN) {
        if (!counted) {
          n++;
          counted = true;
        }
      } else {
        const across = before === c && (c === LETTER ? prev === MID_LETTER || prev === MID_BOTH : c === DIGIT && (prev === MID_NUM || prev === MID_BOTH));
        if (!across) {
          counted = c !== JOIN;
          if (counted) n++;
        }
      }
    }
    before = prev;
    prev = c;
  }
  return n;
}

const segmenters = new Map<string, { segmenter: Intl.Segmenter; fast: boolean }>();

function segmenterFor(language: string): { segmenter: Intl.Segmenter; fast: boolean } {
  let entry = segmenters.get(language);
  if (!entry) {
    const segmenter = new Intl.Segmenter(language, { granularity: 'word' });
    // ICU tailors word breaks by locale only through variants and extensions
    // (en-US-u-va-posix splits "e.g." and "a:b"); a bare language[-Script][-Region]
    // gets the root rules, as test/text/count.test.ts checks for every language.
    const fast = /^[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|\d{3}))?$/.test(segmenter.resolvedOptions().locale);
    entry = { segmenter, fast };
    segmenters.set(language, entry);
  }
  return entry;
}

/** Whether countWords may count `language` in one pass (it throws, as the segmenter does, for a malformed tag). */
export const fastLanguage = (language: string): boolean => segmenterFor(language).fast;

/**
 * CJK punctuation no word continues across. Not the full-width comma, colon or
 * semicolon: Unicode joins "1,000，3" into one number across those.
 */
const CJK_STOPS = new Set(['。', '、', '！', '？']);

/**
 * Where to cut `text` near `target` without splitting a word: at a space, else
 * just after CJK punctuation, else at the next such place after `target`, up to
 * `reach` further. A run longer than that with neither (pathological: thousands
 * of Han characters without a stop) is cut where the segmenter, given the text
 * up to `reach` past `target`, ends a word: the segmenter takes time that grows
 * faster than the run. Only a "word" longer than that window (a hash, a DNA
 * string) is cut inside, and counts as more than one.
 */
function cutPoint(text: string, start: number, target: number, reach: number, segmenter: Intl.Segmenter): number {
  // A cut is never at `start` itself, so every piece holds at least one character.
  for (let i = target; i > start + 1; i--) {
    const c = text[i - 1]!;
    if (c === ' ') return i - 1;
    if (CJK_STOPS.has(c)) return i;
  }
  const limit = Math.min(text.length, target + reach);
  for (let i = target; i < limit; i++) {
    const c = text[i]!;
    if (c === ' ') return i;
    if (CJK_STOPS.has(c)) return i + 1;
  }
  if (limit === text.length) return text.length;
  // The last boundary at or before `target`; else the first after it (the end of a word longer than `target`); else `limit`.
  let before = 0;
  for (const s of segmenter.segment(text.slice(start, limit))) {
    if (s.index === 0) continue;
    if (start + s.index <= target) before = start + s.index;
    else return before || start + s.index;
  }
  return before || limit;
}

/**
 * Word-like segments by Intl.Segmenter (dictionary-based for Chinese and
 * Japanese). Long texts are segmented in pieces cut where no word can span the
 * cut, since the segmenter slows down more than linearly on long strings.
 */
export function countWordsBySegmenter(text: string, language: string, chunk = 2048): number {
  const { segmenter } = segmenterFor(language);
  let n = 0;
  for (let start = 0; start < text.length; ) {
    const end = start + chunk >= text.length ? text.length : cutPoint(text, start, start + chunk, Math.max(2 * chunk, 4096), segmenter);
    for (const s of segmenter.segment(text.slice(start, end))) if (s.isWordLike) n++;
    start = end;
  }
  return n;
}

/**
 * Word-like segments as Intl.Segmenter counts them. Most paragraphs are Latin
 * text, which one pass over CLASS counts some forty times faster than the
 * segmenter; anything else, or a tailored locale, goes to the segmenter.
 */
export function countWords(text: string, language: string, chunk = 2048): number {
  const n = segmenterFor(language).fast ? countWordsFast(text) : -1;
  return n >= 0 ? n : countWordsBySegmenter(text, language, chunk);
}

export const countChars = (text: string): number => countCodePoints(text);
