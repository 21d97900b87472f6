/**
 * identify: makes every published document's id unique in the dataset. Files
 * come in source-path order, so the first keeps its id and later ones with the
 * same date and title get "-2", "-3", … (always the same for the same inputs).
 * Runs after validate, so a rejected file never takes an id.
 */
import type { Rows } from '../file.js';
import { addMessage } from '../processed.js';
import type { SequenceStage } from '../stage.js';
import { truncateSlug } from '../text/slug.js';
import { DOC_ID_MAX } from '../../schemas/ids.js';

/** The same rows under another doc_id: every id that is derived from it changes with it. */
export function renameDocument(rows: Rows, id: string): void {
  const from = rows.document.doc_id;
  const swap = (derived: string) => id + derived.slice(from.length);
  rows.document.doc_id = id;
  for (const p of rows.paragraphs) {
    p.doc_id = id;
    p.paragraph_id = swap(p.paragraph_id);
  }
  for (const n of rows.notes) {
    n.doc_id = id;
    n.note_id = swap(n.note_id);
    if (n.anchor !== null && n.anchor !== 'title') n.anchor = swap(n.anchor);
  }
}

export const identify: SequenceStage = {
  name: 'identify',
  scope: 'sequence',
  start() {
    const taken = new Map<string, string>();
    return (file) => {
      const rows = file.rows!;
      const base = rows.document.doc_id;
      let id = base;
      for (let k = 2; taken.has(id); k++) {
        const suffix = `-${k}`;
        id = truncateSlug(base, DOC_ID_MAX - suffix.length) + suffix;
      }
      if (id !== base) {
        addMessage(file, 'identify/duplicate-id', 'identify', `doc_id "${base}" is already used by ${taken.get(base)}; this document gets "${id}"`, { line: 1, column: 1 });
        renameDocument(rows, id);
        file.touched = true;
      }
      taken.set(id, file.relPath);
    };
  },
};
