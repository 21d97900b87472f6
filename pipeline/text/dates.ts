/** Reading dates as sources write them, into ISO YYYY-MM-DD. Nothing is guessed: an unreadable date is null. */
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

function monthOf(name: string): number {
  const n = name.toLowerCase().replace(/\.$/, '');
  const full = MONTHS.indexOf(n);
  if (full >= 0) return full + 1;
  // Abbreviations of at least three letters ("Sept", "Dec").
  const short = n.length >= 3 ? MONTHS.findIndex((m) => m.startsWith(n)) : -1;
  return short >= 0 ? short + 1 : 0;
}

function iso(y: number, m: number, d: number): string | null {
  if (m < 1 || m > 12 || d < 1) return null;
  const t = new Date(Date.UTC(y, m - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

type Ymd = [year: number, month: number, day: number];

/** Each pattern gives year, month and day, or null when a word is not a month name. */
const PATTERNS: [RegExp, (m: RegExpMatchArray) => Ymd | null][] = [
  // April 6, 2017 / Apr. 6 2017
  [/^([A-Za-z]+\.?)\s+(\d{1,2}),?\s+(\d{4})$/, (m) => (monthOf(m[1]!) ? [+m[3]!, monthOf(m[1]!), +m[2]!] : null)],
  // 6 April 2017
  [/^(\d{1,2})\s+([A-Za-z]+\.?),?\s+(\d{4})$/, (m) => (monthOf(m[2]!) ? [+m[3]!, monthOf(m[2]!), +m[1]!] : null)],
  // 2017-04-06, perhaps with a time as ISO 8601 writes it (front matter: 2021-06-14T09:30:00+02:00): the date as written
  [/^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/, (m) => [+m[1]!, +m[2]!, +m[3]!]],
  // 2017年4月6日 (and in Chinese numerals, made digits before: 二〇一七年四月六日)
  [/^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$/, (m) => [+m[1]!, +m[2]!, +m[3]!]],
  // 2017.04.06, 2017/04/06: year first, so not ambiguous
  [/^(\d{4})([./])(\d{1,2})\2(\d{1,2})$/, (m) => [+m[1]!, +m[3]!, +m[4]!]],
  // 06/04/2017, 6.4.2017: day and month in an order only a day above 12 tells; otherwise no date (dateLike, iso null)
  [/^(\d{1,2})([./])(\d{1,2})\2(\d{4})$/, (m) => {
    const [a, b, y] = [+m[1]!, +m[3]!, +m[4]!];
    if (a > 12 && b <= 12) return [y, b, a];
    if (b > 12 && a <= 12) return [y, a, b];
    return a === b ? [y, a, b] : [y, 0, 0];
  }],
  // April 2017: a month, no day (dateLike, iso null)
  [/^([A-Za-z]+\.?),?\s+(\d{4})$/, (m) => (monthOf(m[1]!) ? [+m[2]!, 0, 0] : null)],
  [/^(\d{4})\s*年\s*(\d{1,2})\s*月$/, () => [0, 0, 0]],
];

const CHINESE_DIGITS: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
/** A Chinese-numeral number up to 99 ("二十三", "十一", "三") or a year digit by digit ("二〇一三"). */
function chineseNumber(s: string, digitByDigit: boolean): string {
  if (digitByDigit) return [...s].map((c) => CHINESE_DIGITS[c] ?? c).join('');
  const m = s.match(/^([一二三四五六七八九])?十([一二三四五六七八九])?$/u);
  if (m) return String((m[1] ? CHINESE_DIGITS[m[1]]! : 1) * 10 + (m[2] ? CHINESE_DIGITS[m[2]]! : 0));
  return s.length === 1 && s in CHINESE_DIGITS ? String(CHINESE_DIGITS[s]) : s;
}
const NUMERALS = '〇零一二三四五六七八九十';
const CHINESE_NUMERAL_DATE = new RegExp(`^([${NUMERALS}]{4})年([${NUMERALS}]{1,3})月(?:([${NUMERALS}]{1,3})日)?$`, 'u');

export interface DateReading {
  /** The text has the shape of a date (a known month name, or digits in a date layout). */
  dateLike: boolean;
  /** The ISO date, or null when the shape holds no single day: February 30, "April 2017", "06/04/2017" (April or June?). */
  iso: string | null;
}

/** Reads a text that is exactly a date, perhaps in parentheses ("(April 6, 2017)", "（2013年3月23日）"). */
export function readDate(text: string): DateReading {
  const t = text
    .trim()
    .replace(/^[(（]\s*(.*?)\s*[)）]$/u, '$1')
    // "Thursday, April 6, 2017", "April 6th, 2017", "2013年3月23日 星期六": the weekday and the ordinal add nothing.
    .replace(/^(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs?)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?\s+(?=\d|[A-Za-z]{3})/iu, '')
    // An e-mail's "14 Sep 2021 08:30:12 +0200": the time and zone add nothing to the day.
    .replace(/\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:[+-]\d{4}|[A-Z]{2,4}|\([A-Z]{2,4}\)))*$/u, '')
    .replace(/\b(\d{1,2})(?:st|nd|rd|th)\b/u, '$1')
    .replace(/^(\d{1,2})\s+of\s+/u, '$1 ')
    .replace(/\s*[（(]?(?:星期|周|礼拜)[一二三四五六日天][)）]?$/u, '')
    .replace(CHINESE_NUMERAL_DATE, (_, y: string, mo: string, d: string | undefined) => `${chineseNumber(y, true)}年${chineseNumber(mo, false)}月${d ? `${chineseNumber(d, false)}日` : ''}`);
  for (const [re, parts] of PATTERNS) {
    const m = t.match(re);
    const ymd = m && parts(m);
    if (ymd) return { dateLike: true, iso: iso(...ymd) };
  }
  return { dateLike: false, iso: null };
}

const MONTH_NAME = '(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\.?';
const DATE_IN_TEXT = new RegExp(
  [`${MONTH_NAME}\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+\\d{4}`, `\\d{1,2}(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH_NAME},?\\s+\\d{4}`, '\\d{4}-\\d{2}-\\d{2}', '\\d{4}年\\d{1,2}月\\d{1,2}日'].map((p) => `(?:${p})`).join('|'),
  'u',
);

/** The first date written inside a longer text ("… on March 23, 2013."), as written and as ISO; null when there is none. */
export function findDate(text: string): { text: string; iso: string } | null {
  const m = text.match(DATE_IN_TEXT);
  if (!m) return null;
  const iso = readDate(m[0]).iso;
  return iso ? { text: m[0], iso } : null;
}
