/**
 * What is printed around a text but is not part of it: release instructions
 * above a press release ("FOR IMMEDIATE RELEASE"), an end mark and the contact
 * block after it ("###", "-30-"), an editor's credit at the end ("(Editor: …)",
 * "责任编辑：…"), and the page numbers and running headers a PDF extraction
 * leaves between the lines. Each is left out of the text with an info message;
 * the bytes stay in the raw file.
 */
import type { SourceFile } from '../file.js';
import { readDate } from '../text/dates.js';
import { foldedText, type Line } from './layout.js';
import { ENDS_SENTENCE, TIME_LINE } from './lines.js';

/**
 * Lines above a text that are no title: release instructions ("FOR IMMEDIATE RELEASE", perhaps with a
 * date), delivery notes ("Check against delivery"), the issuing office, a breadcrumb trail.
 */
export const RELEASE_LINE =
  /^(?:for immediate release.{0,40}|for release .{1,40}|embargoed\b.{0,60}|(?:news|press|media) release|not for publication before .{1,40}|check against delivery|as delivered|as prepared(?: for delivery)?|(?:the )?white house|office of the press secretary|(?:[^>›»\n]{1,40}[>›»][\s\p{Zs}]*){2,}[^>›»\n]{1,60})$/iu;
// "--" is also an e-mail's signature mark: what follows it (a signature, an unsubscribe footer) is no text.
const END_MARK = /^(?:#[\s\p{Zs}]*#[\s\p{Zs}]*#|-[\s\p{Zs}]*30[\s\p{Zs}]*-|\(?end\)?|ends|（完）|\(完\)|end[\s\p{Zs}]+\d{1,2}[:.]\d{2}.*|--)$/iu;
const UNAMBIGUOUS_END = /^(?:-[\s\p{Zs}]*30[\s\p{Zs}]*-|\(end\)|（完）|\(完\)|end[\s\p{Zs}]+\d{1,2}[:.]\d{2}.*)$/iu;
/** What a web page or a mailing puts around a text: sharing buttons, print links, "Related speeches". */
const PAGE_CHROME = /^(?:share(?: this(?: page| article)?)?:?|facebook|twitter|x|linkedin|whatsapp|wechat|weibo|email|e-mail|print|print this page|related (?:speeches|articles|stories|links|content)|read more|back to top|tags?:.{0,80}|分享到[：:]?|打印|【打印】|关闭窗口|【关闭】|返回顶部)$/iu;
// A name after the label, no sentence: "(Editor: Wang Lin)", "责任编辑：李文"; not "Reporter: Thank you, Minister."
const CREDIT_LINE = /^[(（[]?[\s\p{Zs}]*(?:editor|editors|edited by|translator|translated by|compiled by|责任编辑|责编|编辑|翻译)[\s\p{Zs}]*[:：][^.!?。！？]{1,60}[)）\]]?$/iu;
/** "Page 2", "- 3 -", "4 of 10", "第 5 页": page numbers by their form. */
// A page number with the running head beside it, as a scanned book prints them ("12 THE RIVER YEARS", "THE RIVER YEARS 13").
const PAGE_WITH_HEAD = /^(?:\d{1,4}[\s\p{Zs}]+[\p{Lu}][\p{Lu}\s\p{Zs}'’.,:-]{2,60}|[\p{Lu}][\p{Lu}\s\p{Zs}'’.,:-]{2,60}[\s\p{Zs}]+\d{1,4})$/u;
const PAGE_LINE = /^(?:(?:page|p\.)[\s\p{Zs}]*\d{1,4}(?:[\s\p{Zs}]*(?:of|\/)[\s\p{Zs}]*\d{1,4})?|\d{1,4}[\s\p{Zs}]*(?:of|\/)[\s\p{Zs}]*\d{1,4}|[-–—][\s\p{Zs}]*\d{1,4}[\s\p{Zs}]*[-–—]|第[\s\p{Zs}]*\d{1,4}[\s\p{Zs}]*页)$/iu;
/** A bare number: a page number only where it cuts a sentence (a year heading "1978" or a section "2" does not). */
const BARE_NUMBER = /^\d{1,4}$/u;
/** What a contact block after an end mark holds: a contact line, an address, a telephone number. */
const CONTACT = /contact|e-?mail|phone|tel\b|fax|@|https?:\/\/|www\.|\+?\d[\d ()-]{6,}\d|unsubscribe|mailing list|newsletter|联系|电话|邮箱/iu;
/** A closing editorial note: "(The interview has been edited for length.)", "Translated by …". */
const EDITORIAL_NOTE = /^[(\[（*_]*(?:(?:this|the) (?:interview|transcript|conversation|text|speech) (?:has been|was) (?:edited|condensed|translated|lightly edited)\b.{0,60}|edited for (?:length|clarity).{0,40}|translated(?: from [A-Z][a-z]+)? by .{1,60}|transcript (?:provided|prepared|edited) by .{1,60}|本文.{0,10}(?:译|编辑).{0,20})[)\]）*_]*$/iu;

const folded = (file: SourceFile, l: Line) => foldedText(file.text, l);

/**
 * Where the text ends at an end mark: the index in `lines` of the mark, or -1.
 * "###" ends a press release only when what follows is a short block with
 * contact details, so a speech that uses "###" between parts keeps its later parts.
 */
export function endMark(file: SourceFile, lines: readonly Line[], from: number, to: number): number {
  for (let k = to - 1; k >= from; k--) {
    const s = folded(file, lines[k]!);
    if (!END_MARK.test(s)) continue;
    const after = lines.slice(k + 1, to).filter((l) => !l.blank).map((l) => folded(file, l));
    // Nothing after it, "-30-", "END 3:45 P.M. EDT", or a short contact block.
    if (after.length === 0 || after.every((a) => TIME_LINE.test(a)) || UNAMBIGUOUS_END.test(s) || (after.length <= 12 && after.every((a) => a.length <= 100) && after.some((a) => CONTACT.test(a)))) return k;
  }
  return -1;
}

export const isCredit = (s: string) => CREDIT_LINE.test(s) || EDITORIAL_NOTE.test(s);

/**
 * Page numbers ("Page 2", "- 3 -", "4 of 10", "第 5 页") and the running
 * headers or footers repeated next to them, page chrome ("Share this:",
 * "Print") and clock times ("2:31 P.M. EDT"), as line indexes. Page numbers
 * only when a file has two, or one that cuts a sentence: a lone number is
 * more likely text.
 */
export function pageFurniture(file: SourceFile, lines: readonly Line[], from: number, to: number): Set<number> {
  const content = lines.slice(from, to).filter((l) => !l.blank);
  const texts = content.map((l) => folded(file, l));
  // A bare number cuts a sentence when the text line before it stops mid-sentence and the one after carries on in lower case or CJK.
  const cutsSentence = (k: number) => {
    const before = texts.slice(Math.max(0, k - 3), k).findLast((t) => !BARE_NUMBER.test(t) && !PAGE_WITH_HEAD.test(t));
    const after = texts.slice(k + 1, k + 4).find((t) => !BARE_NUMBER.test(t) && !PAGE_WITH_HEAD.test(t));
    return before !== undefined && after !== undefined && !/[.!?。！？:：]["'”’)）]*$/u.test(before) && /^[\p{Ll}\p{Script=Han}]/u.test(after);
  };
  const pages = texts.map((t, k) => (PAGE_LINE.test(t) || ((BARE_NUMBER.test(t) || PAGE_WITH_HEAD.test(t)) && cutsSentence(k)) ? k : -1)).filter((k) => k >= 0);
  const out = new Set<number>();
  // Page chrome and clock times stand alone in any file.
  texts.forEach((t, k) => {
    if (PAGE_CHROME.test(t) || TIME_LINE.test(t)) out.add(content[k]!.index);
  });
  // One page number is enough where it cuts a sentence (a two-page PDF has one).
  if (pages.length < 2 && !(pages.length === 1 && cutsSentence(pages[0]!))) return out;
  for (const k of pages) out.add(content[k]!.index);
  // A short line that recurs beside page numbers is a running header or footer; not a speaker's label ("THE CHAIRMAN:").
  const near = (k: number) => pages.some((p) => Math.abs(p - k) <= 3);
  const seen = new Map<string, number[]>();
  texts.forEach((s, k) => {
    if (!near(k) || s.length > 80 || ENDS_SENTENCE.test(s) || /[:：]$/u.test(s)) return;
    seen.set(s, [...(seen.get(s) ?? []), content[k]!.index]);
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
  const m = paragraph.match(/^(?<place>[\p{Lu}][\p{L}.' -]{1,40}),[\s\p{Zs}]+(?<date>[^—–\-(:]{6,40}?)[\s\p{Zs}]*(?<agency>\([^)]{1,30}\)[\s\p{Zs}]*)?(?:—|–|--|-|:)/u);
  if (!m) return null;
  // The place is in capitals ("RIVERSIDE"), or an agency follows the date ("Beijing, April 6, 2017 (Xinhua) --"):
  // "Yesterday, December 7th, 1941 --" opens a sentence, not a dateline.
  const place = m.groups!.place!;
  if (!(place === place.toUpperCase() || m.groups!.agency)) return null;
  const date = m.groups!.date!.trim();
  return readDate(date).iso ? date : null;
}
