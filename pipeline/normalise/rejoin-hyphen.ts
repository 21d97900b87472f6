/**
 * rejoin-hyphen: text extraction sometimes drops a hyphen ("ChinaUS"). A word
 * is repaired only when the same document spells it with the hyphen
 * ("China-US") and every lost junction is visible as a lower-to-upper case
 * change, so legitimate spellings such as "nonproliferation" are never touched.
 */
import { codePointAt, codePointBefore } from '../text/chars.js';
import { replaceRecorded, type Recorded } from './edits.js';

/** What hyphenEvidence looks for (compounds() finds the same, faster; the tests hold the two together). */
export const COMPOUND = /(?<![\p{L}\p{N}\p{M}-])[\p{L}\p{N}\p{M}]+(?:-[\p{L}\p{N}\p{M}]+)+(?![\p{L}\p{N}\p{M}-])/gu;
const WORD_CHAR = /^[\p{L}\p{N}\p{M}]$/u;
const WORD = /(?<![\p{L}\p{N}\p{M}-])[\p{L}\p{N}\p{M}]+(?![\p{L}\p{N}\p{M}-])/gu;
const LOWER_END = /\p{Ll}$/u;
const UPPER_START = /^\p{Lu}/u;

/**
 * The matches of COMPOUND in `text`, found from its hyphens: a match is a
 * whole run of word characters and hyphens (the lookarounds forbid a match
 * inside a longer run) that neither starts nor ends with a hyphen nor holds
 * two in a row. Scanning from each hyphen is many times faster than the
 * pattern's lookbehind at every position of the text.
 */
export function compounds(text: string): string[] {
  const out: string[] = [];
  let end = 0;
  for (let h = text.indexOf('-'); h !== -1; h = text.indexOf('-', Math.max(h + 1, end))) {
    let start = h;
    while (start > 0) {
      const c = codePointBefore(text, start)!;
      if (c !== '-' && !WORD_CHAR.test(c)) break;
      start -= c.length;
    }
    end = h + 1;
    while (end < text.length) {
      const c = codePointAt(text, end)!;
      if (c !== '-' && !WORD_CHAR.test(c)) break;
      end += c.length;
    }
    const run = text.slice(start, end);
    if (run[0] !== '-' && run.at(-1) !== '-' && !run.includes('--')) out.push(run);
  }
  return out;
}

/** Hyphenated spellings found in a document, keyed by the form with the hyphens lost. */
export function hyphenEvidence(texts: Iterable<string>): Map<string, string> {
  const found = new Map<string, string | null>();
  for (const text of texts) {
    for (const compound of compounds(text)) {
      const parts = compound.split('-');
      const visible = parts.every((p, i) => i === 0 || (LOWER_END.test(parts[i - 1]!) && UPPER_START.test(p)));
      if (!visible) continue;
      const joined = parts.join('');
      const seen = found.get(joined);
      // Two different hyphenations of the same letters: no single repair is evidenced.
      found.set(joined, seen === undefined || seen === compound ? compound : null);
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
