/**
 * The facts about a built dataset that the card, croissant.json and
 * CITATION.cff state: counts, distributions and the publication date. Computed
 * once from the rows, so every file says the same thing.
 */
import { quantileSorted } from 'd3-array';
import type { Document } from '../../schemas/document.js';
import type { Note } from '../../schemas/note.js';
import type { Paragraph } from '../../schemas/paragraph.js';
import { isoSeconds } from './provenance.js';

export interface Distribution {
  min: number;
  p25: number;
  median: number;
  p75: number;
  max: number;
  mean: number;
}

export interface DatasetSummary {
  documents: number;
  paragraphs: number;
  notes: number;
  words: number;
  characters: number;
  paragraphsPerDocument: Distribution | null;
  wordsPerParagraph: Distribution | null;
  /** word_count of every paragraph, in table order (the chart's data). */
  paragraphWords: number[];
  /** Earliest and latest document date. */
  firstDate: string | null;
  lastDate: string | null;
  /** YYYY-MM-DD: the day of SOURCE_DATE_EPOCH, else the latest date the sources state (delivery or page update), else null. */
  datePublished: string | null;
  /** Documents with the same text as an earlier one, and paragraphs repeating an earlier one (duplicate_of set). */
  duplicateDocuments: number;
  duplicateParagraphs: number;
  /** How the files were read: documents per profile, layout and confidence, most first. */
  readings: { profile: string; layout: string; confidence: string; documents: number }[];
  /** Paragraphs per language, most first. */
  languages: { language: string; paragraphs: number }[];
}

export interface TableRows {
  documents: Document[];
  paragraphs: Paragraph[];
  notes: Note[];
}

export function distribution(values: readonly number[]): Distribution | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const q = (p: number) => quantileSorted(sorted, p)!;
  return { min: sorted[0]!, p25: q(0.25), median: q(0.5), p75: q(0.75), max: sorted.at(-1)!, mean: sorted.reduce((a, b) => a + b, 0) / sorted.length };
}

const latest = (dates: (string | null)[]) => dates.filter((d): d is string => d !== null).sort().at(-1) ?? null;

/** Counts by key, most first, ties by key: the same order on every run. */
function tally<T>(items: readonly T[], key: (item: T) => string): [string, number][] {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}

export function summarise(rows: TableRows, sourceDateEpoch: number | null): DatasetSummary {
  const dates = rows.documents.map((d) => d.date).filter((d): d is string => d !== null).sort();
  const datePublished =
    sourceDateEpoch !== null ? isoSeconds(sourceDateEpoch).slice(0, 10) : latest(rows.documents.flatMap((d) => [d.date, d.source_updated]));
  return {
    documents: rows.documents.length,
    paragraphs: rows.paragraphs.length,
    notes: rows.notes.length,
    words: rows.paragraphs.reduce((n, p) => n + p.word_count, 0),
    characters: rows.paragraphs.reduce((n, p) => n + p.char_count, 0),
    paragraphsPerDocument: distribution(rows.documents.map((d) => d.paragraph_count)),
    wordsPerParagraph: distribution(rows.paragraphs.map((p) => p.word_count)),
    paragraphWords: rows.paragraphs.map((p) => p.word_count),
    firstDate: dates[0] ?? null,
    lastDate: dates.at(-1) ?? null,
    datePublished,
    duplicateDocuments: rows.documents.filter((d) => d.duplicate_of !== null).length,
    duplicateParagraphs: rows.paragraphs.filter((p) => p.duplicate_of !== null).length,
    readings: tally(rows.documents, (d) => JSON.stringify([d.profile, d.layout, d.profile_confidence])).map(([k, documents]) => {
      const [profile, layout, confidence] = JSON.parse(k) as [string, string, string];
      return { profile, layout, confidence, documents };
    }),
    languages: tally(rows.paragraphs, (p) => p.language).map(([language, paragraphs]) => ({ language, paragraphs })),
  };
}

/** The languages a dataset holds: the declared one first, then every other language its paragraphs are in ("und-…" tags name no language and are left out). */
export function datasetLanguages(declared: string, summary: DatasetSummary): string[] {
  return [...new Set([declared, ...summary.languages.map((l) => l.language)])].filter((l) => !l.startsWith('und'));
}
