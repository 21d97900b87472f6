/**
 * The header of a plain text, read line by line from the top: tag lines
 * (`<title="…">`), label lines (`TITLE: …`, `DATE: …`, `标题：…`, or a label
 * alone with its value on the next line, then perhaps `BODY:`), or a title
 * line; then, in any order, a "By …" line or a name alone, label lines, the
 * delivery date, web time stamps and an occasion line. Whatever the file does
 * not state stays null.
 */
import type { Segmented, SourceFile } from '../file.js';
import { foldWhitespace } from '../normalise/index.js';
import { findDate, readDate } from '../text/dates.js';
import { RELEASE_LINE } from './furniture.js';
import { foldedText, type Line, TRAILING_MARKER } from './layout.js';
import { couldBeTitle, isAllCaps, isOccasionStart, isSalutation, isTimestamp, occasionText, SEPARATOR } from './lines.js';

const TAG = /^<[\s\p{Zs}]*(?<key>[A-Za-z_]+)[\s\p{Zs}]*=[\s\p{Zs}]*(?:"(?<dq>[^"]*)"|'(?<sq>[^']*)'|“(?<cq>[^”]*)”)[\s\p{Zs}]*\/?>$/u;
const KEYS = 'title|subject|date|speaker|author|by|from|source|publisher|occasion|标题|题目|日期|作者|讲话人|演讲人|发言人|来源|出处';
const LABEL = new RegExp(`^(?<key>${KEYS})[\\s\\p{Zs}]*[:：][\\s\\p{Zs}]*(?<value>\\S.*)$`, 'iu');
/** A label alone on its line, its value on the next ("TITLE" / "The Plan"). */
const LABEL_ALONE = new RegExp(`^(?<key>${KEYS})[\\s\\p{Zs}]*[:：]?$`, 'iu');
/**
 * A speaker's name alone on a line between the title and the date: two to five
 * capitalised words (or two to four Han characters), none of the words a title
 * is made of ("Opening Remarks" is no name).
 */
const NAME = /^(?:(?:H\.E\.|Dr\.|Mr\.|Mrs\.|Ms\.|Prof\.)[\s\p{Zs}]+)?\p{Lu}[\p{L}'’.-]*(?:[\s\p{Zs}]+(?:\p{Lu}[\p{L}'’.-]*|de|van|von|bin|al|da|di|del|la|le)){1,4}$|^[\p{Script=Han}·]{2,4}$/u;
const NOT_NAME =
  /\b(?:remarks|speech|address|statement|opening|closing|keynote|conference|convention|forum|meeting|ceremony|session|summit|report|message|letter|interview|lecture|toast|congress|parliament|assembly|council|committee|commission|party|ministry|department|embassy|government|university|college|school|academy|institute|center|centre|hall|house|garden|square|palace|stadium|hotel|church|cathedral|museum|library|club|association|foundation|company|group|society|union|bank|national|international|world|united|nations|republic|state|states|city|county|province|day|year|the|of|on|at|for|and|to|in)\b/iu;
