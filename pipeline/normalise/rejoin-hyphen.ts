/**
 * rejoin-hyphen: text extraction sometimes drops a hyphen ("ChinaUS"). A word
 * is repaired only when the same document spells it with the hyphen
 * ("China-US") and every lost junction is visible as a lower-to-upper case
 * change, so legitimate spellings such as "nonproliferation" are never touched.
 */
import { replaceRecorded, type Recorded } from './edits.js';

const COMPOUND = /(?<![\p{L}\p{N}\p{M}-])[\p{L}\p{N}\p{M}]+(?:-[\p{L}\p{N}\p{M}]+)+(?![\p{L}\p{N}\p{M}-])/gu;
const WORD = /(?<![\p{L}\p{N}\p{M}-])[\p{L}\p{N}\p{M}]+(?![\p{L}\p{N}\p{M}-])/gu;
const LOWER_END = /\p{Ll}$/u;
const UPPER_START = /^\p{Lu}/u;

/** Hyphenated spellings found in a document, keyed by the form with the hyphens lost. */
export function hyphenEvidence(texts: Iterable<string>): Map<string, string> {
  const found = new Map<string, string | null>();
  for (const text of texts) {
    if (!text.includes('-')) continue;
    for (const m of text.matchAll(COMPOUND)) {
      const parts = m[0].split('-');
      const visible = parts.every((p, i) => i === 0 || (LOWER_END.test(parts[i - 1]!) && UPPER_START.test(p)));
      if (!visible) continue;
      const joined = parts.join('');
      const seen = found.get(joined);
      // Two different hyphenations of the same letters: no single repair is evidenced.
      found.set(joined, seen === undefined || seen === m[0] ? m[0] : null);
    }
  }
  const evidence = new Map<string, string>();
  for (const [joined, compound] of found) if (compound !== null) evidence.set(joined, compound);
  return evidence;
}

export function rejoinHyphen(input: string, evidence: ReadonlyMap<string, string>): Recorded {
  // No word can be a key that the text does not contain: most texts are left at that.
  if (![...evidence.keys()].some((joined) => input.includes(joined))) return { text: input, edits: [] };
  return replaceRecorded(input, WORD, 'rejoin-hyphen', (m) => evidence.get(m[0]) ?? m[0]);
}
