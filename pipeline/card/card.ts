/**
 * The dataset card, output/<dataset>/README.md: Hugging Face front matter,
 * then what the data is, who holds the rights and what that means, every
 * column (from the zod schemas), statistics with a chart, how to load it,
 * how to cite it, and the checksums. Generated, never edited by hand.
 */
import { csvCellsNote } from '../writers/csv.js';
import { stringify } from 'yaml';
import type { ColumnKind } from '../../schemas/columns.js';
import type { SourceConfig } from '../../schemas/source.js';
import { CONTRACT_VERSION, tables } from '../../schemas/tables.js';
import { citeAs } from '../metadata/citation.js';
import { CHART_FILE, CITATION_FILE, CROISSANT_FILE, type WrittenFile } from '../metadata/files.js';
import { huggingFaceLicense, licenseName, licenseUrl, rightsKind } from '../metadata/rights.js';
import { datasetLanguages, type DatasetSummary, type Distribution } from '../metadata/summary.js';
import { PIPELINE } from '../version.js';
import type { Format } from '../writers/writer.js';
import { snippets } from './snippets.js';


const FORMAT_NAMES: Record<Format, string> = {
  parquet: 'Parquet (`.parquet`, the one to use)',
  jsonl: 'JSON Lines (`.jsonl`)',
  csv: 'CSV (`.csv`)',
  arrow: 'Arrow IPC file (`.arrow`)',
};

/** "A", "A and B", "A, B and C", in the order given. */
function formatList(formats: readonly Format[]): string {
  const names = formats.map((f) => FORMAT_NAMES[f]);
  return names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

const KIND_NAMES: Record<ColumnKind, string> = { string: 'string', int32: 'int32', date: 'date', json: 'string (JSON)' };

/** Hugging Face size categories, by row count. */
export function sizeCategory(rows: number): string {
  const bounds: [number, string][] = [
    [1e3, 'n<1K'], [1e4, '1K<n<10K'], [1e5, '10K<n<100K'], [1e6, '100K<n<1M'], [1e7, '1M<n<10M'], [1e8, '10M<n<100M'],
    [1e9, '100M<n<1B'], [1e10, '1B<n<10B'], [1e11, '10B<n<100B'], [1e12, '100B<n<1T'],
  ];
  return bounds.find(([limit]) => rows < limit)?.[1] ?? 'n>1T';
}

/** 1234567 → "1,234,567"; decimals to one place. Written out, so no locale data can change the bytes. */
export function num(v: number): string {
  const [int, frac] = (Number.isInteger(v) ? String(v) : v.toFixed(1)).split('.') as [string, string | undefined];
  return int.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (frac ? `.${frac}` : '');
}

/** "1 document", "3 documents". */
export const count = (n: number, word: string, plural = `${word}s`) => `${num(n)} ${n === 1 ? word : plural}`;

const cell = (s: string) => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\n/g, ' ');

export interface CardInput {
  config: SourceConfig;
  summary: DatasetSummary;
  /** Every file written before the card. */
  written: readonly WrittenFile[];
  formats: readonly Format[];
  rejectedFiles: number;
  inputs: number;
  /** The CSV files are spreadsheet-safe (writers/csv.ts). */
  csvExcelSafe?: boolean;
}

/** The Parquet files (else JSON Lines, else CSV) as Hugging Face configs, paragraphs first as the default. */
function configs(written: readonly WrittenFile[]) {
  const order = ['paragraphs', 'documents', 'notes'];
  const out = [];
  for (const table of order) {
    const file = ['parquet', 'jsonl', 'csv'].map((f) => written.find((w) => w.table === table && w.format === f)).find(Boolean);
    if (!file) continue;
    out.push({ config_name: table, data_files: [{ split: 'train', path: file.path }], ...(table === 'paragraphs' ? { default: true } : {}) });
  }
  return out;
}

