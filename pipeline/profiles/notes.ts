/**
 * Notes at the end of a plain text. A note starts a line with its marker:
 * "*", "[1]", "[^1]:", "1." or "1 ", or a number glued to the text ("1See …").
 * They are notes, not body text, when a "Notes" line or a separator comes
 * before them, or, for bare numbers, when the body carries the same numbers
 * glued to its words ("growth.1"); "*" and "[1]" lines at the very end are
 * notes by their form alone. Lines without a marker continue the note above.
 */
import type { Span, SourceFile } from '../file.js';
import { foldWhitespace } from '../normalise/index.js';
import { trimSpan, type Line } from './layout.js';
import { SEPARATOR } from './lines.js';

const NOTES_HEADING = /^(?:notes?|endnotes|footnotes|references|annotations|注释?|注解|注)[\s\p{Zs}]*[:：]?$/iu;
const NOTE_LINE = /^(?:(?<star>\*+)|\[(?<bracket>\d{1,3})\]|(?<footnote>\[\^[^\]\s]{1,20}\]):|(?<number>\d{1,3})(?:[.)](?=[\s\p{Zs}])|[\s\p{Zs}]|(?=\p{Lu})))[\s\p{Zs}]*(?=[^\s\p{Zs}*])/u;

export interface NoteStart {
  marker: string;
  /** Bare numbers ("1.", "1 ", "1See") need evidence; the other forms do not. */
  bare: boolean;
  /** Length of the marker and the space after it. */
  length: number;
}

export function noteStart(s: string): NoteStart | null {
  const m = s.match(NOTE_LINE);
  if (!m) return null;
  const g = m.groups!;
  if (g.star) return { marker: g.star, bare: false, length: m[0].length };
  if (g.bracket) return { marker: `[${g.bracket}]`, bare: false, length: m[0].length };
  if (g.footnote) return { marker: g.footnote, bare: false, length: m[0].length };
  return { marker: g.number!, bare: true, length: m[0].length };
}

/** The number glued to a word or after punctuation in the body ("reform2", "growth.1"), never to another digit or a capital ("G20"). */
const gluedNumber = (n: string) => new RegExp(`[\\p{Ll}\\p{M}\\p{Pe}\\p{Pf}.,;:!?'"]${n}(?![\\p{L}\\p{N}])`, 'u');

export interface TrailingNotes {
  notes: { marker: string; span: Span }[];
  /** Index in `lines` where the body ends (the notes, their heading or separator start). */
  bodyEnd: number;
}

export function trailingNotes(file: SourceFile, lines: readonly Line[], bodyStart: number, bodyEnd: number): TrailingNotes {
  const text = file.text;
  const folded = (l: Line) => foldWhitespace(text.slice(l.start, l.end));
  const content = lines.slice(bodyStart, bodyEnd).filter((l) => !l.blank);
  const none = { notes: [], bodyEnd };

  const collect = (from: number): TrailingNotes['notes'] => {
    const notes: { marker: string; span: Span; first: Line }[] = [];
    for (const line of content.slice(from)) {
      const start = noteStart(folded(line));
      if (start) {
        const trimmed = trimSpan(text, line);
        const rawMarker = text.slice(trimmed.start).match(NOTE_LINE)!;
        notes.push({ marker: start.marker, span: { start: trimmed.start + rawMarker[0].length, end: trimmed.end }, first: line });
      } else notes.at(-1)!.span.end = trimSpan(text, line).end;
    }
    return notes.map(({ marker, span }) => ({ marker, span }));
  };
  const bodyText = (until: number) => content.slice(0, until).map(folded).join('\n');
  const numbered = (starts: NoteStart[]) => starts.every((s, k) => !s.bare || s.marker === String(k + 1));

  // After a "Notes" line or a separator whose next line starts a note.
  for (let k = content.length - 2; k >= 0; k--) {
    const s = folded(content[k]!);
    if (!NOTES_HEADING.test(s) && !SEPARATOR.test(s)) continue;
    const first = noteStart(folded(content[k + 1]!));
    if (!first) continue;
    const starts = content.slice(k + 1).map((l) => noteStart(folded(l))).filter((x): x is NoteStart => x !== null);
    if (!numbered(starts)) continue;
    return { notes: collect(k + 1), bodyEnd: content[k]!.index };
  }
  // Otherwise: a run of note lines at the very end, every one of them with a marker.
  let k = content.length;
  while (k > 1 && noteStart(folded(content[k - 1]!))) k--;
  if (k === content.length) return none;
  const starts = content.slice(k).map((l) => noteStart(folded(l))!);
  const body = bodyText(k);
  const evidenced = starts.every((s) => !s.bare || gluedNumber(s.marker).test(body));
  if (!numbered(starts) || !evidenced) return none;
  return { notes: collect(k), bodyEnd: content[k]!.index };
}
