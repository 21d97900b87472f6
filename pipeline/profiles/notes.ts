/**
 * Notes at the end of a plain text. A note starts a line with its marker:
 * "*" (up to "****"), "[1]", "[^1]:", "1." or "1 ", or a number glued to the text ("1See …").
 * They are notes, not body text, after a "Notes" line, or, after a separator
 * or at the very end, when the body or the title carries every marker glued
 * to its words ("era.*", "reform[1]", "growth.1"). Lines without a marker
 * continue the note above.
 */
import type { Span, SourceFile } from '../file.js';
import { foldedText, type Line, trimSpan } from './layout.js';
import { SEPARATOR } from './lines.js';
import { markerPattern } from '../normalise/strip-note-marker.js';

const NOTES_HEADING = /^(?:notes?|endnotes|footnotes|references|annotations|注释?|注解|注|尾注|脚注)[\s\p{Zs}]*[:：]?$/iu;
// "[1]" and its full-width form "［1］", and circled numbers ("①") as Chinese books print them, are markers as written.
const NOTE_LINE = /^(?:(?<star>\*{1,4})|(?<bracket>\[\d{1,4}\]|［\d{1,4}］|[\u2460-\u2473])|(?<footnote>\[\^[^\]\s]{1,20}\]):|(?<number>\d{1,3})(?:[.)．、](?=[\s\p{Zs}]|\p{Script=Han})|[\s\p{Zs}]|(?=\p{Lu})))[\s\p{Zs}]*(?=[^\s\p{Zs}*])/u;

export interface NoteStart {
  marker: string;
  /** A bare number ("1.", "1 ", "1See"): glued in the body only after a lower-case letter or punctuation. */
  bare: boolean;
  /** Length of the marker and the space after it. */
  length: number;
}


export function noteStart(s: string): NoteStart | null {
  const m = s.match(NOTE_LINE);
  if (!m) return null;
  const g = m.groups!;
  if (g.star) return { marker: g.star, bare: false, length: m[0].length };
  if (g.bracket) return { marker: g.bracket, bare: false, length: m[0].length };
  if (g.footnote) return { marker: g.footnote, bare: false, length: m[0].length };
  return { marker: g.number!, bare: true, length: m[0].length };
}


/** The most lines at the end of a text that a separator or a run of notes without a "Notes" line can hold. */
const MAX_NOTE_LINES = 2000;

export interface TrailingNotes {
  notes: { marker: string; span: Span }[];
  /** Index in `lines` where the body ends (the notes, their heading or separator start). */
  bodyEnd: number;
}

export function trailingNotes(file: SourceFile, lines: readonly Line[], bodyStart: number, bodyEnd: number, titleMarkers: readonly string[] = []): TrailingNotes {
  const text = file.text;
  const folded = (l: Line) => foldedText(text, l);
  const content = lines.slice(bodyStart, bodyEnd).filter((l) => !l.blank);
  const none = { notes: [], bodyEnd };

  const collect = (from: number): TrailingNotes['notes'] => {
    const notes: { marker: string; span: Span }[] = [];
    for (const line of content.slice(from)) {
      const start = noteStart(folded(line));
      if (start) {
        const trimmed = trimSpan(text, line);
        const rawMarker = text.slice(trimmed.start).match(NOTE_LINE)!;
        notes.push({ marker: start.marker, span: { start: trimmed.start + rawMarker[0].length, end: trimmed.end } });
      } else notes.at(-1)!.span.end = trimSpan(text, line).end;
    }
    return notes;
  };
  // Each line's note start, read once: the searches below look at the same lines many times.
  const lineStarts = content.map((l) => noteStart(folded(l)));
  // Where each marker first stands glued in the text (or on the title): evidence for a note run that starts after it.
  // One pass over the text for every marker the lines could start with.
  const firstGlued = new Map<string, number>(titleMarkers.map((m) => [m, 0]));
  const pattern = markerPattern([...new Set(lineStarts.filter((x): x is NoteStart => x !== null).map((x) => x.marker))]);
  if (pattern) for (const m of text.matchAll(pattern)) if (!firstGlued.has(m[0].trimStart())) firstGlued.set(m[0].trimStart(), m.index);
  const gluedAt = (start: NoteStart) => firstGlued.get(start.marker) ?? -1;
  /** Bare numbers count up by one; from 1 unless `from` is false (a run still being climbed). */
  const numbered = (starts: NoteStart[], fromOne = true) => {
    const bare = starts.filter((s) => s.bare).map((s) => Number(s.marker));
    return bare.every((n, k) => (k === 0 ? !fromOne || n === 1 : n === bare[k - 1]! + 1));
  };
  /** Every marker of the run stands glued in the text (or on the title) before it. */
  const evidenced = (starts: NoteStart[], until: number) =>
    starts.every((s) => {
      const at = gluedAt(s);
      return at >= 0 && at < content[until]!.start;
    });
  const startsFrom = (from: number) => lineStarts.slice(from).filter((x): x is NoteStart => x !== null);

  // After a "Notes" line, or a separator whose next line starts a note. After a separator the body must
  // carry the markers, or the rest of a speech numbered "1. Deepen reform" would become notes.
  // Notes are looked for among the last lines only, so a long text costs no more than a short one.
  const floor = Math.max(0, content.length - MAX_NOTE_LINES);
  for (let k = content.length - 2; k >= 0; k--) {
    const s = folded(content[k]!);
    const heading = NOTES_HEADING.test(s);
    // A "Notes" line anywhere; separators, which may be many, only near the end.
    if (!heading && (k < floor || !SEPARATOR.test(s))) continue;
    if (!lineStarts[k + 1]) continue;
    const starts = startsFrom(k + 1);
    if (!numbered(starts) || (!heading && !evidenced(starts, k))) continue;
    return { notes: collect(k + 1), bodyEnd: content[k]!.index };
  }
  // Otherwise: notes at the very end, every one starting with a marker that the body (or the title)
  // carries, so a closing list of "* item" lines stays text; a note may go on over following lines
  // that are indented and directly below it ("[1] Source: NBS," / "    table 3.").
  const continues = (k: number) => {
    const line = content[k]!;
    const above = content[k - 1];
    return above !== undefined && above.index === line.index - 1 && /^[\s\p{Zs}]/u.test(text.slice(line.start, line.end));
  };
  // The longest run from the end that holds together: climbing, stop at the first start that would break it.
  let first = content.length;
  for (let k = content.length - 1; k >= Math.max(1, floor); k--) {
    if (lineStarts[k]) {
      const starts = startsFrom(k);
      if (!numbered(starts, false) || !evidenced(starts, k)) break;
      first = k;
    } else if (!continues(k)) break;
  }
  if (first === content.length || !numbered(startsFrom(first))) return none;
  return { notes: collect(first), bodyEnd: content[first]!.index };
}