export function frontMatter(input: CardInput) {
  const { config, summary, written } = input;
  return {
    ...huggingFaceLicense(config),
    language: [...new Set(datasetLanguages(config.language, summary).map((l) => l.split('-')[0]!))],
    pretty_name: config.title,
    size_categories: [sizeCategory(summary.paragraphs)],
    task_categories: config.task_categories,
    tags: config.keywords,
    configs: configs(written),
  };
}

/** One line of Markdown from text that may hold line breaks. */
const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Text as a block quote, every line of it quoted. */
const quote = (lines: string[]) => lines.flatMap((l) => l.split('\n')).map((l) => (l.trim() ? `> ${l}` : '>'));

function rightsBlock(config: SourceConfig): string[] {
  const holder = oneLine(config.rights.holder);
  const statement = `The source states: "${config.rights.statement}"`;
  switch (rightsKind(config)) {
    case 'open':
      return quote([
        `**Licence: ${licenseName(config)}**, ${licenseUrl(config)}.`,
        `Rights holder: ${holder}. ${statement}`,
        'You may reuse the data on the terms of that licence.',
      ]);
    case 'licensed':
      return quote([
        `**Licence: ${licenseName(config)}, which is not an open licence.** ${licenseUrl(config)}`,
        `Rights holder: ${holder}. ${statement}`,
        '',
        'What this means: you may use, share or republish these texts, and this dataset, only as that licence',
        'allows (it restricts some uses, such as commercial use or changes, that an open licence permits).',
        'Read its terms before you publish the dataset or anything derived from it.',
      ]);
    case 'reserved':
      return quote([
        '**Rights: not an open licence. The texts in this dataset are not free to republish.**',
        `Rights holder: ${holder}. ${statement}`,
        '',
        'What this means: nobody has granted a licence to copy, share or republish these texts, in part or whole,',
        'and that includes this dataset and anything derived from it that reproduces the text. Any use must rest',
        'on the permission of the rights holder or on an exception in the law that applies to you (such as',
        'quotation, or text and data mining for research where your law allows it). Check before you publish',
        'the dataset or a model trained on it. The metadata files (datapackage.json, croissant.json) say the same',
        'and claim no open licence.',
      ]);
  }
}

function distributionRow(label: string, d: Distribution | null): string {
  if (!d) return `| ${label} | – | – | – | – | – | – |`;
  return `| ${label} | ${num(d.min)} | ${num(d.p25)} | ${num(d.median)} | ${num(d.mean)} | ${num(d.p75)} | ${num(d.max)} |`;
}

