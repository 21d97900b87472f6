/** Helpers that profiles share: lines, blank lines, blocks and trimmed spans over a decoded text. */
import type { Span } from '../file.js';
import { foldWhitespace } from '../normalise/fold-whitespace.js';
import { INVISIBLE, SPACE } from '../text/chars.js';

export interface Line extends Span {
  /** 0-based line number. */
  index: number;
  blank: boolean;
}

const BLANK = new RegExp(`^[\\r\\n${SPACE}${INVISIBLE}]*$`, 'u');
const EDGE_SPACE = new RegExp(`[\\r\\n${SPACE}${INVISIBLE}]`, 'u');

export function linesOf(text: string): Line[] {
  const out: Line[] = [];
  let start = 0;
  for (let index = 0; ; index++) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    out.push({ index, start, end, blank: BLANK.test(text.slice(start, end)) });
    if (nl < 0) return out;
    start = nl + 1;
  }
}

/** The span without white space (including no-break and zero-width spaces) at either end. */
export function trimSpan(text: string, span: Span): Span {
  let { start, end } = span;
  while (start < end && EDGE_SPACE.test(text[start]!)) start++;
  while (end > start && EDGE_SPACE.test(text[end - 1]!)) end--;
  return { start, end };
}

/** Runs of non-blank lines, as trimmed spans with their first and last line. */
export function blocksOf(text: string, lines: readonly Line[]): (Span & { first: Line; last: Line })[] {
  const blocks: (Span & { first: Line; last: Line })[] = [];
  let first: Line | null = null;
  let last: Line | null = null;
  const close = () => {
    if (first && last) blocks.push({ ...trimSpan(text, { start: first.start, end: last.end }), first, last });
    first = last = null;
  };
  for (const line of lines) {
    if (line.blank) close();
    else {
      first ??= line;
      last = line;
    }
  }
  close();
  return blocks;
}

/** A note marker at the start of a line, followed by the note's text: "* …", "** …", "[1] …". A marker alone (a "***" break) is no note. */
export const NOTE_START = new RegExp(`^(\\*{1,4}|\\[\\d{1,3}\\])[${SPACE}]*(?=[^${SPACE}*])`, 'u');
/**
 * A note marker at the end of a title or heading line: one to four asterisks (the whole run: a longer run is no
 * marker) or [n]. The lookbehind lets a run be tried from its first asterisk only, so a line of asterisks costs
 * one pass, not one per asterisk.
 */
export const TRAILING_MARKER = new RegExp(`((?<!\\*)\\*{1,4}|\\[\\d{1,3}\\])[${SPACE}]*$`, 'u');

/** A copyright footer: "Copyright © <holder>. All Rights Reserved." and perhaps "Presented by <publisher>." */
export const FOOTER = /^(?<notice>Copyright\s*(?:©|\(c\))\s*(?<holder>.+?)\.?\s+All Rights Reserved\.?)(?:\s+Presented by\s+(?<publisher>.+?)\.?)?$/iu;
/** The rights statement in parentheses, recognised by what it says, so a parenthesised last paragraph ("(Applause.)") stays body text. */
export const RIGHTS = /^\((?<statement>[^()]*\b(?:republish|reproduc|reprint|redistribut)[^()]*)\)$/iu;

const foldedLines = new WeakMap<Span, string>();
/**
 * The folded text of a span. Lines are read by several readers in turn (header, notes,
 * furniture, body), so the folded text of each line object is kept and folded once.
 */
export function foldedText(text: string, span: Span): string {
  let folded = foldedLines.get(span);
  if (folded === undefined) {
    folded = foldWhitespace(text.slice(span.start, span.end));
    foldedLines.set(span, folded);
  }
  return folded;
}
