/**
 * What is printed around a text but is not part of it: release instructions
 * above a press release ("FOR IMMEDIATE RELEASE"), an end mark and the contact
 * block after it ("###", "-30-"), an editor's credit at the end ("(Editor: …)",
 * "责任编辑：…"), and the page numbers and running headers a PDF extraction
 * leaves between the lines. Each is left out of the text with an info message;
 * the bytes stay in the raw file.
 */
import type { SourceFile } from '../file.js';
import { foldWhitespace } from '../normalise/index.js';
import { readDate } from '../text/dates.js';
import type { Line } from './layout.js';
import { ENDS_SENTENCE } from './lines.js';

export const RELEASE_LINE = /^(?:for immediate release|for release .{1,40}|embargoed\b.{0,60}|(?:news|press|media) release|not for publication before .{1,40})$/iu;
const END_MARK = /^(?:#[\s\p{Zs}]*#[\s\p{Zs}]*#|-[\s\p{Zs}]*30[\s\p{Zs}]*-|\(?end\)?|ends|（完）|\(完\))$/iu;
const UNAMBIGUOUS_END = /^(?:-[\s\p{Zs}]*30[\s\p{Zs}]*-|\(end\)|（完）|\(完\))$/iu;
const CREDIT_LINE = /^[(（[]?[\s\p{Zs}]*(?:editor|editors|edited by|translator|translated by|reporter|compiled by|责任编辑|编辑|翻译|来源|作者)[\s\p{Zs}]*[:：].{1,80}?[)）\]]?$/iu;
const PAGE_LINE = /^(?:(?:page|p\.)[\s\p{Zs}]*\d{1,4}(?:[\s\p{Zs}]*(?:of|\/)[\s\p{Zs}]*\d{1,4})?|\d{1,4}[\s\p{Zs}]*(?:of|\/)[\s\p{Zs}]*\d{1,4}|\d{1,4}|[-–—][\s\p{Zs}]*\d{1,4}[\s\p{Zs}]*[-–—]|第[\s\p{Zs}]*\d{1,4}[\s\p{Zs}]*页)$/iu;

const folded = (file: SourceFile, l: Line) => foldWhitespace(file.text.slice(l.start, l.end));

/**
 * Where the text ends at an end mark: the index in `lines` of the mark, or -1.
 * "###" ends a press release only when what follows is a short block (a
 * contact), so a speech that uses "###" between parts keeps its later parts.
 */
export function endMark(file: SourceFile, lines: readonly Line[], from: number, to: number): number {
  for (let k = to - 1; k >= from; k--) {
    const s = folded(file, lines[k]!);
    if (!END_MARK.test(s)) continue;
    const after = lines.slice(k + 1, to).filter((l) => !l.blank).map((l) => folded(file, l));
    if (UNAMBIGUOUS_END.test(s) || (after.length <= 12 && after.every((a) => a.length <= 100))) return k;
  }
  return -1;
}

export const isCredit = (s: string) => CREDIT_LINE.test(s);

/**
 * Page numbers ("Page 2", "- 3 -", "4 of 10", "第 5 页") and the running
 * headers or footers repeated next to them, as line indexes. Only when a file
 * has two page numbers or more: a lone number is more likely text.
 */
export function pageFurniture(file: SourceFile, lines: readonly Line[], from: number, to: number): Set<number> {
  const content = lines.slice(from, to).filter((l) => !l.blank);
  const pages = content.map((l, k) => (PAGE_LINE.test(folded(file, l)) ? k : -1)).filter((k) => k >= 0);
  const out = new Set<number>();
  if (pages.length < 2) return out;
  for (const k of pages) out.add(content[k]!.index);
  // A short line that recurs beside page numbers is a running header or footer.
  const near = (k: number) => pages.some((p) => Math.abs(p - k) <= 3);
  const seen = new Map<string, number[]>();
  content.forEach((l, k) => {
    const s = folded(file, l);
    if (!near(k) || s.length > 80 || ENDS_SENTENCE.test(s)) return;
    seen.set(s, [...(seen.get(s) ?? []), l.index]);
  });
  for (const indexes of seen.values()) if (indexes.length >= 2) for (const i of indexes) out.add(i);
  return out;
}

/**
 * A dateline that opens the first paragraph: a place, a comma, a date and no
 * other word, perhaps an agency, then a dash ("RIVERSIDE, March 3, 2022 —",
 * "Beijing, April 6, 2017 (Xinhua) --"). Its date, which stays in the text.
 * "On 6 April 2017 - a day …" has no place and gives none.
 */
export function datelineDate(paragraph: string): string | null {
  const m = paragraph.match(/^[\p{Lu}][\p{L}.' -]{1,40},[\s\p{Zs}]+(?<date>[^—–\-(:]{6,40}?)[\s\p{Zs}]*(?:\([^)]{1,30}\)[\s\p{Zs}]*)?(?:—|–|--|-|:)/u);
  const date = m ? m.groups!.date!.trim() : null;
  return date !== null && readDate(date).iso ? date : null;
}
