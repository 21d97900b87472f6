/**
 * Removing invisible characters from folded text. Each edit takes a whole run
 * of invisible characters with the spaces around and between them, and leaves
 * one space where the run separated two words, none at either end and none
 * where `join` says the neighbours belong together (two CJK characters; for a
 * soft hyphen glued to a letter, also two letters: a word broken at a line end). So the text
 * stays folded and normalisation stays idempotent.
 */
import type { EditRule } from '../../schemas/edit.js';
import { codePointAt, codePointBefore } from '../text/chars.js';
import { replaceRecorded, type Recorded } from './edits.js';

const compiled = new Map<string, { any: RegExp; run: RegExp }>();

export function removeInvisible(
  input: string,
  chars: string,
  rule: EditRule,
  join: (before: string | undefined, after: string | undefined, run: string) => boolean,
): Recorded {
  let patterns = compiled.get(chars);
  if (!patterns) {
    patterns = { any: new RegExp(`[${chars}]`), run: new RegExp(`[ ${chars}]*[${chars}][ ${chars}]*`, 'g') };
    compiled.set(chars, patterns);
  }
  if (!patterns.any.test(input)) return { text: input, edits: [] };
  const pattern = patterns.run;
  return replaceRecorded(input, pattern, rule, (m, s) => {
    const end = m.index + m[0].length;
    if (m.index === 0 || end === s.length) return '';
    if (!m[0].includes(' ')) return '';
    return join(codePointBefore(s, m.index), codePointAt(s, end), m[0]) ? '' : ' ';
  });
}
