/**
 * fold-whitespace: every Unicode space (no-break, ideographic, thin, tab …) and
 * line break (LF, CRLF or CR) becomes one plain space, runs collapse, ends are trimmed. A line
 * break between two CJK characters is dropped, since those scripts put no space
 * between words. Not recorded: it only changes white space.
 */
const CJK = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}\\u3000-\\u303F\\uFF00-\\uFFEF';
const SPACE = '[\\t\\v\\f\\p{Zs}\\u0085\\u2028\\u2029]';
const BREAK = '(?:\\r\\n|\\r|\\n)';
const CJK_BREAK = new RegExp(`(?<=[${CJK}])${SPACE}*${BREAK}${SPACE}*(?=[${CJK}])`, 'gu');
const RUN = new RegExp(`(?:${SPACE}|${BREAK})+`, 'gu');

export function foldWhitespace(input: string): string {
  return input.replace(CJK_BREAK, '').replace(RUN, ' ').trim();
}
