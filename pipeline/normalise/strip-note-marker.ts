/**
 * strip-note-marker: a note marker glued to the end of a word ("era.*",
 * "reform[1]") is a link to a note, not text. Only markers that a note of the
 * same document uses are removed; the notes table keeps the link as `anchor`.
 */
import { replaceRecorded, type Recorded } from './edits.js';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function markerPattern(markers: readonly string[]): RegExp | null {
  if (markers.length === 0) return null;
  const longestFirst = [...new Set(markers)].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  // Glued to a word, a number or closing punctuation; never after an opening bracket ("press (*)").
  return new RegExp(`(?<=[\\p{L}\\p{N}\\p{M}\\p{Pe}\\p{Pf}.,;:!?'"])(?:${longestFirst.map(escape).join('|')})(?![*\\p{L}\\p{N}])`, 'gu');
}

export function stripNoteMarkers(input: string, markers: readonly string[]): Recorded {
  const pattern = markerPattern(markers);
  if (!pattern) return { text: input, edits: [] };
  return replaceRecorded(input, pattern, 'strip-note-marker', () => '');
}
