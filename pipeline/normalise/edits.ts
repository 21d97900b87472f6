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

/** UTF-16 index `n` code points after index `from` of `s`, or -1 past its end. */
function forward(s: string, from: number, n: number): number {
  let i = from;
  for (let k = 0; k < n; k++) {
    if (i >= s.length) return -1;
    const c = s.charCodeAt(i);
    const d = s.charCodeAt(i + 1);
    i += c >= 0xd800 && c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff ? 2 : 1;
  }
  return i;
}

/** UTF-16 index `n` code points before index `from` of `s`, or -1 before its start. */
function backward(s: string, from: number, n: number): number {
  let i = from;
  for (let k = 0; k < n; k++) {
    if (i <= 0) return -1;
    const c = s.charCodeAt(i - 1);
    const b = s.charCodeAt(i - 2);
    i -= c >= 0xdc00 && c <= 0xdfff && b >= 0xd800 && b <= 0xdbff && i >= 2 ? 2 : 1;
  }
  return i;
}

const misplaced = (e: Edit, s: string, i: number, what: string) =>
  new Error(`Edit ${JSON.stringify(e)} ${what}: found ${JSON.stringify(s.slice(Math.max(0, i), Math.max(0, i) + Math.max(e.from.length, e.to.length)))}`);

/**
 * Applies edits in order; throws if an edit's `from` is not where it says. One transform's edits run left to
 * right, so they are applied in one pass over the text (a paragraph can carry tens of thousands of edits: a
 * new pass, or a copy of the text, per edit would take time that grows with their square); an edit to the left
 * of the one before it starts a new pass.
 */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  let s = text;
  // Done: `out` (with `outPoints` code points); still to copy: s from index `rest`.
  let out = '';
  let outPoints = 0;
  let rest = 0;
  for (const e of edits) {
    if (e.at < outPoints) {
      s = out + s.slice(rest);
      out = '';
      outPoints = 0;
      rest = 0;
    }
    const i = forward(s, rest, e.at - outPoints);
    if (i < 0 || !s.startsWith(e.from, i)) throw misplaced(e, s, i, 'does not apply');
    out += s.slice(rest, i) + e.to;
    outPoints = e.at + countCodePoints(e.to);
    rest = i + e.from.length;
  }
  return out + s.slice(rest);
}

/** Undoes edits (in reverse order): from text back to the whitespace-folded source. In one pass from the right, as applyEdits goes from the left. */
export function revertEdits(text: string, edits: readonly Edit[]): string {
  let s = text;
  // Done: `tail`; still as it was: s up to index `head`, which holds `headPoints` code points.
  let tail = '';
  let head = s.length;
  let headPoints = countCodePoints(s);
  for (let k = edits.length - 1; k >= 0; k--) {
    const e = edits[k]!;
    const toPoints = countCodePoints(e.to);
    if (e.at + toPoints > headPoints) {
      s = s.slice(0, head) + tail;
      tail = '';
      head = s.length;
      headPoints = countCodePoints(s);
    }
    const i = backward(s, head, headPoints - e.at);
    if (i < 0 || i + e.to.length > head || !s.startsWith(e.to, i)) throw misplaced(e, s, i, 'cannot be reverted');
    tail = e.from + s.slice(i + e.to.length, head) + tail;
    head = i;
    headPoints = e.at;
  }
  return s.slice(0, head) + tail;
}
