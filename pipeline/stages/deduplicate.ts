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
import type { DatasetStage } from '../stage.js';

/** Consecutive repeated paragraphs that make a passage worth a warning. */
const PASSAGE = 2;

export const deduplicate: DatasetStage = {
  name: 'deduplicate',
  scope: 'dataset',
  run(files) {
    const documents = new Map<string, { id: string; path: string }>();
    const paragraphs = new Map<string, string>();
    for (const file of files) {
      const rows = file.rows!;
      const doc = rows.document;
      const first = documents.get(doc.text_sha256);
      if (first) {
        doc.duplicate_of = first.id;
        file.message('duplicate/document', 'deduplicate', `The paragraphs are exactly those of ${first.id} (${first.path})`, { line: 1, column: 1 });
      } else documents.set(doc.text_sha256, { id: doc.doc_id, path: file.relPath });

      let run: typeof rows.paragraphs = [];
      const report = () => {
        if (run.length >= PASSAGE && !first) {
          const a = run[0]!;
          const b = run.at(-1)!;
          file.message(
            'duplicate/repeated-passage',
            'deduplicate',
            `Paragraphs ${a.position}–${b.position} repeat earlier ones (from ${a.duplicate_of} to ${b.duplicate_of})`,
            file.place(file.normalised!.paragraphs[a.position - 1]!.span.start),
          );
        }
        run = [];
      };
      for (const p of rows.paragraphs) {
        const seen = paragraphs.get(p.text_sha256);
        if (seen) {
          p.duplicate_of = seen;
          run.push(p);
        } else {
          paragraphs.set(p.text_sha256, p.paragraph_id);
          report();
        }
      }
      report();
    }
  },
};
