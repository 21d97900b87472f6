/**
 * What a single line of plain text is, judged from its folded text alone:
 * a heading, a salutation, a Q&A label, a separator, a date, a time stamp, an
 * occasion line. The profiles combine these with the lines around them.
 */
import { isCjk } from '../text/chars.js';
import { readDate } from '../text/dates.js';

/** Ends like a sentence: . ! ? … (and CJK forms), perhaps followed by closing quotes or brackets. */
export const ENDS_SENTENCE = /[.!?。！？…][)"'”’）」』\]]*$/u;
/** Ends like a sentence or a clause (a title or heading never does). */
export const ENDS_CLAUSE = /[.,;:!?。，；：！？…、][)"'”’）」』\]]*$/u;

const ROMAN = /^[IVXLC]{1,6}\.[\s\p{Zs}]+\S/u;
const PAREN = /^[(（](?:[ivxlc]{1,5}|[a-z]|\d{1,2})[)）][\s\p{Zs}]*\S/u;
// "1. Title", "1.2 Title", "1.2. Title"; never "15 percent" (a wrapped line that starts with a number).
const NUMBERED = /^\d{1,2}\.(?:\d{1,2}\.?)*[\s\p{Zs}]+\p{L}/u;
const CHINESE_NUMBER = /^[一二三四五六七八九十百]+、\s*\S/u;
const CHINESE_PAREN = /^[（(][一二三四五六七八九十]+[）)]\s*\S/u;
const CHINESE_CHAPTER = /^第[一二三四五六七八九十百\d]+[章节部分篇编讲]/u;
const CHAPTER = /^(?:Chapter|Part|Section|Book)[\s\p{Zs}]+(?:\d+|[IVXLC]+|One|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten)\b/iu;
/** Heading styles, in the order they are tried; the style lets a reader nest headings and tell a numbered list from headings. */
const STYLES: [string, RegExp][] = [
  ['roman', ROMAN],
  ['paren', PAREN],
  // "1." and "1.1" are styles of their own, so "1.1 Background" nests under "1. Introduction" and is no list item of it.
  ['numbered-3', /^\d{1,2}\.\d{1,2}\.\d{1,2}\.?[\s\p{Zs}]+\p{L}/u],
  ['numbered-2', /^\d{1,2}\.\d{1,2}\.?[\s\p{Zs}]+\p{L}/u],
  ['numbered', NUMBERED],
  ['chinese-number', CHINESE_NUMBER],
  ['chinese-paren', CHINESE_PAREN],
  ['chinese-chapter', CHINESE_CHAPTER],
  ['chapter', CHAPTER],
];
const SALUTATION =
  /^(?:comrades|friends|ladies|gentlemen|dear|mr\.?|mrs\.?|ms\.?|madam|madame|your (?:excellenc|majest|highness|royal)|excellenc|distinguished|honou?rable|esteemed|good (?:morning|afternoon|evening)|hello|fellow|各位|同志们|女士们|先生们|尊敬的|亲爱的|朋友们)/iu;
