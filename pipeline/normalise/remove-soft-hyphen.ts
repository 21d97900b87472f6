/** remove-soft-hyphen: U+00AD only marks where a word may break; it is invisible and splits words for search. */
import type { Recorded } from './edits.js';
import { removeInvisible } from './remove-invisible.js';

export const removeSoftHyphen = (input: string): Recorded => removeInvisible(input, '\\u00AD', 'remove-soft-hyphen');
