/**
 * What a line break inside a paragraph leaves behind once white space is
 * folded, repaired with a record:
 * - page-furniture: a page number or running header that a page break put
 *   inside a paragraph (the profile says which lines, as `cuts`);
 * - line-hyphen-join: a word broken with a hyphen at a line end ("inter-" /
 *   "national") becomes one word, but only when the whole word ("international")
 *   occurs elsewhere in the document;
 * - line-hyphen-keep: otherwise the hyphen stays and only the break goes
 *   ("self-" / "reliance" → "self-reliance"), since it may belong to the word;
 * - markdown-syntax: the ">" that continues a Markdown block quote on the next line.
 * Only breaks of the source count (foldWithBreaks says where they were), so a
 * "- " typed inside a line is never touched.
 */
import type { Edit } from '../../schemas/edit.js';
import { countCodePoints } from '../file.js';
import { codePointAt, codePointBefore, isCjk } from '../text/chars.js';
import type { Recorded } from './edits.js';
import { CJK_BREAK, foldWhitespace, RUN_TO_FOLD } from './fold-whitespace.js';

/** foldWhitespace (with its patterns), and where in its result a line break of the input became a space. */
export function foldWithBreaks(input: string): { text: string; breaks: number[] } {
  const s = input.replace(CJK_BREAK, '');
  const breaks: number[] = [];
  let out = '';
  let last = 0;
  for (const m of s.matchAll(RUN_TO_FOLD)) {
    out += s.slice(last, m.index);
    if (/[\r\n]/.test(m[0])) breaks.push(out.length);
    out += ' ';
    last = m.index + m[0].length;
  }
  out += s.slice(last);
  const lead = out.startsWith(' ') ? 1 : 0;
  const text = out.slice(lead, out.endsWith(' ') && out.length > lead ? -1 : undefined);
  return { text, breaks: breaks.map((b) => b - lead).filter((b) => b > 0 && b < text.length) };
}

/**
 * Removes the cut lines (ranges of `raw`) from its folded text, each with one
 * space beside it, recorded as page-furniture; the breaks move with the text.
 * A cut whose folded text is not where it should be is left alone.
 */
export function removeCuts(raw: string, folded: { text: string; breaks: number[] }, cuts: readonly { start: number; end: number }[]): Recorded & { breaks: number[] } {
  let { text } = folded;
  let breaks = folded.breaks;
  const edits: Edit[] = [];
  let removed = 0;
  // In reading order, each cut found where the folded text puts it, less what earlier cuts took away.
  for (const cut of [...cuts].sort((a, b) => a.start - b.start)) {
    const piece = foldWhitespace(raw.slice(cut.start, cut.end));
    let at = foldWhitespace(raw.slice(0, cut.start)).length;
    if (folded.text[at] === ' ') at++;
    at -= removed;
    if (!piece || at < 0 || text.slice(at, at + piece.length) !== piece) continue;
    // One of the spaces around it goes with it, so none is doubled or left at an end; a side it is
    // glued to (CJK lines join without a space) keeps the space of the other side.
    const end = at + piece.length;
    const before = text[at - 1] === ' ';
    const after = text[end] === ' ';
    // Between two CJK characters, which a line break joins without a space, neither space stays.
    const cjk = before && after && isCjk(codePointBefore(text, at - 1)) && isCjk(codePointAt(text, end + 1));
    const [from, to] = cjk ? [at - 1, end + 1] : before && (after || end === text.length) ? [at - 1, end] : at === 0 && after ? [at, end + 1] : [at, end];
    edits.push({ rule: 'page-furniture', from: text.slice(from, to), to: '', at: countCodePoints(text, 0, from) });
    text = text.slice(0, from) + text.slice(to);
    breaks = breaks.filter((b) => b < from || b >= to).map((b) => (b >= to ? b - (to - from) : b));
    removed += to - from;
  }
  return { text, edits, breaks };
}

const LETTERS_BEFORE = /\p{L}+$/u;
const LETTERS_AFTER = /^\p{L}+/u;
const QUOTE_MARK = /^(?:>[ ]?)+/;

/** Lower-case words of a document: the evidence that a word broken at a line end is one word. */
export function wordSet(texts: Iterable<string>): Set<string> {
  const words = new Set<string>();
  for (const t of texts) for (const m of t.matchAll(/\p{L}+/gu)) words.add(m[0].toLowerCase());
  return words;
}

export function unwrapLines(text: string, breaks: readonly number[], options: { words?: ReadonlySet<string>; markdown?: boolean }): Recorded {
  const edits: Edit[] = [];
  const pieces: { index: number; length: number; to: string; rule: Edit['rule'] }[] = [];
  for (const b of breaks) {
    if (options.markdown) {
      // The break's space and the marker become one space, or nothing at the very end.
      const quote = text.slice(b + 1).match(QUOTE_MARK);
      const end = b + 1 + (quote?.[0].length ?? 0);
      if (quote) pieces.push({ index: b, length: 1 + quote[0].length, to: end < text.length && text[end] !== ' ' ? ' ' : '', rule: 'markdown-syntax' });
    }
    if (text[b - 1] === '-' && options.words) {
      const left = text.slice(0, b - 1).match(LETTERS_BEFORE)?.[0];
      const right = text.slice(b + 1).match(LETTERS_AFTER)?.[0];
      if (!left || !right) continue;
      const whole = options.words.has((left + right).toLowerCase());
      pieces.push({ index: b - 1, length: 2, to: whole ? '' : '-', rule: whole ? 'line-hyphen-join' : 'line-hyphen-keep' });
    }
  }
  if (pieces.length === 0) return { text, edits };
  let out = '';
  let last = 0;
  let at = 0;
  for (const p of pieces.sort((a, b) => a.index - b.index)) {
    if (p.index < last) continue;
    const between = text.slice(last, p.index);
    out += between;
    at += countCodePoints(between);
    edits.push({ rule: p.rule, from: text.slice(p.index, p.index + p.length), to: p.to, at });
    out += p.to;
    at += countCodePoints(p.to);
    last = p.index + p.length;
  }
  return { text: out + text.slice(last), edits };
}
