/** Recording and replaying edits. Offsets are in Unicode code points, as the data contract states. */
import type { Edit, EditRule } from '../../schemas/edit.js';
import { countCodePoints } from '../file.js';

export interface Recorded {
  text: string;
  edits: Edit[];
}

/**
 * Replaces every match of `pattern` (a global regex) by `replace(match)` and
 * records each change. Matches are visited left to right, so an edit's `at`
 * is where it stands in the text once the edits before it are applied.
 */
export function replaceRecorded(
  input: string,
  pattern: RegExp,
  rule: EditRule,
  replace: (match: RegExpExecArray, input: string) => string,
): Recorded {
  if (!pattern.global) throw new Error('replaceRecorded needs a global pattern');
  pattern.lastIndex = 0;
  const edits: Edit[] = [];
  let out = '';
  let outCodePoints = 0;
  let last = 0;
  for (let m = pattern.exec(input); m; m = pattern.exec(input)) {
    if (m[0].length === 0) {
      pattern.lastIndex++;
      continue;
    }
    const to = replace(m, input);
    if (to === m[0]) continue;
    const between = input.slice(last, m.index);
    out += between;
    outCodePoints += countCodePoints(between);
    edits.push({ rule, from: m[0], to, at: outCodePoints });
    out += to;
    outCodePoints += countCodePoints(to);
    last = m.index + m[0].length;
  }
  if (edits.length === 0) return { text: input, edits };
  return { text: out + input.slice(last), edits };
}

/** UTF-16 index of a code-point offset. */
function indexOfCodePoint(s: string, codePoint: number): number {
  let i = 0;
  for (let n = 0; n < codePoint; n++) {
    if (i >= s.length) return -1;
    const c = s.charCodeAt(i);
    const d = s.charCodeAt(i + 1);
    i += c >= 0xd800 && c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff ? 2 : 1;
  }
  return i;
}

/** Applies edits in order; throws if an edit's `from` is not where it says. */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  let s = text;
  for (const e of edits) {
    const i = indexOfCodePoint(s, e.at);
    if (i < 0 || s.slice(i, i + e.from.length) !== e.from) {
      throw new Error(`Edit ${JSON.stringify(e)} does not apply: found ${JSON.stringify(s.slice(Math.max(0, i), Math.max(0, i) + e.from.length))}`);
    }
    s = s.slice(0, i) + e.to + s.slice(i + e.from.length);
  }
  return s;
}

/** Undoes edits (in reverse order): from text back to the whitespace-folded source. */
export function revertEdits(text: string, edits: readonly Edit[]): string {
  let s = text;
  for (let k = edits.length - 1; k >= 0; k--) {
    const e = edits[k]!;
    const i = indexOfCodePoint(s, e.at);
    if (i < 0 || s.slice(i, i + e.to.length) !== e.to) throw new Error(`Edit ${JSON.stringify(e)} cannot be reverted`);
    s = s.slice(0, i) + e.from + s.slice(i + e.to.length);
  }
  return s;
}
