/** Provenance you can check: the recorded bytes, decoded and normalised with the recorded edits, give the text. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { replay, revertEdits, foldWhitespace } from '../pipeline/index.js';
import type { Edit } from '../schemas/edit.js';
import { buildTo, readJsonl, sampleSources } from './helpers/build.js';
import { fixtureCases, fixturesDir } from './golden/fixtures.js';

interface Spanned {
  text: string;
  edits: string;
  source_byte_start: number;
  source_byte_end: number;
  doc_id: string;
}

const cases = [{ name: 'sources/', sources: sampleSources }, ...fixtureCases().map((c) => ({ name: c, sources: join(fixturesDir, c, 'sources') }))];

describe('provenance of every paragraph and note', () => {
  for (const { name, sources } of cases) {
    it(`holds for ${name}`, async () => {
      const { out, report } = await buildTo(sources);
      let checked = 0;
      for (const dataset of report.datasets) {
        const dir = join(out, dataset.name);
        const docs = new Map(readJsonl<{ doc_id: string; source_path: string; source_encoding: string }>(join(dir, 'documents.jsonl')).map((d) => [d.doc_id, d]));
        const rows = [...readJsonl<Spanned>(join(dir, 'paragraphs.jsonl')), ...readJsonl<Spanned>(join(dir, 'notes.jsonl'))];
        for (const row of rows) {
          // As the README says: the document's path and encoding, the row's byte range.
          const doc = docs.get(row.doc_id)!;
          const raw = readFileSync(join(sources, '..', doc.source_path)).subarray(row.source_byte_start, row.source_byte_end);
          const decoded = iconv.decode(raw, doc.source_encoding);
          const edits = JSON.parse(row.edits) as Edit[];
          expect(replay(decoded, edits)).toBe(row.text);
          // The range is tight: it neither starts nor ends in white space or an invisible character.
          expect(decoded).not.toMatch(/^[\s\u200b\u2060\ufeff\u00ad]|[\s\u200b\u2060\ufeff\u00ad]$/u);
          // And back: undoing the edits gives the whitespace-folded source.
          expect(revertEdits(row.text, edits)).toBe(foldWhitespace(decoded));
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(0);
    });
  }
});
