/**
 * Every property-based invariant of the pipeline, defined once: `npm test`
 * runs each with a fixed seed and `runs.test` cases (test/property.test.ts),
 * `npm run fuzz` with a new seed and `runs.fuzz` cases (test/fuzz/run.ts), in
 * a child process whose every case is written down first, so a case that
 * hangs is caught and shown.
 *
 * The expensive work is a whole build (files written, read back in four
 * formats), so most any-bytes cases go through exactly what a build runs in
 * memory instead: processFile (the file stages, and the text formats a worker
 * makes) and DatasetCheck (the sequence stages, in path order), then every row
 * is checked against its schema, its neighbours and its raw bytes. A smaller
 * share goes through build() itself.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { build, foldWhitespace, normaliseBase, replay, revertEdits, writers } from '../../pipeline/index.js';
import { num } from '../../pipeline/card/card.js';
import { histogramSvg } from '../../pipeline/card/chart.js';
import { checkSums, checksumsOk } from '../../pipeline/checksums.js';
import { DatasetCheck } from '../../pipeline/dataset-check.js';
import { SourceFile } from '../../pipeline/file.js';
import { foldWithBreaks, normaliseFinish, wordSet } from '../../pipeline/normalise/index.js';
import { hyphenEvidence } from '../../pipeline/normalise/rejoin-hyphen.js';
import { processFile } from '../../pipeline/process-file.js';
import type { FileStage } from '../../pipeline/stage.js';
import { stages } from '../../pipeline/stages.js';
import { decode } from '../../pipeline/stages/decode.js';
import { read } from '../../pipeline/stages/read.js';
import { countWords } from '../../pipeline/text/count.js';
import { canonicalEncoding } from '../../pipeline/text/encoding.js';
import type { Document } from '../../schemas/document.js';
import type { Note } from '../../schemas/note.js';
import type { Paragraph } from '../../schemas/paragraph.js';
import { SourceConfig } from '../../schemas/source.js';
import { paragraphsTable, tables, type TableDef } from '../../schemas/tables.js';
import { duckdbParquet, duckdbRows } from '../helpers/duckdb.js';
import { readArrow, readCsv, readJsonlFile, type Row } from '../helpers/readers.js';
import { trickyParagraphs } from '../helpers/tricky.js';
import { anyText, dataset, hugeLineBytes, sourceBytes, textFileBytes, type FuzzDataset } from './arbitraries.js';
import { checkMessages, checkPublished, checkRejections, checkSchema, type PublishedDocument } from './dataset-checks.js';
import { property, type AnyProperty } from './property.js';
import { withTempDir } from './temp.js';

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

// ---------------------------------------------------------------- normalisation

const markers = fc.array(fc.constantFrom('*', '**', '[1]'));
/** Text with Markdown markup, line breaks and what the character repairs remove. */
const markdownish = fc.stringMatching(/^[a-zA-Z \-*_`>#\[\]()!\n\t\u00a0\u200b\ufeff\u00ad\u0301中文]{0,80}$/);

const normalisation: AnyProperty[] = [
  property({
    name: 'normalise-idempotent',
    group: 'normalisation',
    title: 'is idempotent: normalising normalised text changes nothing and records no edit (plain text and Markdown)',
    arbitrary: fc.tuple(fc.oneof(anyText, markdownish), fc.array(fc.constantFrom('*', '**', '[1]', '1', '[^1]')), fc.boolean()),
    check([raw, ms, markdown]) {
      const options = { markers: ms, words: wordSet([foldWhitespace(raw), 'inter national interna tional ab']), markdown };
      const evidence = (text: string) => hyphenEvidence([text, 'China-US Asia-Pacific inter-national']);
      const normalise = (text: string) => {
        const base = normaliseBase(text, options);
        return { base, done: normaliseFinish(base, evidence(base.text)) };
      };
      const { base, done } = normalise(raw);
      // What the stages store is normalised: the base text (before the document's hyphen evidence) and the finished text.
      for (const text of [base.text, done.text]) {
        const again = normalise(text).done;
        assert.equal(again.text, text);
        assert.deepEqual(again.edits, []);
      }
    },
    runs: { test: 2000, fuzz: 4000 },
  }),
  property({
    name: 'normalise-replay',
    group: 'normalisation',
    title: 'replaying the recorded edits on the folded source gives the text, and reverting gives the folded source back',
    arbitrary: fc.tuple(anyText, markers),
    check([raw, ms]) {
      const base = normaliseBase(raw, { markers: ms });
      const done = normaliseFinish(base, hyphenEvidence([base.text, 'China-US Asia-Pacific']));
      assert.equal(replay(raw, done.edits), done.text);
      assert.equal(revertEdits(done.text, done.edits), foldWhitespace(raw));
    },
    runs: { test: 2000, fuzz: 4000 },
  }),
  property({
    name: 'normalise-replay-markup',
    group: 'normalisation',
    title: 'replays and reverts with line-break repairs and Markdown markup too',
    arbitrary: fc.tuple(markdownish, fc.array(fc.constantFrom('*', '[1]', '1', '[^1]')), fc.boolean()),
    check([raw, ms, markdown]) {
      const words = wordSet([foldWhitespace(raw), 'inter national interna tional ab']);
      const base = normaliseBase(raw, { markers: ms, words, markdown });
      assert.equal(replay(raw, base.edits), base.text);
      assert.equal(revertEdits(base.text, base.edits), foldWhitespace(raw));
      assert.doesNotMatch(base.text, /^ | $| {2}/u);
    },
    runs: { test: 2000, fuzz: 4000 },
  }),
  property({
    name: 'fold-with-breaks',
    group: 'normalisation',
    title: 'knows where the line breaks were: foldWithBreaks folds exactly as foldWhitespace does',
    arbitrary: anyText,
    check(raw) {
      const { text, breaks } = foldWithBreaks(raw);
      assert.equal(text, foldWhitespace(raw));
      for (const b of breaks) assert.equal(text[b], ' ');
    },
    runs: { test: 2000, fuzz: 2000 },
  }),
  property({
    name: 'normalise-spaces',
    group: 'normalisation',
    title: 'leaves no leading, trailing, doubled or non-plain spaces',
    arbitrary: anyText,
    check(raw) {
      assert.doesNotMatch(normaliseBase(raw).text, /^ | $| {2}|[\t\n\r\u00a0\u2000-\u200b\u3000\u2060\ufeff]/u);
    },
    runs: { test: 2000, fuzz: 2000 },
  }),
];

// ---------------------------------------------------------------- decode

function sourceConfig(d: Pick<FuzzDataset, 'profile' | 'language' | 'encoding'>): SourceConfig {
  const config = SourceConfig.parse({
    name: 'fuzz',
    title: 'Fuzz',
    description: 'Generated files.',
    version: '1.0.0',
    profile: d.profile,
    language: d.language,
    encoding: d.encoding,
    origin: { publisher: 'P', url: 'https://example.org/' },
    rights: { holder: 'H', statement: 'S', open: false },
  });
  // As sources.ts does when it reads source.json: a label is made canonical once, before any file is read.
  if (config.encoding !== 'auto') config.encoding = canonicalEncoding(config.encoding) ?? assert.fail(`unknown encoding ${config.encoding}`);
  return config;
}

const decodeOffsets = property({
  name: 'decode-offsets',
  group: 'decode',
  title: 'maps every text index back to the byte offset of the same character, whatever the encoding and line endings',
  arbitrary: fc.tuple(
    fc.array(fc.string({ unit: 'grapheme', maxLength: 20 }), { maxLength: 6 }),
    fc.constantFrom('\n', '\r\n', '\r'),
    fc.constantFrom('utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be', 'declared-utf-16le', 'declared-utf-16be'),
  ),
  async check([lines, eol, variant]) {
    const declared = variant.startsWith('declared-');
    const encoding = variant.replace('declared-', '');
    const text = lines.map((l) => l.replace(/[\r\n\0]/g, '')).join(eol);
    const encode = (s: string) => {
      if (encoding.startsWith('utf-8')) return Buffer.from(s, 'utf8');
      const b = Buffer.from(s, 'utf16le');
      return encoding === 'utf-16be' ? b.swap16() : b;
    };
    const bom = declared ? [] : { 'utf-8': [], 'utf-8-bom': [0xef, 0xbb, 0xbf], 'utf-16le': [0xff, 0xfe], 'utf-16be': [0xfe, 0xff] }[encoding]!;
    const bytes = Buffer.concat([Buffer.from(bom), encode(text)]);
    const file = new SourceFile('/nonexistent/f.txt', 'sources/fuzz/raw/f.txt', sourceConfig({ profile: 'plain', language: 'en', encoding: declared ? encoding : 'auto' }));
    file.preloaded = bytes;
    await read.run(file);
    if (bytes.length === 0) {
      assert.deepEqual(file.messages.map((m) => m.rule), ['read/empty-file']);
      return;
    }
    await decode.run(file);
    assert.deepEqual(file.messages, []);
    assert.equal(file.text, text.replace(/\r\n?/g, '\n'));
    // The bytes from any character's offset decode to the rest of the text.
    for (let i = 0; i <= file.text.length; i++) {
      if (i > 0 && i < file.text.length && file.text.charCodeAt(i) >= 0xdc00 && file.text.charCodeAt(i) <= 0xdfff) continue;
      const rest = bytes.subarray(file.byteOffset(i));
      const decoded = encoding.startsWith('utf-16') ? new TextDecoder(encoding, { ignoreBOM: true }).decode(rest) : rest.toString('utf8');
      assert.equal(decoded.replace(/\r\n?/g, '\n'), file.text.slice(i), `from text index ${i}`);
    }
  },
  runs: { test: 1000, fuzz: 3000 },
});

// ---------------------------------------------------------------- writers

/** Pieces that break writers and readers: quotes, separators, line breaks of every kind, escapes, direction marks, joiners, look-alikes of null. */
const TRICKY_PIECES = [
  '"', '""', "'", ',', ';', '|', '\t', '\n', '\r\n', '\r', '\u2028', '\u2029', '\u0085', '\v', '\f', ' ', '  ', '\\', '\\n', '\\"', '\u0000', '\u001b[31m',
  'NA', 'null', 'NULL', 'None', 'NaN', '-', '0', '0123', '1e5', '=SUM(A1:A2)', '@cmd', 'true',
  '👍🏽', '👨‍👩‍👧', '🇨🇳', '\u{1F600}', '\u{10FFFF}', '\uFFFD', '\uFFFF', 'e\u0301', '\u0301', '\u0915\u094D\u0937', 'ǅ', 'ß', 'İ',
  'مرحبا بالعالم', 'עברית', '\u200f', '\u200e', '\u202e', '\u2066', '\u2069', '\u200b', '\u200d', '\u00a0', '\u3000', '\ufeff', '中文文本，带有标点。', '“curly”', '‘single’',
];

/**
 * Text for a column: arbitrary graphemes, tricky pieces run together, any code
 * point (controls too), or in a few cases a string of 10,000 to 100,000 characters.
 */
const columnText = fc
  .oneof(
    { weight: 8, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 200 }) },
    { weight: 6, arbitrary: fc.array(fc.constantFrom(...TRICKY_PIECES), { minLength: 1, maxLength: 30 }).map((ps) => ps.join('')) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 100 }) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.oneof(fc.constantFrom(...TRICKY_PIECES), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 })), fc.integer({ min: 10_000, max: 100_000 }))
        .map(([s, n]) => s.repeat(Math.max(1, Math.floor(n / s.length)))),
    },
  )
  // A lone surrogate is refused by the schema (formats would disagree on it). The JavaScript
  // decoders of apache-arrow and DuckDB drop a leading U+FEFF from a value (the bytes in the
  // file are right); the pipeline never writes one, since normalisation removes it.
  .filter((s) => s.isWellFormed() && !s.startsWith('\ufeff'));

const writersRoundTrip = property({
  name: 'writers-round-trip',
  group: 'writers',
  title: 'round-trip arbitrary Unicode text exactly through JSON Lines, CSV, Arrow and Parquet',
  arbitrary: fc.array(
    fc.record({ text: columnText, section: fc.option(columnText, { nil: null }), title: fc.option(columnText, { nil: null }), source_path: columnText }),
    { minLength: 1, maxLength: 20 },
  ),
  async check(values) {
    const template = trickyParagraphs()[0]!;
    const rows = values.map((v, i) => ({ ...template, ...v, paragraph_id: `d-p${String(i + 1).padStart(3, '0')}`, position: i + 1 }));
    checkSchema(paragraphsTable, rows);
    await withTempDir(async (dir) => {
      for (const w of writers) await w.write(join(dir, `p.${w.extension}`), paragraphsTable, rows, { dataset: 't', pipelineVersion: '0' });
      assert.deepEqual(readJsonlFile(join(dir, 'p.jsonl')), rows, 'JSON Lines');
      assert.deepEqual(plain(readCsv(join(dir, 'p.csv'), paragraphsTable)), rows, 'CSV (csv-parse)');
      assert.deepEqual(readArrow(join(dir, 'p.arrow'), paragraphsTable), rows, 'Arrow (apache-arrow)');
      assert.deepEqual(await duckdbRows(duckdbParquet(join(dir, 'p.parquet')), paragraphsTable), rows, 'Parquet (DuckDB)');
    });
  },
  runs: { test: 60, fuzz: 3000 },
});

/** Rows as plain objects (csv-parse makes its own), so strict deep equality compares only their fields. */
const plain = (rows: Row[]): Row[] => rows.map((r) => ({ ...r }));

// ---------------------------------------------------------------- whole pipeline

const fileStages = stages.filter((s): s is FileStage => s.scope === 'file');
const textWriters = writers.filter((w) => w.text);
const tableRows = (rows: { document: Document; paragraphs: Paragraph[]; notes: Note[] }, table: TableDef): Row[] =>
  (table.name === 'documents' ? [rows.document] : rows[table.name as 'paragraphs' | 'notes']) as unknown as Row[];

/**
 * A collection through exactly what a build runs, without writing it: each
 * file through processFile (the file stages, then the text formats, as a
 * worker does), each result into DatasetCheck (the sequence stages, in path
 * order), as the dataset writer does. Every file is then either rejected by a
 * catalogued error or published as rows that hold up (dataset-checks.ts).
 */
async function checkInProcess(d: FuzzDataset): Promise<void> {
  const config = sourceConfig(d);
  const check = new DatasetCheck({ name: 'fuzz', config, configFile: 'sources/fuzz/source.json' }, stages);
  const published: PublishedDocument[] = [];
  for (const f of d.files) {
    const relPath = `sources/fuzz/raw/${f.name}`;
    // A copy: the stages must leave the bytes they are given as they were (the cache keys on them).
    const given = new Uint8Array(f.bytes);
    const processed = await processFile({ path: `/nonexistent/${f.name}`, relPath, bytes: given }, config, fileStages, textWriters.map((w) => w.format));
    assert.ok(Buffer.from(given).equals(f.bytes), `${relPath}: a stage changed the bytes it was given`);
    const rejections = check.take(processed);
    checkMessages(processed.messages, relPath, f.bytes.length);
    assert.equal(processed.sha256, sha256(f.bytes), `${relPath}: sha256`);
    assert.equal(processed.bytes, f.bytes.length, `${relPath}: size`);
    assert.equal(check.inputs.at(-1)!.status, rejections.length ? 'rejected' : 'published');
    if (rejections.length) {
      checkRejections(rejections, relPath);
      continue;
    }
    const rows = processed.rows!;
    published.push({ ...rows, raw: f.bytes });
    // The dataset writer concatenates the worker's text unless a sequence stage changed a row and said so (touched).
    if (!processed.touched) {
      for (const w of textWriters) {
        for (const table of tables) assert.equal(processed.text?.[w.format]?.[table.name], w.text!(table)(tableRows(rows, table)), `${relPath}: ${w.format} text of ${table.name} is stale`);
      }
    }
  }
  checkPublished(published);
  const sum = (k: 'paragraphs' | 'notes') => published.reduce((n, p) => n + p[k].length, 0);
  assert.deepEqual(check.rows, { documents: published.length, paragraphs: sum('paragraphs'), notes: sum('notes') });
}

/**
 * A collection through build(), which writes it: every input is accounted
 * for, a published dataset's four formats hold the same rows (read back by
 * csv-parse, apache-arrow and DuckDB), those rows hold up against the raw files
 * on disk, and SHA256SUMS matches what was written.
 */
async function checkBuild(d: FuzzDataset): Promise<void> {
  await withTempDir(async (root) => {
    const raw = join(root, 'sources', 'fuzz', 'raw');
    mkdirSync(raw, { recursive: true });
    for (const f of d.files) writeFileSync(join(raw, f.name), f.bytes);
    writeFileSync(join(root, 'sources', 'fuzz', 'source.json'), JSON.stringify({
      name: 'fuzz', title: 'F', description: 'F', version: '1.0.0', profile: d.profile, language: d.language, encoding: d.encoding,
      origin: { publisher: 'P', url: 'https://example.org/' }, rights: { holder: 'H', statement: 'S', open: false },
    }));
    // A cache of its own: results are serialised into it as in a real build, and no case reads another's.
    const report = await build({ sources: join(root, 'sources'), out: join(root, 'output'), concurrency: 1, cacheDir: join(root, 'cache'), sourceDateEpoch: null });
    assert.deepEqual(report.failures.map((f) => `${f.name}: ${f.error.stack}`), [], 'the build failed on a bug');
    assert.deepEqual(report.problems, []);
    assert.ok([0, 1].includes(report.exitCode), `exit code ${report.exitCode}`);
    const dataset = report.datasets[0]!;
    assert.equal(dataset.inputs.length, d.files.length);
    for (const input of dataset.inputs) {
      const f = d.files.find((x) => `sources/fuzz/raw/${x.name}` === input.path)!;
      checkMessages(dataset.messages.filter((m) => m.file === input.path), input.path, f.bytes.length);
      if (input.status === 'rejected') checkRejections(dataset.rejected.filter((r) => r.source_path === input.path), input.path);
    }
    if (!dataset.published) {
      assert.ok(dataset.inputs.every((i) => i.status === 'rejected'), 'nothing published, yet some input was');
      return;
    }
    const dir = join(root, 'output', 'fuzz');
    const read: Record<string, Row[]> = {};
    for (const table of tables) {
      const path = (ext: string) => join(dir, `${table.name}.${ext}`);
      const rows = readJsonlFile(path('jsonl'));
      assert.deepEqual(plain(readCsv(path('csv'), table)), rows, `${table.name}: CSV and JSON Lines differ`);
      assert.deepEqual(readArrow(path('arrow'), table), rows, `${table.name}: Arrow and JSON Lines differ`);
      assert.deepEqual(await duckdbRows(duckdbParquet(path('parquet')), table), rows, `${table.name}: Parquet and JSON Lines differ`);
      read[table.name] = rows;
    }
    const docs = read.documents as unknown as Document[];
    assert.equal(docs.length, dataset.inputs.filter((i) => i.status === 'published').length);
    checkPublished(
      docs.map((document) => ({
        document,
        paragraphs: (read.paragraphs as unknown as Paragraph[]).filter((p) => p.doc_id === document.doc_id),
        notes: (read.notes as unknown as Note[]).filter((n) => n.doc_id === document.doc_id),
        raw: readFileSync(join(root, document.source_path)),
      })),
    );
    assert.deepEqual(readJsonlFile(join(dir, 'rejected.jsonl')), dataset.rejected);
    const sums = await checkSums(dir);
    assert.ok(checksumsOk(sums), `SHA256SUMS does not match: ${JSON.stringify(sums)}`);
  });
}

const pipeline: AnyProperty[] = [
  property({
    name: 'dataset-any-bytes',
    group: 'whole pipeline',
    title: 'any bytes as source files give valid rows or a catalogued rejection, never an exception (file and sequence stages in memory)',
    arbitrary: dataset(sourceBytes, 3),
    check: checkInProcess,
    runs: { test: 2000, fuzz: 56_700 },
  }),
  property({
    name: 'build-any-bytes',
    group: 'whole pipeline',
    title: 'any bytes as source files give a published dataset or a catalogued rejection, never an exception (build)',
    arbitrary: dataset(sourceBytes, 2),
    check: checkBuild,
    runs: { test: 40, fuzz: 5_000 },
  }),
  property({
    name: 'dataset-long-lines',
    group: 'whole pipeline',
    title: 'a file around one huge line (up to 100,000 characters of one token) gives valid rows or a catalogued rejection, in time',
    arbitrary: dataset(hugeLineBytes, 1),
    check: checkInProcess,
    // Fuzz only: a case takes up to seconds, and the watchdog (a hang) is the point.
    runs: { test: 0, fuzz: 300 },
  }),
  property({
    name: 'dataset-provenance',
    group: 'whole pipeline',
    title: 'text in any encoding and layout: every row replays from its bytes, and the rows agree with each other',
    arbitrary: dataset(textFileBytes, 3),
    check: checkInProcess,
    runs: { test: 600, fuzz: 12_000 },
  }),
];

// ---------------------------------------------------------------- word count, card

const wordCount = property({
  name: 'word-count-chunks',
  group: 'word count',
  title: 'is the same whether the text is segmented whole or in pieces',
  arbitrary: fc.tuple(
    fc.array(fc.oneof(fc.constantFrom('alpha', 'U.S.', '3.14', "don't", '中文', '段落。', '，', '、', '好！', '吗？', '：', 'x_y', '👍🏽', '-', '1,000'), fc.string({ unit: 'grapheme', maxLength: 8 })), { maxLength: 80 }),
    fc.constantFrom(' ', ''),
    fc.integer({ min: 1, max: 40 }),
  ),
  check([words, sep, chunk]) {
    const text = normaliseBase(words.join(sep === '' ? '' : ' ')).text;
    assert.equal(countWords(text, 'en', chunk), countWords(text, 'en', 1e9));
  },
  runs: { test: 2000, fuzz: 2000 },
});

const card: AnyProperty[] = [
  property({
    name: 'histogram',
    group: 'card',
    title: 'the histogram has a bar for every value, bars add up to the count, and bins are whole numbers',
    arbitrary: fc.array(fc.nat({ max: 100_000 }), { maxLength: 300 }),
    check(values) {
      const svg = histogramSvg(values, { title: 't', xLabel: 'x', yLabel: 'y' });
      const bars = [...svg.matchAll(/<title>(\d+)–(\d+): (\d+)<\/title>/g)].map((m) => m.slice(1).map(Number) as [number, number, number]);
      assert.equal(bars.reduce((n, [, , c]) => n + c, 0), values.length);
      for (const v of values) assert.equal(bars.filter(([lo, hi]) => lo <= v && v <= hi).length, 1, `value ${v} is in one bar`);
      for (const [lo, hi] of bars) assert.ok(hi >= lo);
    },
    runs: { test: 2000, fuzz: 1000 },
  }),
  property({
    name: 'thousands',
    group: 'card',
    title: 'numbers print with thousands separators and read back as the same number',
    arbitrary: fc.nat(),
    check(n) {
      assert.equal(Number(num(n).replaceAll(',', '')), n);
      assert.match(num(n), /^\d{1,3}(,\d{3})*$/);
    },
    runs: { test: 2000, fuzz: 1000 },
  }),
];

export { knownBugs } from './known-bugs.js';

export const properties: AnyProperty[] = [...normalisation, decodeOffsets, writersRoundTrip, ...pipeline, wordCount, ...card];
