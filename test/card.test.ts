/** The dataset card (README.md), its chart and CITATION.cff: generated from the data, truthful about rights, and their snippets run. */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { count, num, sizeCategory } from '../pipeline/card/card.js';
import { histogramSvg } from '../pipeline/card/chart.js';
import { bibtexText, bibtexUrl } from '../pipeline/metadata/citation.js';
import { documentsTable, paragraphsTable, tables } from '../schemas/tables.js';
import { buildTo, committedOutput, readJsonl, sampleSources, tempDir } from './helpers/build.js';
import { cardFrontMatter, cardSnippet, sqlStatements } from './helpers/card.js';
import { duckdbQuery, duckdbRows } from './helpers/duckdb.js';
import { readArrow } from './helpers/readers.js';
import { fixturesDir } from './golden/fixtures.js';

const dir = join(committedOutput, 'governance-of-china');
const card = readFileSync(join(dir, 'README.md'), 'utf8');
const body = card.replace(/^---\n[\s\S]*?\n---\n/, '');
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('dataset card', () => {
  it('has Hugging Face front matter whose configs point at the Parquet files', () => {
    const fm = cardFrontMatter(card);
    expect(fm).toMatchObject({
      license: 'other',
      license_name: 'other-closed',
      language: ['en'],
      pretty_name: 'Xi Jinping: The Governance of China (English), paragraph by paragraph',
      size_categories: ['n<1K'],
      task_categories: ['text-classification', 'text-generation'],
    });
    const configs = fm.configs as { config_name: string; data_files: { split: string; path: string }[]; default?: boolean }[];
    expect(configs.map((c) => c.config_name)).toEqual(['paragraphs', 'documents', 'notes']);
    expect(configs[0]!.default).toBe(true);
    for (const c of configs) {
      expect(c.data_files).toEqual([{ split: 'train', path: `${c.config_name}.parquet` }]);
      expect(existsSync(join(dir, c.data_files[0]!.path))).toBe(true);
    }
  });

  it('says plainly at the top that the texts are not under an open licence', () => {
    const firstLines = body.trim().split('\n').slice(0, 4).join('\n');
    expect(firstLines).toMatch(/^# Xi Jinping/);
    expect(firstLines).toContain('**Rights: not an open licence. The texts in this dataset are not free to republish.**');
    expect(firstLines).toContain('All Rights Reserved. Not to be republished for any commercial or other purposes.');
    expect(card).not.toMatch(/CC-BY|CC0|public domain|open data/i);
  });

  it('documents every column of every table from the schemas', () => {
    for (const table of tables) {
      expect(body).toContain(`### ${table.name} (`);
      for (const c of table.columns) {
        const row = body.split('\n').find((l) => l.startsWith(`| \`${c.name}\` |`) && l.includes(c.meta.description.replace(/\|/g, '\\|')));
        expect(row, `${table.name}.${c.name}`).toBeDefined();
        expect(row).toContain(c.meta.nullable ? '| yes |' : '| no |');
      }
    }
  });

  it('states statistics that match the data', async () => {
    const [totals] = await duckdbQuery(
      "SELECT count(*)::INTEGER AS paragraphs, sum(word_count)::INTEGER AS words, sum(char_count)::INTEGER AS chars, median(word_count) AS median FROM read_parquet('paragraphs.parquet')",
      dir,
    );
    expect(body).toContain(`| paragraphs | ${num(totals!.paragraphs as number)} |`);
    expect(body).toContain(`| words (in paragraphs) | ${num(totals!.words as number)} |`);
    expect(body).toContain(`| characters (in paragraphs) | ${num(totals!.chars as number)} |`);
    expect(body).toMatch(new RegExp(`\\| words per paragraph \\| \\d+ \\| [\\d.]+ \\| ${num(Number(totals!.median))} \\|`));
    expect(body).toContain(`| documents | ${readJsonl(join(dir, 'documents.jsonl')).length} |`);
  });

  it('shows a chart of paragraph lengths whose bars add up to the paragraphs', () => {
    expect(body).toContain('![Histogram of paragraph lengths in words](paragraph-lengths.svg)');
    const svg = readFileSync(join(dir, 'paragraph-lengths.svg'), 'utf8');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    const bars = [...svg.matchAll(/<rect [^>]*><title>(\d+)–(\d+): (\d+)<\/title><\/rect>/g)];
    const words = readArrow(join(dir, 'paragraphs.arrow'), paragraphsTable).map((p) => p.word_count as number);
    expect(bars.reduce((n, b) => n + Number(b[3]), 0)).toBe(words.length);
    for (const w of words) expect(bars.some((b) => Number(b[1]) <= w && w <= Number(b[2]))).toBe(true);
  });

  it("runs the card's DuckDB snippet verbatim: every statement, from inside the folder", async () => {
    const statements = sqlStatements(cardSnippet(card, 'duckdb'));
    expect(statements).toHaveLength(4);
    const expected = readArrow(join(dir, 'paragraphs.arrow'), paragraphsTable);
    for (const sql of statements.slice(0, 3)) expect(await duckdbRows(sql, paragraphsTable, dir), sql).toEqual(expected);
    const perDocument = await duckdbQuery(statements[3]!, dir);
    const documents = readArrow(join(dir, 'documents.arrow'), documentsTable);
    expect(perDocument).toEqual(documents.map((d) => ({ doc_id: d.doc_id, title: d.title, paragraphs: String(d.paragraph_count), words: String(d.word_count) })));
  });

  it('prints a snippet for every client, each reading files that exist', () => {
    for (const id of ['pandas', 'pandas-parquet', 'duckdb', 'polars', 'r-arrow', 'huggingface']) {
      const code = cardSnippet(card, id);
      const files = [...code.matchAll(/["']([a-z]+\.(?:parquet|jsonl|csv))["']/g)].map((m) => m[1]!);
      expect(files.length, id).toBeGreaterThan(0);
      for (const f of files) expect(existsSync(join(dir, f)), `${id}: ${f}`).toBe(true);
    }
  });

  it('cites the dataset, and lists every file before it with its real sha256', () => {
    expect(body).toContain('```bibtex\n@misc{governance-of-china-1.0.0,');
    const rows = [...body.matchAll(/^\| `([^`]+)` \| [\d,]+ \| `([0-9a-f]{64})` \|$/gm)];
    expect(rows.map((r) => r[1])).toEqual(expect.arrayContaining(['paragraphs.parquet', 'croissant.json', 'CITATION.cff', 'paragraph-lengths.svg']));
    for (const [, file, hash] of rows) expect(sha256(join(dir, file!)), file).toBe(hash);
    const sums = readFileSync(join(dir, 'SHA256SUMS'), 'utf8');
    expect(sums).toContain(`${sha256(join(dir, 'README.md'))}  README.md\n`);
  });

  it('for an openly licensed source, carries the licence through to the front matter, card and CITATION.cff', async () => {
    const sources = tempDir();
    cpSync(join(fixturesDir, 'normalisation', 'sources'), sources, { recursive: true });
    const { out, report } = await buildTo(sources);
    expect(report.datasets[0]!.messages.map((m) => m.rule)).not.toContain('rights/not-open');
    const openCard = readFileSync(join(out, 'plain', 'README.md'), 'utf8');
    expect(cardFrontMatter(openCard).license).toBe('cc0-1.0');
    expect(openCard).toContain('> **Licence: CC0-1.0**, https://creativecommons.org/publicdomain/zero/1.0/.');
    const cff = parse(readFileSync(join(out, 'plain', 'CITATION.cff'), 'utf8'));
    expect(cff.license).toBe('CC0-1.0');
  });
});

describe('a card for a build without Parquet', () => {
  it('names only the formats written, points the configs at JSON Lines, and its snippets read only files that exist', async () => {
    const { out } = await buildTo(join(fixturesDir, 'normalisation', 'sources'), { formats: ['jsonl', 'csv'] });
    const folder = join(out, 'plain');
    const text = readFileSync(join(folder, 'README.md'), 'utf8');
    expect(text).toContain('Three tables, each as JSON Lines (`.jsonl`) and CSV (`.csv`).');
    expect(text).not.toMatch(/\.parquet|\.arrow/);
    expect((cardFrontMatter(text).configs as { data_files: { path: string }[] }[])[0]!.data_files[0]!.path).toBe('paragraphs.jsonl');
    const statements = sqlStatements(cardSnippet(text, 'duckdb'));
    expect(statements).toHaveLength(3);
    const expected = readArrow(join(dir, 'paragraphs.arrow'), paragraphsTable).length;
    expect(expected).toBeGreaterThan(0);
    for (const sql of statements) expect((await duckdbQuery(sql, folder)).length, sql).toBeGreaterThan(0);
    expect(cardSnippet(text, 'huggingface')).toContain('load_dataset("json", data_files="paragraphs.jsonl"');
  });

  it('with JSON Lines alone, still has a loading snippet and Croissant record sets', async () => {
    const { out } = await buildTo(join(fixturesDir, 'normalisation', 'sources'), { formats: ['jsonl'] });
    const text = readFileSync(join(out, 'plain', 'README.md'), 'utf8');
    expect(cardSnippet(text, 'pandas')).not.toContain('read_csv');
    const croissantDoc = JSON.parse(readFileSync(join(out, 'plain', 'croissant.json'), 'utf8'));
    expect(croissantDoc.recordSet).toHaveLength(3);
    expect(croissantDoc.recordSet[1].field[0].source.fileObject).toEqual({ '@id': 'paragraphs.jsonl' });
  });
});

/** The normalisation fixture with its source.json changed. */
function fixtureWith(change: (config: Record<string, any>) => void): string {
  const sources = tempDir();
  cpSync(join(fixturesDir, 'normalisation', 'sources'), sources, { recursive: true });
  const path = join(sources, 'plain', 'source.json');
  const config = JSON.parse(readFileSync(path, 'utf8'));
  change(config);
  writeFileSync(path, JSON.stringify(config));
  return sources;
}

describe('rights, three ways', () => {
  it('a licence that is not open is carried through everywhere, called not open, and warned about', async () => {
    const sources = fixtureWith((c) => {
      c.rights = { holder: 'A Holder', statement: 'Licensed CC BY-NC-ND 4.0.', open: false, license: { name: 'CC-BY-NC-ND-4.0', path: 'https://creativecommons.org/licenses/by-nc-nd/4.0/' } };
    });
    const { out, report } = await buildTo(sources);
    const folder = join(out, 'plain');
    const text = readFileSync(join(folder, 'README.md'), 'utf8');
    expect(cardFrontMatter(text).license).toBe('cc-by-nc-nd-4.0');
    expect(text).toContain('> **Licence: CC-BY-NC-ND-4.0, which is not an open licence.** https://creativecommons.org/licenses/by-nc-nd/4.0/');
    expect(text).not.toContain('nobody has granted a licence');
    expect(JSON.parse(readFileSync(join(folder, 'datapackage.json'), 'utf8')).licenses).toEqual([{ name: 'CC-BY-NC-ND-4.0', path: 'https://creativecommons.org/licenses/by-nc-nd/4.0/' }]);
    expect(JSON.parse(readFileSync(join(folder, 'croissant.json'), 'utf8')).license).toBe('https://creativecommons.org/licenses/by-nc-nd/4.0/');
    expect(parse(readFileSync(join(folder, 'CITATION.cff'), 'utf8')).license).toBe('CC-BY-NC-ND-4.0');
    const warning = report.datasets[0]!.messages.find((m) => m.rule === 'rights/not-open')!;
    expect(warning.message).toContain('grants only CC-BY-NC-ND-4.0, which is not an open licence');
  });

  it('keeps line breaks in source.json out of headings and inside the rights quote', async () => {
    const sources = fixtureWith((c) => {
      c.title = 'A title\nover two lines';
      c.rights = { holder: 'Holder', statement: 'First paragraph.\n\nSecond paragraph.', open: false };
    });
    const { out } = await buildTo(sources);
    const text = readFileSync(join(out, 'plain', 'README.md'), 'utf8');
    expect(text).toContain('\n# A title over two lines\n');
    expect(text).toContain('> Rights holder: Holder. The source states: "First paragraph.\n>\n> Second paragraph."\n');
  });
});

describe('CITATION.cff', () => {
  const cff = parse(readFileSync(join(dir, 'CITATION.cff'), 'utf8'));

  it('has what Citation File Format 1.2.0 requires, and no licence for a closed source', () => {
    expect(cff).toMatchObject({ 'cff-version': '1.2.0', type: 'dataset', title: expect.any(String), message: expect.any(String), version: '1.0.0' });
    expect(cff.authors).toEqual([{ name: 'speech-datasets contributors' }]);
    expect(cff).not.toHaveProperty('license');
    expect(cff.references[0].notes).toContain('Not an open licence');
  });
});

describe('the build warns about rights', () => {
  it('emits rights/not-open, once, at source.json, for a source that grants no open licence', async () => {
    const { report } = await buildTo(sampleSources);
    const warnings = report.datasets[0]!.messages.filter((m) => m.rule === 'rights/not-open');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ level: 'warning', file: 'sources/governance-of-china/source.json' });
    expect(report.exitCode).toBe(0);
  });
});

describe('card helpers', () => {
  it('formats numbers without locale data, and counts in the singular and plural', () => {
    expect([num(0), num(999), num(1000), num(1234567), num(142.666)]).toEqual(['0', '999', '1,000', '1,234,567', '142.7']);
    expect([count(1, 'row'), count(2, 'row'), count(1000, 'document')]).toEqual(['1 row', '2 rows', '1,000 documents']);
  });

  it('picks Hugging Face size categories at the bounds', () => {
    expect([0, 999, 1000, 9999, 10_000, 2_500_000].map(sizeCategory)).toEqual(['n<1K', 'n<1K', '1K<n<10K', '1K<n<10K', '10K<n<100K', '1M<n<10M']);
  });

  it('escapes the characters BibTeX treats specially', () => {
    expect(bibtexText('R&D 100% {x} #1 a_b ~ ^ \\')).toBe('R\\&D 100\\% \\{x\\} \\#1 a\\_b \\textasciitilde{} \\textasciicircum{} \\textbackslash{}');
    expect(bibtexUrl('https://example.org/a_b%20{x}\\y')).toBe('https://example.org/a_b%20%7Bx%7D%5Cy');
  });

  it('draws an empty chart, whole-number bins for short paragraphs, and a million values without overflowing the stack', () => {
    const options = { title: 'T', xLabel: 'x', yLabel: 'y' };
    expect(histogramSvg([], options)).toContain('No data');
    const short = histogramSvg([1, 3, 3, 7], options);
    expect(short).toContain('bins of width 1,');
    expect([...short.matchAll(/<title>(\d+)–(\d+): (\d+)<\/title>/g)].map((m) => m.slice(1).map(Number))).toEqual([[1, 1, 1], [3, 3, 2], [7, 7, 1]]);
    const many = histogramSvg(Array.from({ length: 1_000_000 }, (_, i) => i % 1000), options);
    expect(many).toContain('Histogram of 1000000 values in 20 bins of width 50, from 0 to 1000.');
  });
});
