/** Character classes shared by the profiles and the normalisation, defined once (as regex source). */

/** Horizontal white space: tab, vertical tab, form feed, every Unicode space separator (no-break, ideographic, thin …), NEL, line and paragraph separators. */
export const SPACE = '\\t\\v\\f\\p{Zs}\\u0085\\u2028\\u2029';
/** A line break in any convention. */
export const BREAK = '(?:\\r\\n|\\r|\\n)';
/** Invisible characters that carry nothing when alone on a line: zero-width space, word joiner, BOM, soft hyphen. */
export const INVISIBLE = '\\u200B\\u2060\\uFEFF\\u00AD';
/** Scripts written without spaces between words, and their punctuation and full-width forms. */
export const CJK = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}\\u3000-\\u303F\\uFF00-\\uFFEF';

const CJK_CHAR = new RegExp(`^[${CJK}]$`, 'u');
const LETTER = /^\p{L}$/u;

export const isCjk = (c: string | undefined) => c !== undefined && CJK_CHAR.test(c);
export const isLetter = (c: string | undefined) => c !== undefined && LETTER.test(c);

/** The code point just before `index` (which may be the second half of a surrogate pair). */
export function codePointBefore(s: string, index: number): string | undefined {
  if (index <= 0) return undefined;
  const low = s.charCodeAt(index - 1);
  if (low >= 0xdc00 && low <= 0xdfff && index >= 2) return s.slice(index - 2, index);
  return s[index - 1];
}

/** The code point starting at `index`. */
export function codePointAt(s: string, index: number): string | undefined {
  const cp = s.codePointAt(index);
  return cp === undefined ? undefined : String.fromCodePoint(cp);
}
