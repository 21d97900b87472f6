/** Counting characters and words the same way in every row. */
import { countCodePoints } from '../file.js';

const segmenters = new Map<string, Intl.Segmenter>();

/**
 * CJK punctuation no word continues across. Not the full-width comma, colon or
 * semicolon: Unicode joins "1,000，3" into one number across those.
 */
const CJK_STOPS = new Set(['。', '、', '！', '？']);

/**
 * Where to cut `text` near `target` without splitting a word: at a space, else
 * just after CJK punctuation, else at the next such place after `target`.
 */
function cutPoint(text: string, start: number, target: number): number {
  // A cut is never at `start` itself, so every piece holds at least one character.
  for (let i = target; i > start + 1; i--) {
    const c = text[i - 1]!;
    if (c === ' ') return i - 1;
    if (CJK_STOPS.has(c)) return i;
  }
  for (let i = target; i < text.length; i++) {
    const c = text[i]!;
    if (c === ' ') return i;
    if (CJK_STOPS.has(c)) return i + 1;
  }
  return text.length;
}

/**
 * Word-like segments by Intl.Segmenter (dictionary-based for Chinese and
 * Japanese). Long texts are segmented in pieces cut where no word can span the
 * cut, since the segmenter slows down more than linearly on long strings.
 */
export function countWords(text: string, language: string, chunk = 2048): number {
  let segmenter = segmenters.get(language);
  if (!segmenter) {
    segmenter = new Intl.Segmenter(language, { granularity: 'word' });
    segmenters.set(language, segmenter);
  }
  let n = 0;
  for (let start = 0; start < text.length; ) {
    const end = start + chunk >= text.length ? text.length : cutPoint(text, start, start + chunk);
    for (const s of segmenter.segment(text.slice(start, end))) if (s.isWordLike) n++;
    start = end;
  }
  return n;
}

export const countChars = (text: string): number => countCodePoints(text);
