/**
 * The normalisation of a text, in order: fold white space (not recorded),
 * then the recorded transforms: first what line breaks left (hyphens broken
 * at a line end, Markdown quote markers), then Markdown inline markup, then
 * the character-level repairs. rejoin-hyphen runs last and apart, because its
 * evidence is the whole document after the other transforms.
 */
import type { Edit } from '../../schemas/edit.js';
import { applyEdits, type Recorded } from './edits.js';
import { foldWhitespace } from './fold-whitespace.js';
import { nfc } from './nfc.js';
import { rejoinHyphen } from './rejoin-hyphen.js';
import { removeSoftHyphen } from './remove-soft-hyphen.js';
import { removeZeroWidth } from './remove-zero-width.js';
import { stripNoteMarkers } from './strip-note-marker.js';
import { stripMarkdown } from './strip-markdown.js';
import { foldWithBreaks, removeCuts, unwrapLines } from './unwrap-lines.js';

export { hyphenEvidence } from './rejoin-hyphen.js';
export { applyEdits, revertEdits } from './edits.js';
export { foldWhitespace } from './fold-whitespace.js';
export { foldWithBreaks, wordSet } from './unwrap-lines.js';

export interface NormaliseOptions {
  /** Note markers to strip (none for titles and notes). */
  markers?: readonly string[];
  /** The document's words, the evidence for joining a word broken at a line end; without it no hyphen is touched. */
  words?: ReadonlySet<string>;
  /** Remove Markdown markup. */
  markdown?: boolean;
  /** Ranges of the raw text that are not text (page numbers, running headers): removed first, recorded. */
  cuts?: readonly { start: number; end: number }[];
}

type Transform = (text: string, options: NormaliseOptions) => Recorded;

// nfc comes after every removal, since removing a character can bring a base letter and a combining mark together.
const beforeEvidence: readonly Transform[] = [
  (text, o) => (o.markdown ? stripMarkdown(text) : { text, edits: [] }),
  removeZeroWidth,
  removeSoftHyphen,
  (text, o) => stripNoteMarkers(text, o.markers ?? []),
  nfc,
];

function chain(start: Recorded, steps: Iterable<(text: string) => Recorded>): Recorded {
  let { text } = start;
  const edits: Edit[] = [...start.edits];
  for (const step of steps) {
    const r = step(text);
    text = r.text;
    // Not push(...r.edits): a long decomposed text can hold more edits than a call has room for arguments.
    for (const e of r.edits) edits.push(e);
  }
  return { text, edits };
}

/** Every step but rejoin-hyphen. */
export function normaliseBase(raw: string, options: NormaliseOptions = {}): Recorded {
  const folded = foldWithBreaks(raw);
  const cut = options.cuts?.length ? removeCuts(raw, folded, options.cuts) : { ...folded, edits: [] };
  const unwrapped = unwrapLines(cut.text, cut.breaks, options);
  return chain({ text: unwrapped.text, edits: [...cut.edits, ...unwrapped.edits] }, beforeEvidence.map((t) => (s: string) => t(s, options)));
}

/** The last step, once the document's hyphen evidence is known. */
export function normaliseFinish(base: Recorded, evidence: ReadonlyMap<string, string>): Recorded {
  return chain(base, [(s) => rejoinHyphen(s, evidence)]);
}

/** The text a source span yields under its recorded edits: the provenance check. */
export function replay(raw: string, edits: readonly Edit[]): string {
  return applyEdits(foldWhitespace(raw), edits);
}
