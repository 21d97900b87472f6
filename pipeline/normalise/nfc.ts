/**
 * nfc: Unicode canonical composition, so that "é" is one code point however
 * the source spelled it. Recorded per changed character with its marks.
 */
import { replaceRecorded, type Recorded } from './edits.js';

const CLUSTER = /\P{M}\p{M}*|\p{M}+/gu;

export function nfc(input: string): Recorded {
  const whole = input.normalize('NFC');
  if (whole === input) return { text: input, edits: [] };
  const parts = replaceRecorded(input, CLUSTER, 'nfc', (m) => m[0].normalize('NFC'));
  if (parts.text === whole) return parts;
  // Composition across clusters (e.g. Hangul jamo): record one edit for the whole text.
  return { text: whole, edits: [{ rule: 'nfc', from: input, to: whole, at: 0 }] };
}
