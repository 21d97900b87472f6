/**
 * fold-whitespace: every Unicode space (no-break, ideographic, thin, tab …) and
 * line break (LF, CRLF or CR) becomes one plain space, runs collapse, ends are
 * trimmed. A line break between two CJK characters is dropped, since those
 * scripts put no space between words. Not recorded: it only changes white space.
 */
import { BREAK, CJK, SPACE } from '../text/chars.js';

/**
 * A line break between two CJK characters, with the spaces around it: dropped. It starts after a CJK character
 * that is not a space (U+3000 is both), so a long run of U+3000 is tried once, not from each of its characters;
 * a break after U+3000 alone folds to the same one space by RUN.
 */
export const CJK_BREAK = new RegExp(`(?<=(?![${SPACE}])[${CJK}])[${SPACE}]*${BREAK}[${SPACE}]*(?=[${CJK}])`, 'gu');
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