export function datasetCard(input: CardInput): string {
  const { config, summary, written } = input;
  const lines: string[] = [];
  const push = (...l: string[]) => lines.push(...l);
  push('---', stringify(frontMatter(input), { lineWidth: 0 }).trimEnd(), '---', '');
  push(`# ${oneLine(config.title)}`, '');
  push(...rightsBlock(config), '');
  push(config.description, '');
  push(
    `- **Source:** ${oneLine(config.origin.publisher)}, <${config.origin.url}>.${config.origin.notes ? ` ${oneLine(config.origin.notes)}` : ''}`,
    `- **Language:** ${config.language} (declared)${summary.languages.some((l) => l.language !== config.language) ? `; paragraphs by script: ${summary.languages.map((l) => `${l.language} ${num(l.paragraphs)}`).join(', ')}` : ''}.`,
    `- **Version:** ${config.version} (data contract ${CONTRACT_VERSION}), built by ${PIPELINE.name} ${PIPELINE.version}.`,
    `- **Contents:** ${count(summary.documents, 'document')}, ${count(summary.paragraphs, 'paragraph')}, ${count(summary.notes, 'note')}, ${count(summary.words, 'word')}${summary.firstDate ? `, dated ${summary.firstDate}${summary.lastDate !== summary.firstDate ? ` to ${summary.lastDate}` : ''}` : ''}.`,
    `- **Inputs:** ${count(input.inputs, 'raw file')}, ${num(input.rejectedFiles)} rejected (listed with the reason in rejected.jsonl).`,
    '',
  );

  push('## Tables', '');
  push(
    `Three tables, each as ${formatList(input.formats)}.`,
    ...(input.formats.length > 1 ? ['The formats hold the same rows, columns and values.'] : []),
    '`paragraphs.doc_id` and `notes.doc_id` refer to `documents.doc_id`. A missing value is null; no text value is ever empty' +
      (input.formats.includes('csv') ? ' (in CSV, null is an empty unquoted field).' : '.'),
    ...(input.formats.includes('csv') ? [`CSV: ${csvCellsNote(input.csvExcelSafe ?? false)}`] : []),
    '',
  );
  for (const table of tables) {
    const rows = written.find((w) => w.table === table.name)?.rows ?? 0;
    push(`### ${table.name} (${count(rows, 'row')})`, '', `${table.description} Primary key: \`${table.primaryKey}\`.`, '');
    push('| column | type | null | description |', '|---|---|---|---|');
    for (const c of table.columns) push(`| \`${c.name}\` | ${KIND_NAMES[c.meta.kind]} | ${c.meta.nullable ? 'yes' : 'no'} | ${cell(c.meta.description)} |`);
    push('');
  }

  push('## Statistics', '');
  push('| | count |', '|---|---:|');
  push(`| documents | ${num(summary.documents)} |`, `| paragraphs | ${num(summary.paragraphs)} |`, `| notes | ${num(summary.notes)} |`);
  push(`| words (in paragraphs) | ${num(summary.words)} |`, `| characters (in paragraphs) | ${num(summary.characters)} |`);
  push(`| documents with the same text as an earlier one | ${num(summary.duplicateDocuments)} |`, `| paragraphs repeating an earlier one | ${num(summary.duplicateParagraphs)} |`, '');
  push('Repeats are flagged in `duplicate_of`, not removed: filter on `duplicate_of IS NULL` to count each text once.', '');
  push('| per | min | 25% | median | mean | 75% | max |', '|---|---:|---:|---:|---:|---:|---:|');
  push(distributionRow('paragraphs per document', summary.paragraphsPerDocument), distributionRow('words per paragraph', summary.wordsPerParagraph), '');
  push(`![Histogram of paragraph lengths in words](${CHART_FILE})`, '');
  push('Words are counted by `Intl.Segmenter` for the paragraph language (see `word_count`).', '');
  push('### How the files were read', '');
  push('Each document records its profile, layout, confidence and the reason (`documents.profile_reason`).', '');
  push('| profile | layout | confidence | documents |', '|---|---|---|---:|');
  for (const r of summary.readings) push(`| ${r.profile} | ${r.layout} | ${r.confidence} | ${num(r.documents)} |`);
  push('');

  push('## How to load', '');
  push('Run these from inside this folder. The same calls read `documents` and `notes`.', '');
  for (const s of snippets(input.formats)) {
    push(`### ${s.title}`, '', `<!-- snippet: ${s.id} -->`, `\`\`\`${s.language}`, s.code, '```', '', s.note, '');
  }

  push('## How to cite', '');
  push(`Cite the dataset (also in [${CITATION_FILE}](${CITATION_FILE})) and the source of the texts:`, '');
  push('```bibtex', citeAs(config, summary), '```', '');

  push('## Files and checksums', '');
  push('Verify a download with `sha256sum -c SHA256SUMS`, which covers every file here, this card included.', '');
  push('| file | bytes | sha256 |', '|---|---:|---|');
  for (const f of [...written].sort((a, b) => (a.path < b.path ? -1 : 1))) push(`| \`${f.path}\` | ${num(f.bytes)} | \`${f.sha256}\` |`);
  push('');
  push(
    'Also here: `datapackage.json` (Frictionless Data Package v2: every file, column types, keys, licence), ' +
      `\`${CROISSANT_FILE}\` (Croissant 1.1, for dataset search and ML tools), \`provenance.json\` (every input with its hash, ` +
      'every message of the build, and the count of files through each stage) and `SHA256SUMS`.',
    '',
  );
  return `${lines.join('\n').trimEnd()}\n`;
}
