/**
 * strip-note-marker: a note marker glued to the end of a word ("era.*",
 * "reform[1]", "开放。①", or "[1]" after a space) is a link to a note, not text. Only markers that a note of the
 * same document uses are removed; the notes table keeps the link as `anchor`.
 */
import { replaceRecorded, type Recorded } from './edits.js';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** CJK sentence and clause punctuation a marker may follow ("开放。[1]"). */
export const CJK_PUNCTUATION = '。，、；：！？…」』】）';

/** Built once per set of markers: every paragraph of a document asks for the same one. */
const patterns = new Map<string, RegExp>();

export function markerPattern(markers: readonly string[]): RegExp | null {
  if (markers.length === 0) return null;
  const key = markers.join('\u0000');
  const cached = patterns.get(key);
  if (cached) {
    // A global pattern keeps where it stopped; every user starts from the beginning.
    cached.lastIndex = 0;
    return cached;
  }
  if (patterns.size > 64) patterns.clear();
  const pattern = buildPattern(markers);
  patterns.set(key, pattern);
  return pattern;
}

function buildPattern(markers: readonly string[]): RegExp {
  const longestFirst = [...new Set(markers)].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  const stars = longestFirst.filter((m) => /^\*+$/.test(m));
  const numbers = longestFirst.filter((m) => /^\d+$/.test(m));
  const bracketed = longestFirst.filter((m) => !/^\*+$/.test(m) && !/^\d+$/.test(m));
  // Glued to a word, a number or closing punctuation (also CJK); never after an opening bracket ("press (*)").
  const after = `(?<=[\\p{L}\\p{N}\\p{M}\\p{Pe}\\p{Pf}.,;:!?'"${CJK_PUNCTUATION}])`;
  const alternatives = [
    // "*" not before a digit, another "*" or a Latin letter ("era.*", "开放。*我们"; not "**bold").
    stars.length ? `${after}(?:${stars.map(escape).join('|')})(?![*\\p{N}]|(?!\\p{Script=Han})\\p{L})` : null,
    // "[1]", "［1］", "①", "[^1]" close themselves; a citation may stand after a space ("as reported [1]."), which goes with it.
    bracketed.length ? `${after} ?(?:${bracketed.map(escape).join('|')})` : null,
    // A bare number only after a lower-case letter, or punctuation that no digit precedes: never inside a number ("2017", "7.1") or a name ("G20").
    numbers.length ? `(?:(?<=[\\p{Ll}\\p{M}\\p{Pe}\\p{Pf}${CJK_PUNCTUATION}])|(?<=(?<!\\p{N})[.,;:!?'"]))(?:${numbers.join('|')})(?![*\\p{L}\\p{N}])` : null,
  ].filter((x) => x !== null);
  return new RegExp(alternatives.join('|'), 'gu');
}

export function stripNoteMarkers(input: string, markers: readonly string[]): Recorded {
  // The pattern matches a marker literally, so without one in the text there is nothing to strip.
  const pattern = markers.some((m) => input.includes(m)) ? markerPattern(markers) : null;
  if (!pattern) return { text: input, edits: [] };
  return replaceRecorded(input, pattern, 'strip-note-marker', () => '');
}
