/**
 * The header of a plain text, read line by line from the top: tag lines
 * (`<title="…">`), label lines (`TITLE: …`, `DATE: …`, then perhaps `BODY:`),
 * or a title line; then, in any order, a "By …" line, the delivery date, web
 * time stamps and an occasion line. Whatever the file does not state stays null.
 */
import type { Segmented, SourceFile } from '../file.js';
import { foldWhitespace } from '../normalise/index.js';
import { readDate } from '../text/dates.js';
import { RELEASE_LINE } from './furniture.js';
import { TRAILING_MARKER, type Line } from './layout.js';
import { couldBeTitle, isAllCaps, isOccasionStart, isTimestamp, occasionText, SEPARATOR } from './lines.js';

const TAG = /^<[\s\p{Zs}]*(?<key>[A-Za-z_]+)[\s\p{Zs}]*=[\s\p{Zs}]*(?:"(?<dq>[^"]*)"|'(?<sq>[^']*)'|“(?<cq>[^”]*)”)[\s\p{Zs}]*\/?>$/u;
const LABEL = /^(?<key>title|date|speaker|author|by|source|publisher|occasion)[\s\p{Zs}]*[:：][\s\p{Zs}]*(?<value>\S.*)$/iu;
const BODY_LABEL = /^(?:body|text|content|transcript)[\s\p{Zs}]*[:：]?$/iu;
const BY = /^[Bb]y[\s\p{Zs}]+(?<name>\p{Lu}[^.,;:!?]{1,80})$/u;

type Field = 'title' | 'date' | 'speaker' | 'publisher' | 'occasion';
const FIELD: Record<string, Field> = { title: 'title', date: 'date', speaker: 'speaker', author: 'speaker', by: 'speaker', source: 'publisher', publisher: 'publisher', occasion: 'occasion' };

export interface HeaderReading {
  /** Index in `lines` of the first line after the header. */
  bodyStart: number;
  /** What the header was, for profile_reason. */
  kind: string | null;
}

/**
 * An occasion in parentheses that closes the text instead of opening it
 * ("（这是…讲话的一部分。）" at the end, as Chinese collections print it),
 * perhaps wrapped over a few lines: the index in `lines` where it starts, and its text.
 */
export function trailingOccasion(file: SourceFile, lines: readonly Line[], from: number, to: number): { start: number; text: string } | null {
  let last = to - 1;
  while (last >= from && lines[last]!.blank) last--;
  if (last < from || !/[)）]$/u.test(foldWhitespace(file.text.slice(lines[last]!.start, lines[last]!.end)))) return null;
  for (let first = last; first >= Math.max(from, last - 5) && !lines[first]!.blank; first--) {
    const whole = foldWhitespace(file.text.slice(lines[first]!.start, lines[last]!.end));
    if (/^[(（]/u.test(whole)) return isOccasionStart(whole) ? { start: first, text: occasionText(whole) } : null;
  }
  return null;
}

export function readHeader(file: SourceFile, lines: readonly Line[], out: Segmented): HeaderReading {
  const folded = (l: Line) => foldWhitespace(file.text.slice(l.start, l.end));
  const content = lines.filter((l) => !l.blank);
  let i = 0;
  let kind: string | null = null;
  // A rule above the header ("---", "***") is decoration; a release instruction ("FOR IMMEDIATE RELEASE") is no title.
  while (content[i]) {
    const s = folded(content[i]!);
    if (RELEASE_LINE.test(s)) file.message('segment/furniture-skipped', 'segment', `${JSON.stringify(s)} is an instruction to editors, not text; it is left out`, file.place(content[i]!.start));
    else if (!SEPARATOR.test(s)) break;
    i++;
  }
  const top = i;

  const set = (field: Field, value: string, line: Line) => {
    if (value.trim() === '') return;
    if (field === 'title') out.title ??= value;
    else if (field === 'speaker') out.speaker ??= value;
    else if (field === 'publisher') out.publisher ??= value;
    else if (field === 'occasion') out.occasion ??= occasionText(value);
    else if (out.dateText === null) {
      out.dateText = value;
      if (!readDate(value).iso) file.message('date/unparsed', 'segment', `${JSON.stringify(value)} is not a date the reader understands`, file.place(line.start));
    }
  };
  const tagOrLabel = (re: RegExp, name: string) => {
    while (content[i]) {
      const m = folded(content[i]!).match(re);
      const field = m && FIELD[m.groups!.key!.toLowerCase()];
      if (!m) break;
      if (field) set(field, m.groups!.dq ?? m.groups!.sq ?? m.groups!.cq ?? m.groups!.value ?? '', content[i]!);
      else file.message('header/field-ignored', 'segment', `Header field "${m.groups!.key}" is not one the reader keeps; the line is left out of the text`, file.place(content[i]!.start));
      kind = name;
      i++;
    }
  };
  tagOrLabel(TAG, 'tag lines');
  if (kind === null) {
    tagOrLabel(LABEL, 'label lines');
    if (kind !== null && content[i] && BODY_LABEL.test(folded(content[i]!))) i++;
  }

  const isHeaderLine = (l: Line | undefined) => {
    if (!l) return false;
    const s = folded(l);
    return BY.test(s) || readDate(s).dateLike || isTimestamp(s) !== null || isOccasionStart(s);
  };
  if (out.title === null && i === top && content[i]) {
    const first = content[i]!;
    const text = folded(first);
    const marker = text.match(TRAILING_MARKER);
    const bare = marker ? text.slice(0, marker.index).trimEnd() : text;
    const next = lines[first.index + 1];
    if (couldBeTitle(bare) && (isAllCaps(bare) || (next !== undefined && next.blank) || isHeaderLine(content[i + 1]))) {
      out.title = bare;
      if (marker) out.titleMarkers.push(marker[1]!);
      kind = 'a title line';
      i++;
    }
  }

  // By-line, date, time stamps and occasion, in any order.
  for (let line = content[i]; line; line = content[i]) {
    const s = folded(line);
    const by = s.match(BY);
    const stamp = isTimestamp(s);
    if (by && out.speaker === null) out.speaker = by.groups!.name!.trim();
    else if (stamp) out.sourceUpdated ??= stamp.iso;
    else if (readDate(s).dateLike && out.dateText === null) set('date', s, line);
    else if (isOccasionStart(s) && out.occasion === null) {
      // An occasion in parentheses may be wrapped over several lines: read to the closing one.
      let last = i;
      if (/^[(（]/u.test(s)) while (!/[)）]$/u.test(folded(content[last]!)) && content[last + 1] && last - i < 5) last++;
      const whole = foldWhitespace(file.text.slice(line.start, content[last]!.end));
      out.occasion = occasionText(whole);
      i = last;
    } else break;
    kind ??= 'header lines';
    i++;
  }
  return { bodyStart: content[i]?.index ?? lines.length, kind };
}