/** A Q&A label alone on a line: it belongs to the text on the next line. */
export const QA_LABEL = /^(?:Q|A|Question|Answer|问|答)[\s\p{Zs}]*[:：]$/iu;
/** A line of markers only ("***", "* * *", "----", "____"): it separates parts, it is no text. */
export const SEPARATOR = /^(?:[*_\-–—=~·•#][\s\p{Zs}]*){3,}$/u;

/** Width in columns: CJK characters take two. */
export function columns(s: string): number {
  if (!/[^\u0000-\u00ff]/.test(s)) return s.length;
  let n = 0;
  for (const c of s) n += isCjk(c) ? 2 : 1;
  return n;
}

const letters = (s: string) => s.match(/\p{L}/gu)?.length ?? 0;

/** ALL CAPS: at least four letters, every cased letter upper case. */
export function isAllCaps(s: string): boolean {
  return letters(s) >= 4 && /\p{Lu}/u.test(s) && !/\p{Ll}/u.test(s);
}

export const isSalutation = (s: string) => SALUTATION.test(s);
/** A sign-off on a line of its own: "Best regards,", "Sincerely,", "此致". */
export const isClosing = (s: string) => /^(?:best regards|kind regards|warm regards|regards|sincerely|yours sincerely|yours faithfully|yours truly|with best wishes|best wishes|best|thanks|many thanks|cheers|respectfully|此致|敬礼)[,，!！]?$/iu.test(s);

/**
 * The style of a standalone heading, or null: short, not ending like a
 * sentence or clause, and numbered (I., (i), 1., 一、, （一）, 第一章, Chapter 3)
 * or in capitals (not in brackets: "(APPLAUSE)" is a stage direction).
 * Run-in openings ("First, …") end in a clause or sentence, so they are never
 * headings. Whether the line stands where a heading can stand is for the
 * reader of the whole body to say (body.ts).
 */
export function headingStyle(s: string): string | null {
  // No heading is longer (see the limits below): a whole book on one line is not looked at letter by letter.
  if (s.length === 0 || s.length > 400 || ENDS_CLAUSE.test(s) || isSalutation(s) || QA_LABEL.test(s)) return null;
  const cjk = [...s].filter(isCjk).length;
  if (cjk > 0 ? cjk > 40 || columns(s) > 90 : s.length > 80 || s.split(/\s+/).length > 14) return null;
  if (readDate(s).dateLike || TIME_LINE.test(s)) return null;
  const style = STYLES.find(([, re]) => re.test(s));
  if (style) return style[0];
  return isAllCaps(s) && !/^[(\[（【]/u.test(s) && !STAGE_DIRECTION.test(s) ? 'caps' : null;
}

export const isHeading = (s: string) => headingStyle(s) !== null;

/** A clock time alone on a line ("2:31 P.M. EDT", "12.31 pm"), as transcripts mark the hour: furniture, never a heading. */
export const TIME_LINE = /^\(?(?:end[\s\p{Zs}]+)?\d{1,2}[:.]\d{2}(?:[\s\p{Zs}]*[ap]\.?[\s\p{Zs}]?m\.?)?(?:[\s\p{Zs}]+[A-Z]{2,4})?\)?$/iu;

/** What a transcript notes of the room, in capitals or not: never a heading. */
const STAGE_DIRECTION = /^(?:applause|laughter|cheers|cheering|booing|inaudible|crosstalk|silence|music|pause|standing ovation|prolonged applause|applause and cheers)$/iu;

/** Could this first line be a title? Short, not a sentence, not a salutation, not a numbered heading. */
export function couldBeTitle(s: string): boolean {
  if (s.length === 0 || s.length > 150 || ENDS_CLAUSE.test(s) || isSalutation(s) || QA_LABEL.test(s) || SEPARATOR.test(s)) return false;
  if (letters(s) === 0 || readDate(s).dateLike || isTimestamp(s) !== null || isOccasionStart(s)) return false;
  // A sentence ends inside it: it is text, not a title. "Mr. Wang", "H.E." and "U.S." end none.
  if (/\p{Ll}{2}[.!?]["'”’)]*(?:\d{1,3}|\*+|\[\d{1,3}\])?[\s\p{Zs}]+\S|[!?]["'”’)]*[\s\p{Zs}]+\S|[。！？]\S/u.test(s)) return false;
  return !STYLES.some(([, re]) => re.test(s));
}

const STAMP_LABEL = /^(?:last updated|updated|published|posted|modified|release(?:d| time)?|发布时间|更新时间|发布日期|时间)(?:[\s\p{Zs}]+on)?[\s\p{Zs}]*[:：]?[\s\p{Zs}]*(?<date>.+)$/iu;
const TIME = /[\s\p{Zs}T]+\d{1,2}:\d{2}(?::\d{2})?(?:[\s\p{Zs}]*(?:[AaPp]\.?[Mm]\.?|UTC|GMT|CST|BJT)?)?$/u;
const BARE_STAMP = /^(?<date>\d{4}-\d{2}-\d{2}|\d{4}\/\d{2}\/\d{2}|\d{4}年\d{1,2}月\d{1,2}日)[\s\p{Zs}T]*\d{1,2}:\d{2}(?::\d{2})?$/u;

/**
 * A web time stamp ("Updated: 2017-04-08 10:23", "Published: April 8, 2017",
 * a bare "2017-04-08 10:23:45"): the ISO date of the page, or null when the line is none.
 * It is the page's date, never the delivery date.
 */
export function isTimestamp(s: string): { iso: string | null } | null {
  const bare = s.match(BARE_STAMP);
  if (bare) return { iso: readDate(bare.groups!.date!).iso };
  const labelled = s.match(STAMP_LABEL);
  if (!labelled) return null;
  const date = readDate(labelled.groups!.date!.replace(TIME, ''));
  return date.dateLike ? { iso: date.iso } : null;
}

const OCCASION = /^[(（]?[\s\p{Zs}]*(?:this is (?:a |the )?(?:part|parts|an? excerpt|excerpts|the main (?:part|points)|the text)\b|these are (?:excerpts|the main points)\b|excerpts? (?:from|of)\b|part of (?:a|the|his|her)\b|(?:the )?main points of\b|adapted from\b|(?:这是|本文是|本文为|此为).{0,120}?(?:讲话|演讲|致辞|发言|报告|文章|谈话)(?:的|中的)?(?:一部分|部分|节选|要点|主要部分))/iu;

/** The start of a line saying where and when the text was delivered: "(This is part of the speech at … on …)". */
export const isOccasionStart = (s: string) => OCCASION.test(s);

/** The occasion without its enclosing parentheses. */
export function occasionText(s: string): string {
  const m = s.match(/^[(（](?<inner>.*)[)）]$/su);
  return (m ? m.groups!.inner! : s).trim();
}

/**
 * The section paragraphs fall under: the path of open headings, joined by
 * " › " ("II. Opening Up › (i) Trade"). A heading closes every heading opened
 * after the last one of its own style (plain text, where styles have no
 * order), or every heading at its level and deeper (Markdown, by "#" count).
 */
export class Sections {
  private open: { style: string; level: number | null; text: string }[] = [];

  enter(style: string, text: string, level: number | null = null): string {
    const same = level === null ? this.open.findIndex((h) => h.style === style) : this.open.findIndex((h) => h.level !== null && h.level >= level);
    if (same >= 0) this.open = this.open.slice(0, same);
    this.open.push({ style, level, text });
    return this.current()!;
  }

  current(): string | null {
    return this.open.length ? this.open.map((h) => h.text).join(' › ') : null;
  }
}
