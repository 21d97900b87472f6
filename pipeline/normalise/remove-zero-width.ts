/**
 * remove-zero-width: zero-width space, word joiner and stray byte order marks
 * are invisible and break word matching. ZWJ and ZWNJ are kept: they change
 * how emoji and several scripts render.
 */
import { isCjk } from '../text/chars.js';
import type { Recorded } from './edits.js';
import { removeInvisible } from './remove-invisible.js';

export const removeZeroWidth = (input: string): Recorded =>
  removeInvisible(input, '\\u200B\\u2060\\uFEFF', 'remove-zero-width', (a, b) => isCjk(a) && isCjk(b));
