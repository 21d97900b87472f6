/**
 * strip-note-marker: a note marker glued to the end of a word ("era.*",
 * "reform[1]") is a link to a note, not text. Only markers that a note of the
 * same document uses are removed; the notes table keeps the link as `anchor`.
 */
import { replaceRecorded, type Recorded } from './edits.js';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** CJK sentence and clause punctuation a marker may follow ("开放。[1]"). */
export const CJK_PUNCTUATION = '。，、；：！？…」』】）';

export function markerPattern(markers: readonly string[]): RegExp | null {
  if (markers.length === 0) return null;
  const longestFirst = [...new Set(markers)].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  const numbers = longestFirst.filter((m) => /^\d+$/.test(m));
  const others = longestFirst.filter((m) => !/^\d+$/.test(m));
  const alternatives = [
    // Glued to a word, a number or closing punctuation; never after an opening bracket ("press (*)").
    others.length ? `(?<=[\\p{L}\\p{N}\\p{M}\\p{Pe}\\p{Pf}.,;:!?'"${CJK_PUNCTUATION}])(?:${others.map(escape).join('|')})` : null,
    // A bare number only after a lower-case letter, or punctuation that no digit precedes: never inside a number ("2017", "7.1") or a name ("G20").
    numbers.length ? `(?:(?<=[\\p{Ll}\\p{M}\\p{Pe}\\p{Pf}${CJK_PUNCTUATION}])|(?<=(?<!\\p{N})[.,;:!?'"]))(?:${numbers.join('|')})` : null,
  ].filter((x) => x !== null);
  return new RegExp(`(?:${alternatives.join('|')})(?![*\\p{L}\\p{N}])`, 'gu');
}

export function stripNoteMarkers(input: string, markers: readonly string[]): Recorded {
  const pattern = markerPattern(markers);
  if (!pattern) return { text: input, edits: [] };
  return replaceRecorded(input, pattern, 'strip-note-marker', () => '');
}
