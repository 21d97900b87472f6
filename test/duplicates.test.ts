/** Duplicates are flagged, counted and reported, never dropped: a whole run over test/fixtures/duplicates. */
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildTo, readJsonl } from './helpers/build.js';
import { fixturesDir } from './golden/fixtures.js';
import type { Document } from '../schemas/document.js';
import type { Paragraph } from '../schemas/paragraph.js';

describe('duplicates', async () => {
  const { out, report } = await buildTo(join(fixturesDir, 'duplicates', 'sources'));
  const dir = join(out, 'corpus');
  const documents = readJsonl<Document>(join(dir, 'documents.jsonl'));
  const paragraphs = readJsonl<Paragraph>(join(dir, 'paragraphs.jsonl'));

  it('names the first document with the same text, whatever the line endings of the copy', () => {
    expect(documents.map((d) => [d.source_path.split('/').pop(), d.duplicate_of])).toEqual([
      ['a-bridge.txt', null],
      ['b-bridge-again.txt', '2019-06-03-opening-the-riverside-bridge'],
      ['c-article-twice.txt', null],
    ]);
    expect(documents[0]!.text_sha256).toBe(documents[1]!.text_sha256);
  });

  it('points every repeated paragraph at its first occurrence, inside a file and across files', () => {
    const repeats = paragraphs.filter((p) => p.duplicate_of !== null).map((p) => [p.paragraph_id, p.duplicate_of]);
    expect(repeats).toContainEqual(['harbour-report-p003', 'harbour-report-p001']);
    expect(repeats).toContainEqual(['harbour-report-p004', 'harbour-report-p002']);
    expect(repeats).toContainEqual(['harbour-report-p005', '2019-06-03-opening-the-riverside-bridge-p003']);
    expect(paragraphs.filter((p) => p.duplicate_of === null).map((p) => p.text)).toEqual([...new Set(paragraphs.map((p) => p.text))]);
  });

  it('warns about the duplicate document and the repeated passage, with places', () => {
    const dataset = report.datasets[0]!;
    const rules = dataset.messages.filter((m) => m.rule.startsWith('duplicate/')).map((m) => [m.rule, m.file.split('/').pop(), m.line ?? null, m.message]);
    expect(rules).toEqual([
      ['duplicate/document', 'b-bridge-again.txt', 1, 'The paragraphs are exactly those of 2019-06-03-opening-the-riverside-bridge (sources/corpus/raw/a-bridge.txt)'],
      ['duplicate/repeated-passage', 'c-article-twice.txt', 7, 'Paragraphs 3–5 repeat earlier ones (from harbour-report-p001 to 2019-06-03-opening-the-riverside-bridge-p003)'],
    ]);
  });

  it('counts them in the dataset card', () => {
    const card = readFileSync(join(dir, 'README.md'), 'utf8');
    expect(card).toContain('| documents with the same text as an earlier one | 1 |');
    expect(card).toContain('| paragraphs repeating an earlier one | 6 |');
    expect(card).toContain('| plain | blank-line | high | 3 |');
  });
});
