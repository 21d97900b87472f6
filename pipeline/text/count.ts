/** Counting characters and words the same way in every row. */
import { countCodePoints } from '../file.js';

const segmenters = new Map<string, Intl.Segmenter>();

/** Word-like segments by Intl.Segmenter (dictionary-based for Chinese and Japanese). */
export function countWords(text: string, language: string): number {
  let segmenter = segmenters.get(language);
  if (!segmenter) {
    segmenter = new Intl.Segmenter(language, { granularity: 'word' });
    segmenters.set(language, segmenter);
  }
  let n = 0;
  for (const s of segmenter.segment(text)) if (s.isWordLike) n++;
  return n;
}

export const countChars = (text: string): number => countCodePoints(text);
