/**
 * Removing invisible characters from folded text. When removal would leave
 * two spaces (or one at an end) the edit takes one of them too, so the text
 * stays folded and normalisation stays idempotent.
 */
import type { EditRule } from '../../schemas/edit.js';
import { replaceRecorded, type Recorded } from './edits.js';

export function removeInvisible(input: string, chars: string, rule: EditRule): Recorded {
  const pattern = new RegExp(`( ?)[${chars}]+( ?)`, 'g');
  return replaceRecorded(input, pattern, rule, (m, s) => {
    if (m.index === 0 || m.index + m[0].length === s.length) return '';
    return m[1] === ' ' || m[2] === ' ' ? ' ' : '';
  });
}