/** The commonest Chinese surnames: a two- to four-character line is a name only when it starts with one (not "杭州", "北京大学"). */
const SURNAMES = new Set([...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤习温胡']);
const COMPOUND_SURNAMES = /^(?:欧阳|司马|诸葛|上官|东方|皇甫|令狐|慕容|尉迟|公孙)/u;
/** A sentence ends inside or at the end of a value ("Good morning, everyone. …", "大家好。"); "H.E.", "Jr." end none. */
const SENTENCE = /\p{Ll}{2}[.!?](?:[\s\p{Zs}]|$)|[!?](?:[\s\p{Zs}]|$)|[。！？]/u;
const isName = (s: string) => {
  if (!NAME.test(s)) return false;
  if (/^\p{Script=Han}/u.test(s)) return (SURNAMES.has(s[0]!) || COMPOUND_SURNAMES.test(s)) && !/[省市县区州京海港大学院馆会部委]$/u.test(s);
  return !NOT_NAME.test(s);
};
const BODY_LABEL = /^(?:body|text|content|transcript)[\s\p{Zs}]*[:：]?$/iu;
const BY = /^[Bb]y[\s\p{Zs}]+(?<name>\p{Lu}[^.,;:!?]{1,80})$/u;

type Field = 'title' | 'date' | 'speaker' | 'publisher' | 'occasion';
const FIELD: Record<string, Field> = {
  title: 'title', date: 'date', speaker: 'speaker', author: 'speaker', by: 'speaker', source: 'publisher', publisher: 'publisher', occasion: 'occasion',
  // An e-mail's header: the subject is its title, the sender its speaker.
  subject: 'title', from: 'speaker',
  标题: 'title', 题目: 'title', 日期: 'date', 作者: 'speaker', 讲话人: 'speaker', 演讲人: 'speaker', 发言人: 'speaker', 来源: 'publisher', 出处: 'publisher',
};

/** A subtitle that says when and where ("——2019年3月5日在…会议上", "(6 April 2017, at the Forum)"): its occasion text and date. */
function datedSubtitle(s: string): { occasion: string; date: string } | null {
  const m = s.match(/^(?:——|—|--)[\s\p{Zs}]*(?<dash>.+)$|^[(（](?<paren>.+)[)）]$/u);
  const text = m ? (m.groups!.dash ?? m.groups!.paren!).trim() : null;
  if (text === null || readDate(text).dateLike) return null;
  const date = findDate(text);
  return date ? { occasion: text, date: date.text } : null;
}

/** "New York, 23 September 2019", "Washington, D.C., April 6, 2017": the date after a place. */
function placeDate(s: string): string | null {
  if (readDate(s).dateLike) return null; // "Thursday, 4 November 2021" is a date, not a place and a date
  const m = s.match(/^[\p{Lu}][\p{L}.' -]{1,40}(?:,[\s\p{Zs}]*[\p{Lu}][\p{L}.' -]{0,30})?,[\s\p{Zs}]+(?<date>[^,]+(?:,[\s\p{Zs}]*\d{4})?)$/u);
  return m && readDate(m.groups!.date!).dateLike ? m.groups!.date!.trim() : null;
}

/** Any "Key: value" item, known key or not ("Editor: Li Xia"). */
const ANY_LABEL = /^[\p{L}][\p{L} ]{0,19}[:：][\s\p{Zs}]*\S/u;

/**
 * A line of several header items side by side (read from the raw line, since an ideographic space or
 * two spaces separate them), each a time stamp or a "Key: value" item: the items, folded, or null.
 */
function stampSegments(raw: string): string[] | null {
  // A header line is short; a long line (a whole text without line breaks) is never split here.
  if (raw.length > 500) return null;
  const parts = raw.split(/[\s\p{Zs}]*[|｜][\s\p{Zs}]*|\u3000+|[ \t\u00A0]{2,}/u).map(foldWhitespace).filter((x) => x.length > 0);
  if (parts.length < 2) return null;
  return parts.every((p) => isTimestamp(p) !== null || (ANY_LABEL.test(p) && !SENTENCE.test(p))) ? parts : null;
}

/** A name, perhaps after a job title ("国务院总理 李克强", "President Alma Reyes"): the name, or null. */
const HONORIFIC = /^(?:(?:H\.E\.|His Excellency|Her Excellency|Ambassador|President|Prime Minister|Minister|Secretary-General|Secretary|Premier|Chancellor|Governor|Mayor|Senator|Professor|Prof\.|Dr\.|Mr\.|Mrs\.|Ms\.)[\s\p{Zs}]+)+/u;
/** Words that name an office: "Ines Varga, Ambassador of Lorenvale" is a person and an office, not a place. */
const OFFICE = /\b(?:ambassador|minister|president|secretary|representative|chair|chairman|chairwoman|director|governor|mayor|premier|chancellor|spokesperson|spokesman|professor|senator|delegate|envoy|commissioner)\b/iu;
function titledName(s: string): string | null {
  if (s.length > 160 || isSalutation(s) || /\d/u.test(s)) return null;
  // "Ambassador Ines Varga, Permanent Representative of …": the name before the comma, without the honorific.
  const [head, ...rest] = s.split(/,[\s\p{Zs}]*/u);
  if (rest.length > 0 && OFFICE.test(rest.join(' ')) && s.length <= 160) {
    const bare = head!.replace(HONORIFIC, '');
    if (isName(bare)) return bare;
  }
  if (s.length > 40) return null;
  if (isName(s)) return s;
  const plain = s.replace(HONORIFIC, '');
  if (plain !== s && isName(plain)) return plain;
  const parts = s.split(/[\s\p{Zs}]+/u);
  for (let k = 1; k < parts.length; k++) {
    const tail = parts.slice(k).join(/\p{Script=Han}/u.test(parts[k]!) ? '' : ' ');
    if (isName(tail)) return tail;
  }
  return null;
}

/** Where the text was delivered, on a line of its own: a venue ("Harbor Science Center") or "City, Region" ("Riverside, Maryland"). */
const VENUE = /\b(?:center|centre|hall|university|college|house|palace|stadium|hotel|museum|library|square|garden|gardens|convention center|auditorium|theatre|theater|arena|headquarters|embassy|parliament)\b/iu;
function placeLine(s: string): boolean {
  if (s.length > 60 || OFFICE.test(s)) return false;
  if (/[.!?。！？:：;]/u.test(s.replace(/\b(?:D\.C|St|Mt|Ft)\./gu, ''))) return false;
  const capitalised = /^(?:\p{Lu}[\p{L}'’.-]*|of|the|and|de|la)(?:[\s\p{Zs}]+(?:\p{Lu}[\p{L}'’.-]*|of|the|and|de|la))*$/u;
  const [first, second, ...rest] = s.split(/,[\s\p{Zs}]*/u);
  if (rest.length === 0 && second !== undefined) return capitalised.test(first!) && capitalised.test(second) && first!.split(/\s+/).length <= 4 && second.split(/\s+/).length <= 3;
  return second === undefined && capitalised.test(s) && VENUE.test(s);
}

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
  if (last < from || !/[)）]$/u.test(foldedText(file.text, lines[last]!))) return null;
  for (let first = last; first >= Math.max(from, last - 5) && !lines[first]!.blank; first--) {
    const whole = foldWhitespace(file.text.slice(lines[first]!.start, lines[last]!.end));
    if (/^[(（]/u.test(whole)) return isOccasionStart(whole) ? { start: first, text: occasionText(whole) } : null;
  }
  return null;
}

