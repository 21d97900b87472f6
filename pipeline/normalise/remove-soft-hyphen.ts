/**
 * remove-soft-hyphen: U+00AD only marks where a word may break; it is
 * invisible and splits words for search. Before a line break between two
 * letters it marks a word broken across lines, which is joined again.
 */
import { isCjk, isLetter } from '../text/chars.js';
import type { Recorded } from './edits.js';
import { removeInvisible } from './remove-invisible.js';

export const removeSoftHyphen = (input: string): Recorded =>
  removeInvisible(input, '\\u00AD', 'remove-soft-hyphen', (a, b, run) => (run[0] !== ' ' && isLetter(a) && isLetter(b)) || (isCjk(a) && isCjk(b)));
