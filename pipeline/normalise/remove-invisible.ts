/**
 * Removing invisible characters from folded text. Each edit takes a whole run
 * of invisible characters and the spaces around and between them, and leaves
 * one space where the run separated two words (none at either end), so the
 * text stays folded and normalisation stays idempotent.
 */
import type { EditRule } from '../../schemas/edit.js';
import { replaceRecorded, type Recorded } from './edits.js';

export function removeInvisible(input: string, chars: string, rule: EditRule): Recorded {
  const pattern = new RegExp(`[ ${chars}]*[${chars}][ ${chars}]*`, 'g');
  return replaceRecorded(input, pattern, rule, (m, s) => {
    if (m.index === 0 || m.index + m[0].length === s.length) return '';
    return m[0].includes(' ') ? ' ' : '';
  });
}
