/**
 * fold-whitespace: every Unicode space (no-break, ideographic, thin, tab …) and
 * line break (LF, CRLF or CR) becomes one plain space, runs collapse, ends are
 * trimmed. A line break between two CJK characters is dropped, since those
 * scripts put no space between words. Not recorded: it only changes white space.
 */
import { BREAK, CJK, SPACE } from '../text/chars.js';

/** A line break between two CJK characters, with the spaces around it: dropped. */
export const CJK_BREAK = new RegExp(`(?<=[${CJK}])[${SPACE}]*${BREAK}[${SPACE}]*(?=[${CJK}])`, 'gu');
/** A run of white space and line breaks: one space. */
export const RUN = new RegExp(`(?:[${SPACE}]|${BREAK})+`, 'gu');
/** RUN, but for a lone space between two characters that are not white space, which folding leaves as it is: most runs, skipped. */
export const RUN_TO_FOLD = new RegExp(`(?! (?:[^${SPACE}\\r\\n]|$))(?:[${SPACE}]|${BREAK})+`, 'gu');
const EDGES = /^ | $/g;

export function foldWhitespace(input: string): string {
  // Not String.prototype.trim: it also removes U+FEFF, which is not white space but a recorded removal.
  // RUN_TO_FOLD, not RUN: the same result (a lone space stays a space), without a match for every space, which cost 40× on long texts.
  return input.replace(CJK_BREAK, '').replace(RUN_TO_FOLD, ' ').replace(EDGES, '');
}
