/**
 * deduplicate: flags what a corpus holds twice, without dropping anything.
 * A document whose body equals an earlier one (documents.text_sha256) gets
 * duplicate_of = the first doc_id; a paragraph whose text occurred before in
 * the dataset (paragraphs.text_sha256) gets duplicate_of = the first
 * paragraph_id. "Before" is source-path order, then reading order, so the
 * flags are the same on every run. Runs of repeated paragraphs (an article
 * saved twice in one file, a passage shared with another document) are
 * reported; single short repeats ("Thank you.") are only flagged.
 */
import { addMessage, paragraphPlace } from '../processed.js';
import type { SequenceStage } from '../stage.js';
import { paragraphId } from './assemble.js';
import { FirstSeen } from './first-seen.js';

/** Consecutive repeated paragraphs that make a passage worth a warning. */
const PASSAGE = 2;

export const deduplicate: SequenceStage = {
  name: 'deduplicate',
  scope: 'sequence',
  start() {
    // Ids and paths of the documents so far, by their order in the dataset: what the hash tables point to.
    const ids: string[] = [];
    const paths: string[] = [];
    const documents = new FirstSeen();
    const paragraphs = new FirstSeen(1 << 16);
    return (file) => {
      const rows = file.rows!;
      const doc = rows.document;
      const ordinal = ids.length;
      ids.push(doc.doc_id);
      paths.push(file.relPath);
      const first = documents.firstOr(doc.text_sha256, ordinal, 0);
      if (first) {
        doc.duplicate_of = ids[first[0]]!;
        file.touched = true;
        addMessage(file, 'duplicate/document', 'deduplicate', `The paragraphs are exactly those of ${ids[first[0]]} (${paths[first[0]]})`, { line: 1, column: 1 });
      }

      let run: typeof rows.paragraphs = [];
      const report = () => {
        if (run.length >= PASSAGE && !first) {
          const a = run[0]!;
          const b = run.at(-1)!;
          addMessage(
            file,
            'duplicate/repeated-passage',
            'deduplicate',
            `Paragraphs ${a.position}–${b.position} repeat earlier ones (from ${a.duplicate_of} to ${b.duplicate_of})`,
            paragraphPlace(file, a.position),
          );
        }
        run = [];
      };
      for (const p of rows.paragraphs) {
        const seen = paragraphs.firstOr(p.text_sha256, ordinal, p.position);
        if (seen) {
          p.duplicate_of = paragraphId(ids[seen[0]]!, seen[1]);
          file.touched = true;
          run.push(p);
        } else report();
      }
      report();
    };
  },
};
