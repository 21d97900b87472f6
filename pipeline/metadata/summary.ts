/**
 * The facts about a built dataset that the card, croissant.json and
 * CITATION.cff state: counts, distributions and the publication date. Built
 * up once as the rows go by (SummaryBuilder), so every file says the same thing.
 */
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
  /** How many paragraphs have each word_count (the chart's data). */
  paragraphWords: ReadonlyMap<number, number>;
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

/**
 * The distribution of the values that `counts` holds (value → how many
 * times), with d3's quantiles (R-7: linear between the two nearest ranks,
 * as d3.quantileSorted over the values themselves, which the tests compare),
 * in memory bounded by the number of distinct values.
 */
export function distributionOfCounts(counts: ReadonlyMap<number, number>): Distribution | null {
  const values = [...counts.keys()].sort((a, b) => a - b);
  let n = 0;
  let sum = 0;
  const ends: number[] = [];
  for (const v of values) {
    n += counts.get(v)!;
    sum += v * counts.get(v)!;
    ends.push(n);
  }
  if (n === 0) return null;
  // The value at rank k (0-based) of the sorted values.
  const at = (k: number) => {
    let lo = 0;
    let hi = ends.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ends[mid]! > k) hi = mid;
      else lo = mid + 1;
    }
    return values[lo]!;
  };
  const q = (p: number) => {
    if (n < 2) return at(0);
    const i = (n - 1) * p;
    const i0 = Math.floor(i);
    const v0 = at(i0);
    return v0 + (at(i0 + 1) - v0) * (i - i0);
  };
  return { min: values[0]!, p25: q(0.25), median: q(0.5), p75: q(0.75), max: values.at(-1)!, mean: sum / n };
}

const increment = <K>(counts: Map<K, number>, key: K) => counts.set(key, (counts.get(key) ?? 0) + 1);

/** Counts by key, most first, ties by key: the same order on every run. */
const ranked = (counts: Map<string, number>): [string, number][] => [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));

/**
 * The summary of a dataset built row by row as the rows go by, holding counts
 * and extremes only: memory does not grow with the number of rows (but for
 * the distinct lengths and dates seen).
 */
export class SummaryBuilder {
  private documents = 0;
  private paragraphs = 0;
  private notes = 0;
  private words = 0;
  private characters = 0;
  private readonly perDocument = new Map<number, number>();
  private readonly paragraphWords = new Map<number, number>();
  private firstDate: string | null = null;
  private lastDate: string | null = null;
  private latestStated: string | null = null;
  private duplicateDocuments = 0;
  private duplicateParagraphs = 0;
  private readonly readings = new Map<string, number>();
  private readonly languages = new Map<string, number>();

  add(rows: { document: Document; paragraphs: readonly Paragraph[]; notes: readonly Note[] }): void {
    const d = rows.document;
    this.documents++;
    increment(this.perDocument, d.paragraph_count);
    if (d.date !== null) {
      if (this.firstDate === null || d.date < this.firstDate) this.firstDate = d.date;
      if (this.lastDate === null || d.date > this.lastDate) this.lastDate = d.date;
    }
    for (const stated of [d.date, d.source_updated]) if (stated !== null && (this.latestStated === null || stated > this.latestStated)) this.latestStated = stated;
    if (d.duplicate_of !== null) this.duplicateDocuments++;
    increment(this.readings, JSON.stringify([d.profile, d.layout, d.profile_confidence]));
    for (const p of rows.paragraphs) {
      this.paragraphs++;
      this.words += p.word_count;
      this.characters += p.char_count;
      increment(this.paragraphWords, p.word_count);
      if (p.duplicate_of !== null) this.duplicateParagraphs++;
      increment(this.languages, p.language);
    }
    this.notes += rows.notes.length;
  }

  finish(sourceDateEpoch: number | null): DatasetSummary {
    return {
      documents: this.documents,
      paragraphs: this.paragraphs,
      notes: this.notes,
      words: this.words,
      characters: this.characters,
      paragraphsPerDocument: distributionOfCounts(this.perDocument),
      wordsPerParagraph: distributionOfCounts(this.paragraphWords),
      paragraphWords: this.paragraphWords,
      firstDate: this.firstDate,
      lastDate: this.lastDate,
      datePublished: sourceDateEpoch !== null ? isoSeconds(sourceDateEpoch).slice(0, 10) : this.latestStated,
      duplicateDocuments: this.duplicateDocuments,
      duplicateParagraphs: this.duplicateParagraphs,
      readings: ranked(this.readings).map(([k, documents]) => {
        const [profile, layout, confidence] = JSON.parse(k) as [string, string, string];
        return { profile, layout, confidence, documents };
      }),
      languages: ranked(this.languages).map(([language, paragraphs]) => ({ language, paragraphs })),
    };
  }
}

/** The languages a dataset holds: the declared one first, then every other language its paragraphs are in ("und-…" tags name no language and are left out). */
export function datasetLanguages(declared: string, summary: DatasetSummary): string[] {
  return [...new Set([declared, ...summary.languages.map((l) => l.language)])].filter((l) => !l.startsWith('und'));
}