export function readHeader(file: SourceFile, lines: readonly Line[], out: Segmented): HeaderReading {
  const folded = (l: Line) => foldedText(file.text, l);
  const content = lines.filter((l) => !l.blank);
  let i = 0;
  let kind: string | null = null;
  // A rule above the header ("---", "***") is decoration; a release instruction ("FOR IMMEDIATE RELEASE") is no title.
  while (content[i]) {
    const s = folded(content[i]!);
    if (RELEASE_LINE.test(s)) {
      file.message('segment/furniture-skipped', 'segment', `${JSON.stringify(s)} is an instruction to editors, not text; it is left out`, file.place(content[i]!.start));
      // "For Immediate Release  June 14, 2016": the day the text was issued.
      const issued = findDate(s);
      if (issued && out.dateText === null) out.dateText = issued.text;
    } else if (!SEPARATOR.test(s)) break;
    i++;
  }
  const top = i;

  const set = (field: Field, value: string, line: Line) => {
    if (value.trim() === '') return;
    if (field === 'title') out.title ??= value;
    // "Ana Lindqvist <ana@example.org>": the name, not the address.
    else if (field === 'speaker') out.speaker ??= value.replace(/[\s\p{Zs}]*<[^<>]*>$/u, '') || value;
    else if (field === 'publisher') out.publisher ??= value;
    else if (field === 'occasion') out.occasion ??= occasionText(value);
    else if (out.dateText === null) {
      out.dateText = value;
      const date = readDate(value);
      if (!date.iso) {
        const why = date.dateLike ? 'is not one calendar day (a month without its day, an impossible day, or day and month that could be either way round)' : 'is not a date the reader understands';
        file.message('date/unparsed', 'segment', `${JSON.stringify(value)} ${why}; date is null and date_text keeps it`, file.place(line.start));
      }
    }
  };
  /**
   * A label line ("Speaker: …", "来源：…"), or at the top a label alone with its value on the next line;
   * true when it read one. After the title a label's value must be short and no sentence, or it is the
   * first paragraph of a transcript ("Speaker: Good morning, everyone. …", "发言人：各位记者朋友，大家好。").
   */
  const label = (alone: boolean): boolean => {
    const s = folded(content[i]!);
    const found = s.match(LABEL);
    const m = found && (alone || (found.groups!.value!.length <= 60 && !SENTENCE.test(found.groups!.value!))) ? found : null;
    // A label alone must look like one: in capitals or with its colon ("TITLE", "Title:"), not a title that is the word "Title".
    const bare = !m && alone && (s === s.toUpperCase() || /[:：]$/u.test(s)) ? s.match(LABEL_ALONE) : null;
    const value = m ? m.groups!.value! : bare && content[i + 1] && !LABEL.test(folded(content[i + 1]!)) ? folded(content[i + 1]!) : null;
    if (value === null || BODY_LABEL.test(s)) return false;
    set(FIELD[(m ?? bare)!.groups!.key!.toLowerCase()]!, value, content[i]!);
    i += bare ? 2 : 1;
    return true;
  };
  while (content[i]) {
    const m = folded(content[i]!).match(TAG);
    if (!m) break;
    const field = FIELD[m.groups!.key!.toLowerCase()];
    if (field) set(field, m.groups!.dq ?? m.groups!.sq ?? m.groups!.cq ?? '', content[i]!);
    else file.message('header/field-ignored', 'segment', `Header field "${m.groups!.key}" is not one the reader keeps; the line is left out of the text`, file.place(content[i]!.start));
    kind = 'tag lines';
    i++;
  }
  if (kind === null) {
    while (content[i] && label(true)) kind = 'label lines';
    if (kind !== null && content[i] && BODY_LABEL.test(folded(content[i]!))) i++;
  }

  const isHeaderLine = (l: Line | undefined): boolean => {
    if (!l) return false;
    const s = folded(l);
    return BY.test(s) || LABEL.test(s) || placeLine(s) || readDate(s).dateLike || isTimestamp(s) !== null || isOccasionStart(s) || datedSubtitle(s) !== null || placeDate(s) !== null || stampSegments(file.text.slice(l.start, l.end)) !== null;
  };
  /** A name alone, with a header line right after it ("Alma Reyes" / "April 6, 2017"). */
  const nameLine = (k: number) => content[k] !== undefined && isName(folded(content[k]!)) && isHeaderLine(content[k + 1]);
  if (out.title === null && i === top && content[i]) {
    const first = content[i]!;
    const text = folded(first);
    const marker = text.match(TRAILING_MARKER);
    const bare = marker ? text.slice(0, marker.index).trimEnd() : text;
    const next = lines[first.index + 1];
    // A line indented with ideographic spaces is a Chinese paragraph's first line, not a title.
    const indented = /^[\s\p{Zs}]*\u3000/u.test(file.text.slice(first.start, first.end));
    if (!indented && couldBeTitle(bare) && (isAllCaps(bare) || (next !== undefined && next.blank) || isHeaderLine(content[i + 1]) || nameLine(i + 1))) {
      out.title = bare;
      if (marker) out.titleMarkers.push(marker[1]!);
      kind = 'a title line';
      i++;
    }
  }

  // By-line or a name alone, label lines, date, time stamps, occasion and venue, in any order.
  let placed = false;
  for (let line = content[i]; line; line = content[i]) {
    const s = folded(line);
    const by = s.match(BY);
    const stamp = isTimestamp(s);
    const subtitle = datedSubtitle(s);
    const placedDate = placeDate(s);
    const segments = stampSegments(file.text.slice(line.start, line.end));
    if (by && out.speaker === null) out.speaker = by.groups!.name!.trim();
    else if (out.speaker === null && out.title !== null && nameLine(i)) out.speaker = s;
    else if (out.speaker === null && out.title !== null && (out.dateText !== null || s.includes(',')) && titledName(s)) out.speaker = titledName(s);
    else if (out.title !== null && placeLine(s) && (out.occasion === null || placed)) {
      // "Harbor Science Center" / "Riverside, Maryland": where it was delivered, as the occasion.
      out.occasion = out.occasion === null ? s : `${out.occasion}, ${s}`;
      placed = true;
    }
    else if (stamp) out.sourceUpdated ??= stamp.iso;
    else if (segments) {
      // "Source: Xinhua | 2019-01-21 10:12:45 | Editor: Li Xia", "2021年10月15日08:26　来源：人民网".
      for (const seg of segments) {
        const segStamp = isTimestamp(seg);
        const segLabel = seg.match(LABEL);
        if (segStamp) out.sourceUpdated ??= segStamp.iso;
        else if (segLabel && FIELD[segLabel.groups!.key!.toLowerCase()]) set(FIELD[segLabel.groups!.key!.toLowerCase()]!, segLabel.groups!.value!, line);
      }
    }
    else if (subtitle && out.occasion === null) {
      // "——2019年3月5日在第十三届全国人民代表大会第二次会议上": where and when, as a subtitle.
      out.occasion = subtitle.occasion;
      if (out.dateText === null) set('date', subtitle.date, line);
    } else if (placedDate && out.dateText === null) set('date', placedDate, line);

    else if (label(false)) {
      kind ??= 'header lines';
      continue;
    }
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
