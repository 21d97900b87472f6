/**
 * Hostile and odd inputs (docs/hostile-inputs.md): one test per case, each in a temporary corpus
 * beside a good file that must still be published. Every test asserts the catalogued rule id, its
 * place and message, the complete list of messages (so that nothing else went wrong) and the rows.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it, vi } from 'vitest';
import { build, catalogue, ConfigError, resolveOptions, type BuildOptions, type BuildReport, type Message, type RuleId } from '../pipeline/index.js';
import { problemMessage } from '../pipeline/sources.js';
import type { Document } from '../schemas/document.js';
import { DOC_ID, WINDOWS_RESERVED } from '../schemas/ids.js';
import type { Paragraph } from '../schemas/paragraph.js';
import type { Rejection } from '../schemas/rejection.js';
import { readJsonl, tempDir } from './helpers/build.js';
import { cli } from './helpers/cli.js';

/**
 * Every path whose bytes are read through node:fs/promises (readFile, or readFile on a handle from open) on
 * this thread: small builds run their file stages here, so this shows which files a build actually read.
 */
const reads = vi.hoisted(() => [] as string[]);
vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  const readFile = ((path: unknown, ...rest: unknown[]) => {
    reads.push(String(path));
    return (fs.readFile as (...args: unknown[]) => Promise<unknown>)(path, ...rest);
  }) as typeof fs.readFile;
  const open = (async (...args: Parameters<typeof fs.open>) => {
    const handle = await fs.open(...args);
    const own = handle.readFile.bind(handle);
    handle.readFile = ((...rest: Parameters<typeof own>) => {
      reads.push(String(args[0]));
      return own(...rest);
    }) as typeof handle.readFile;
    return handle;
  }) as typeof fs.open;
  return { ...fs, readFile, open, default: { ...fs, readFile, open } };
});

// ---------------------------------------------------------------------------------------------
// A temporary corpus: sources/c/{source.json,raw/…} plus a good file that must survive each case.

const GOOD = 'A good title\n\nThe first paragraph is here.\n\nThe second paragraph is here.\n';
const GOOD_PATH = 'sources/c/raw/a-good.txt';
const P = (name: string) => `sources/c/raw/${name}`;

interface Corpus {
  root: string;
  sources: string;
  raw: string;
}

function sourceJson(name: string, overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    name,
    title: 'Hostile inputs',
    description: 'Made by test/hostile.test.ts.',
    version: '1.0.0',
    profile: 'plain',
    language: 'en',
    origin: { publisher: 'Tests', url: 'https://example.org/' },
    // Open, so that no rights/not-open warning hides among the messages each test lists exactly.
    rights: { holder: 'Tests', statement: 'Made for tests.', open: true, license: { name: 'CC-BY-4.0' } },
    ...overrides,
  });
}

/** sources/c with `files` (path under raw/ → content) and the good file unless `good: false`. */
function corpus(files: Record<string, string | Buffer>, { config = {}, good = true }: { config?: Record<string, unknown>; good?: boolean } = {}): Corpus {
  const root = tempDir('hostile-');
  const dir = join(root, 'sources', 'c');
  mkdirSync(join(dir, 'raw'), { recursive: true });
  writeFileSync(join(dir, 'source.json'), sourceJson('c', config));
  const all = good ? { 'a-good.txt': GOOD, ...files } : files;
  for (const [name, content] of Object.entries(all)) {
    const path = join(dir, 'raw', name);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, content);
  }
  return { root, sources: join(root, 'sources'), raw: join(dir, 'raw') };
}

interface Built {
  report: BuildReport;
  dir: string;
  messages: Message[];
  documents: Document[];
  paragraphs: Paragraph[];
  rejected: Rejection[];
  provenance: { messages: Message[]; rejected: Rejection[]; inputs: { path: string; status: string; encoding: string | null }[]; options: Record<string, unknown> };
}

async function buildCorpus(c: Corpus, options: BuildOptions = {}): Promise<Built> {
  const out = join(c.root, `output-${Math.random().toString(36).slice(2)}`);
  const report = await build({ sources: c.sources, out, cache: false, formats: ['jsonl'], sourceDateEpoch: null, ...options });
  const dir = join(out, 'c');
  const dataset = report.datasets.find((d) => d.name === 'c')!;
  const jsonl = <T>(name: string) => (existsSync(join(dir, name)) ? readJsonl<T>(join(dir, name)) : []);
  return {
    report,
    dir,
    messages: dataset.messages,
    documents: jsonl<Document>('documents.jsonl'),
    paragraphs: jsonl<Paragraph>('paragraphs.jsonl'),
    rejected: jsonl<Rejection>('rejected.jsonl'),
    provenance: JSON.parse(readFileSync(join(dir, 'provenance.json'), 'utf8')),
  };
}

/** Every message of the dataset as [rule, file], in the order reported: the exact list, so that nothing else slipped in. */
const rulesOf = (b: Built) => b.messages.map((m) => [m.rule, m.file]);

/** The good file is published as it always is: two paragraphs, UTF-8, its own id. */
function expectGoodPublished(b: Built): void {
  const doc = b.documents.find((d) => d.source_path === GOOD_PATH);
  expect(doc).toMatchObject({ doc_id: 'a-good-title', paragraph_count: 2, source_encoding: 'utf-8', duplicate_of: null });
  expect(b.paragraphs.filter((p) => p.source_path === GOOD_PATH).map((p) => p.text)).toEqual(['The first paragraph is here.', 'The second paragraph is here.']);
  expect(b.provenance.inputs.find((i) => i.path === GOOD_PATH)?.status).toBe('published');
}

/** One rejection of `path`, by `rule`, in rejected.jsonl, in provenance.json and in the build report alike. */
function expectRejected(b: Built, path: string, rule: RuleId, place: { line: number | null; column: number | null; byte_offset: number | null }): Rejection {
  const mine = b.rejected.filter((r) => r.source_path === path);
  expect(mine).toEqual([expect.objectContaining({ rule, stage: rule.split('/')[0], hint: catalogue[rule].hint, ...place })]);
  expect(b.report.datasets.find((d) => d.name === 'c')!.rejected).toContainEqual(mine[0]);
  expect(b.provenance.rejected).toContainEqual(mine[0]);
  expect(b.provenance.inputs.find((i) => i.path === path)?.status).toBe('rejected');
  expect(b.documents.some((d) => d.source_path === path)).toBe(false);
  return mine[0]!;
}

const canSymlink = (() => {
  try {
    const dir = tempDir('hostile-probe-');
    symlinkSync('target', join(dir, 'link'));
    return true;
  } catch {
    return false;
  }
})();

// ---------------------------------------------------------------------------------------------

describe('hostile inputs: bytes that are not text', () => {
  it('1. an empty file is rejected as read/empty-file at line 1, column 1, byte 0', async () => {
    const b = await buildCorpus(corpus({ 'b-empty.txt': '' }));
    const r = expectRejected(b, P('b-empty.txt'), 'read/empty-file', { line: 1, column: 1, byte_offset: 0 });
    expect(r).toMatchObject({ stage: 'read', message: 'The file is empty (0 bytes)' });
    expect(rulesOf(b)).toEqual([['read/empty-file', P('b-empty.txt')]]);
    expectGoodPublished(b);
    expect(b.report.exitCode).toBe(1);
  });

  it('2. white space only (spaces, tabs, blank lines, CRLF, NBSP, U+3000, zero-width space, a lone UTF-8 BOM) is rejected as segment/no-text', async () => {
    const files = {
      'b-spaces-tabs.txt': '   \t  \n\t\t\n',
      'c-blank-lines.txt': '\n\n\r\n\r\n\n',
      'd-nbsp.txt': '\u00a0 \u00a0\n\u00a0\n',
      'e-ideographic.txt': '\u3000\u3000\n\u3000\n',
      'f-zero-width.txt': '\u200b\n \u200b \n',
      // Three bytes, so not read/empty-file: decoded as UTF-8 with a byte order mark, the text is "".
      'g-bom-only.txt': Buffer.from([0xef, 0xbb, 0xbf]),
      'h-bom-and-spaces.txt': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(' \u3000\n\t\n')]),
    };
    const b = await buildCorpus(corpus(files));
    for (const name of Object.keys(files)) {
      const r = expectRejected(b, P(name), 'segment/no-text', { line: 1, column: 1, byte_offset: 0 });
      expect(r.message).toBe('The file holds only white space');
    }
    expect(rulesOf(b)).toEqual(Object.keys(files).map((name) => ['segment/no-text', P(name)]));
    expectGoodPublished(b);
    expect(b.documents).toHaveLength(1);
  });

  it('3. a PNG, JPEG, PDF or ZIP file is rejected as decode/binary naming the format; unknown binary with NUL bytes as decode/nul-byte', async () => {
    const junk = Buffer.from([0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0xff, 0xfe, 0x80, 0x00, 0x10]);
    const files = {
      'b-image.png': Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), junk]),
      'c-photo.jpg': Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), junk]),
      'd-paper.pdf': Buffer.concat([Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1'), junk]),
      'e-archive.zip': Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]), junk]),
      // No known signature, ASCII control bytes (no line break) before the first NUL at offset 5.
      'f-blob.bin': Buffer.from([0x13, 0x37, 0x7f, 0x01, 0x02, 0x00, 0xff, 0x10, 0x00, 0x80, 0x00, 0x9c, 0x07]),
    };
    const b = await buildCorpus(corpus(files));
    const kinds = {
      'b-image.png': 'The file is a PNG image, not text',
      'c-photo.jpg': 'The file is a JPEG image, not text',
      'd-paper.pdf': 'The file is a PDF document, not text',
      'e-archive.zip': 'The file is a ZIP archive (or a .docx, .odt or .epub file, which are ZIP archives), not text',
    };
    for (const [name, message] of Object.entries(kinds)) {
      expect(expectRejected(b, P(name), 'decode/binary', { line: 1, column: 1, byte_offset: 0 })).toMatchObject({ stage: 'decode', message });
    }
    const nul = expectRejected(b, P('f-blob.bin'), 'decode/nul-byte', { line: 1, column: 6, byte_offset: 5 });
    expect(nul.message).toBe('NUL at offset 5: the file is binary, or UTF-16 without a byte order mark');
    expect(rulesOf(b)).toEqual([...Object.keys(kinds).map((n) => ['decode/binary', P(n)]), ['decode/nul-byte', P('f-blob.bin')]]);
    expectGoodPublished(b);
    expect(b.report.exitCode).toBe(1);
  });

  it('4a. invalid UTF-8 inside an otherwise UTF-8 file (a mix) is rejected as decode/invalid-utf8 at its exact byte, line and column', async () => {
    const before = 'Le garçon a dit « bonjour » et ';
    const head = 'Titre : Café\n\n';
    const bytes = Buffer.concat([Buffer.from(head + before), Buffer.from([0xe9]), Buffer.from('t\u00e9 fini.\n')]);
    const offset = Buffer.byteLength(head + before);
    const b = await buildCorpus(corpus({ 'b-mixed.txt': bytes }));
    const r = expectRejected(b, P('b-mixed.txt'), 'decode/invalid-utf8', { line: 3, column: [...before].length + 1, byte_offset: offset });
    // The column counts code points: the line holds more bytes than characters before the bad one.
    expect(Buffer.byteLength(before)).toBeGreaterThan([...before].length);
    expect(r.message).toContain(`Byte 0xE9 at offset ${offset} is not valid UTF-8`);
    expect(r.message).toContain('the file mixes UTF-8 with other bytes ("é" at offset 11 is UTF-8)');
    expect(rulesOf(b)).toEqual([['decode/invalid-utf8', P('b-mixed.txt')]]);
    expectGoodPublished(b);
  });

  it('4b. an ASCII file with one Latin-1 byte (0xE9) is published as windows-1252 with a decode/encoding-assumed warning', async () => {
    const bytes = Buffer.concat([Buffer.from('A title\n\nThe caf'), Buffer.from([0xe9]), Buffer.from(' is open.\n')]);
    const b = await buildCorpus(corpus({ 'b-latin1.txt': bytes }));
    expect(b.messages).toEqual([
      expect.objectContaining({ rule: 'decode/encoding-assumed', level: 'warning', stage: 'decode', file: P('b-latin1.txt'), line: 3, column: 8, byte_offset: 16 }),
    ]);
    expect(b.messages[0]!.message).toMatch(/^Not valid UTF-8 \(byte 0xE9 at offset 16\); read as windows-1252/);
    const doc = b.documents.find((d) => d.source_path === P('b-latin1.txt'));
    expect(doc).toMatchObject({ source_encoding: 'windows-1252', title: 'A title' });
    expect(b.paragraphs.find((p) => p.source_path === P('b-latin1.txt'))!.text).toBe('The café is open.');
    expect(b.rejected).toEqual([]);
    expectGoodPublished(b);
    expect(b.report.exitCode).toBe(0);
  });

  it('5c. UTF-16 without a byte order mark whose last blocks are Chinese or Russian (few NULs, not UTF-8) is still read as UTF-16', async () => {
    const text = `A Title\n\n${'An English paragraph of the speech. '.repeat(250)}\n\n${'我们要扩大对外开放，推动改革。'.repeat(150)}\n\n${'Мы продолжим реформы. '.repeat(120)}\n`;
    const b = await buildCorpus(corpus({ 'b-utf16.txt': Buffer.from(text, 'utf16le') }));
    expect(rulesOf(b).filter(([rule]) => rule !== 'decode/encoding-assumed')).toEqual([]);
    expect(b.documents.find((d) => d.source_path === P('b-utf16.txt'))).toMatchObject({ source_encoding: 'utf-16le', paragraph_count: 3 });
  });

  it('5b. a file that begins in UTF-16 without a byte order mark and goes on in UTF-8 is rejected, not read as UTF-16 throughout', async () => {
    const utf16 = Buffer.from(`A Title\n\n${'The first part is UTF-16. '.repeat(400)}\n\n`, 'utf16le');
    const utf8 = Buffer.from(`${'The rest was added in UTF-8. '.repeat(400)}\n`, 'utf8');
    const b = await buildCorpus(corpus({ 'b-mix.txt': Buffer.concat([utf16, utf8]) }));
    expect(rulesOf(b)).toEqual([['decode/nul-byte', P('b-mix.txt')]]);
    expectGoodPublished(b);
  });

  it('5. UTF-16LE and UTF-16BE without a byte order mark are published with decode/encoding-assumed at line 1 and exact byte offsets; with a mark, silently', async () => {
    const cases = [
      { name: 'b-le.txt', encoding: 'utf-16le', bom: [] },
      { name: 'c-be.txt', encoding: 'utf-16be', bom: [] },
      { name: 'd-le-bom.txt', encoding: 'utf-16le', bom: [0xff, 0xfe] },
      { name: 'e-be-bom.txt', encoding: 'utf-16be', bom: [0xfe, 0xff] },
    ] as const;
    // A title of its own per file, so that no duplicate warning joins the list.
    const textOf = (name: string) => `English title ${name}\n\nFirst paragraph of ${name}.\n\nSecond paragraph, longer than the first one.\n`;
    const bytesOf = (c: (typeof cases)[number]) => {
      const le = Buffer.from(textOf(c.name), 'utf16le');
      return Buffer.concat([Buffer.from(c.bom), c.encoding === 'utf-16be' ? le.swap16() : le]);
    };
    const b = await buildCorpus(corpus(Object.fromEntries(cases.map((c) => [c.name, bytesOf(c)]))));
    expect(b.messages.map((m) => [m.rule, m.file, m.line, m.column, m.byte_offset, m.message])).toEqual([
      ['decode/encoding-assumed', P('b-le.txt'), 1, 1, 0, 'No byte order mark, but NUL bytes alternate with others throughout, as in UTF-16LE text; read as UTF-16LE'],
      ['decode/encoding-assumed', P('c-be.txt'), 1, 1, 0, 'No byte order mark, but NUL bytes alternate with others throughout, as in UTF-16BE text; read as UTF-16BE'],
    ]);
    for (const c of cases) {
      const text = textOf(c.name);
      const wanted = [`First paragraph of ${c.name}.`, 'Second paragraph, longer than the first one.'];
      expect(b.documents.find((d) => d.source_path === P(c.name))).toMatchObject({ title: `English title ${c.name}`, source_encoding: c.encoding, paragraph_count: 2 });
      const paragraphs = b.paragraphs.filter((p) => p.source_path === P(c.name));
      expect(paragraphs.map((p) => p.text)).toEqual(wanted);
      // Each range is the paragraph's own bytes in the raw file (two per character, after the mark), decoded with the recorded encoding.
      const bom = c.bom.length;
      expect(paragraphs.map((p) => [p.source_byte_start, p.source_byte_end])).toEqual(wanted.map((w) => [bom + 2 * text.indexOf(w), bom + 2 * (text.indexOf(w) + w.length)]));
      const raw = bytesOf(c);
      for (const p of paragraphs) expect(new TextDecoder(c.encoding).decode(raw.subarray(p.source_byte_start, p.source_byte_end))).toBe(p.text);
    }
    expect(b.rejected).toEqual([]);
    expectGoodPublished(b);
    expect(b.report.exitCode).toBe(0);
  });
});

describe('hostile inputs: size', () => {
  const bigText = (bytes: number) => `Big\n\n${'x'.repeat(bytes - 6)}\n`;

  it('6a. a file larger than maxFileSize is rejected as read/too-large, unread; a file of exactly the limit is published', async () => {
    const c = corpus({ 'b-over.txt': bigText(1001), 'c-exact.txt': bigText(1000) });
    for (const maxFileSize of [1000, '1000', '1000B', '1kb']) {
      reads.length = 0;
      const b = await buildCorpus(c, { maxFileSize });
      // Never read (not even ahead of the read stage), while the file at the limit was: the spy sees reads.
      expect(reads.filter((path) => path.endsWith('b-over.txt'))).toEqual([]);
      expect(reads.filter((path) => path.endsWith('c-exact.txt')).length).toBeGreaterThan(0);
      const r = expectRejected(b, P('b-over.txt'), 'read/too-large', { line: null, column: null, byte_offset: null });
      expect(r).toMatchObject({ stage: 'read', source_sha256: null });
      expect(r.message).toBe('The file is 1001 bytes, larger than the limit of 1000 bytes (--max-file-size); it was not read');
      expect(r.message).toContain('(--max-file-size); it was not read');
      expect(b.documents.find((d) => d.source_path === P('c-exact.txt'))).toMatchObject({ source_bytes: 1000, paragraph_count: 1 });
      expect(rulesOf(b)).toEqual([['read/too-large', P('b-over.txt')]]);
      expect(b.provenance.options.max_file_size).toBe(1000);
      expectGoodPublished(b);
      expect(b.report.exitCode).toBe(1);
    }
    // KiB is 1024.
    const kib = await buildCorpus(corpus({ 'b-over.txt': bigText(1025), 'c-exact.txt': bigText(1024) }), { maxFileSize: '1KiB' });
    expect(kib.rejected.map((r) => [r.source_path, r.rule])).toEqual([[P('b-over.txt'), 'read/too-large']]);
    expect(kib.documents.map((d) => d.source_path)).toEqual([GOOD_PATH, P('c-exact.txt')]);
  });

  it('6b. the read/too-large message gives the size and the limit exactly, in bytes, and in a larger unit once they reach one', async () => {
    const b = await buildCorpus(corpus({ 'b-over.txt': bigText(2000) }), { maxFileSize: '1KiB' });
    const r = b.rejected.find((x) => x.rule === 'read/too-large')!;
    expect(r.message).toBe('The file is 2000 bytes (2 KiB), larger than the limit of 1024 bytes (1 KiB) (--max-file-size); it was not read');
  });

  it('6c. the default limit is 64 MiB, and a file over it is never read (a sparse 3 GiB file would fail the read)', async () => {
    expect(resolveOptions({}).maxFileSize).toBe(64 * 1024 * 1024);
    const c = corpus({});
    const huge = join(c.raw, 'b-disk.img');
    writeFileSync(huge, '');
    truncateSync(huge, 3 * 1024 ** 3); // sparse: no disk space, but Node refuses to read more than 2 GiB into a buffer
    const b = await buildCorpus(c);
    const r = expectRejected(b, P('b-disk.img'), 'read/too-large', { line: null, column: null, byte_offset: null });
    expect(r.message).toBe('The file is 3221225472 bytes (3 GiB), larger than the limit of 67108864 bytes (64 MiB) (--max-file-size); it was not read');
    expect(rulesOf(b)).toEqual([['read/too-large', P('b-disk.img')]]);
    expect(b.provenance.options.max_file_size).toBe(64 * 1024 * 1024);
    expectGoodPublished(b);
  });

  it('6d. an invalid maxFileSize ("abc", 0, "-1MB", -1, 1.5, "") is a ConfigError (usage/invalid-value) naming maxFileSize, before anything is written', async () => {
    const c = corpus({});
    for (const maxFileSize of ['abc', 0, '-1MB', -1, 1.5, '1.5', '', '64 MiBs', '2GiB', 2 ** 32]) {
      const out = join(c.root, 'never');
      const error = await build({ sources: c.sources, out, cache: false, maxFileSize }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ConfigError);
      expect(error).toMatchObject({ rule: 'usage/invalid-value' });
      expect((error as Error).message).toContain('`maxFileSize`');
      expect((error as Error).message).toContain(`got ${JSON.stringify(maxFileSize)}`);
      expect(existsSync(out)).toBe(false);
    }
  });

  it('6e. CLI: --max-file-size 1KiB rejects the larger file, publishes the rest and exits 1; an invalid value exits 2', () => {
    const c = corpus({ 'b-over.txt': bigText(1025), 'c-exact.txt': bigText(1024) });
    const r = cli(['build', '--sources', 'sources', '--out', 'output', '--no-cache', '--formats', 'jsonl', '--max-file-size', '1KiB'], { cwd: c.root });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${P('b-over.txt')}  error  The file is 1025 bytes (1 KiB), larger than the limit of 1024 bytes (1 KiB)`);
    expect(r.stderr).toMatch(/it was not read {2}read\/too-large\n/);
    expect(r.stdout).toContain('c: 2 of 3 files published, 1 rejected (see rejected.jsonl)');
    const docs = readJsonl<Document>(join(c.root, 'output', 'c', 'documents.jsonl'));
    expect(docs.map((d) => d.source_path)).toEqual([GOOD_PATH, P('c-exact.txt')]);
    expect(readJsonl<Rejection>(join(c.root, 'output', 'c', 'rejected.jsonl')).map((x) => [x.source_path, x.rule])).toEqual([[P('b-over.txt'), 'read/too-large']]);

    const bad = cli(['build', '--sources', 'sources', '--out', 'output-bad', '--no-cache', '--max-file-size', 'abc'], { cwd: c.root });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Expected `maxFileSize` to be a whole number of bytes from 1 to 2147483647');
    expect(bad.stderr).toContain('got "abc"  usage/invalid-value');
    expect(existsSync(join(c.root, 'output-bad'))).toBe(false);
  });

  it('8. 2,000 one-line files in one collection are all published, with the right counts', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 2000; i++) files[`f${String(i).padStart(4, '0')}.txt`] = `Title number ${i}\n\nParagraph ${i} says something.\n`;
    const b = await buildCorpus(corpus(files, { good: false }));
    expect(b.report.exitCode).toBe(0);
    expect(b.messages).toEqual([]);
    expect(b.rejected).toEqual([]);
    expect(b.report.datasets[0]!.rows).toEqual({ documents: 2000, paragraphs: 2000, notes: 0 });
    expect(b.documents.map((d) => d.source_path)).toEqual(Object.keys(files).map(P));
    expect(new Set(b.documents.map((d) => d.doc_id)).size).toBe(2000);
    expect(b.documents[1234]).toMatchObject({ doc_id: 'title-number-1234', title: 'Title number 1234', paragraph_count: 1 });
    expect(b.paragraphs.map((p) => p.text)).toEqual(Object.keys(files).map((_, i) => `Paragraph ${i} says something.`));
    expect(b.provenance.inputs.filter((i) => i.status === 'published')).toHaveLength(2000);
  });

  it('9. a file 200 folders deep is found and published under its full source_path', async () => {
    const deep = Array.from({ length: 200 }, (_, i) => `level-${i}`).join('/');
    const b = await buildCorpus(corpus({ [`${deep}/deep.txt`]: 'Deep title\n\nA paragraph far down.\n' }));
    expect(b.messages).toEqual([]);
    expect(b.documents.map((d) => [d.doc_id, d.source_path])).toEqual([
      ['a-good-title', GOOD_PATH],
      ['deep-title', `sources/c/raw/${deep}/deep.txt`],
    ]);
    expect(b.paragraphs.at(-1)).toMatchObject({ text: 'A paragraph far down.', source_path: `sources/c/raw/${deep}/deep.txt` });
    expectGoodPublished(b);
  });
});

// Cost: about 2 s on an idle 2-core machine, 4 s when it is busy (linear in the size), plus 40 MB of
// JSON Lines in a temporary folder. The 200 MB variant belongs in the benchmark, not here.
describe('hostile inputs: slow (a 20 MB single-line file, 2-4 s)', () => {
  it('7. a 20 MB file on one line builds in bounded time into one paragraph with a layout/single-line warning', { timeout: 120_000 }, async () => {
    const sentence = 'The quick brown fox jumps over the lazy dog again. ';
    const long = Buffer.from(sentence.repeat(Math.ceil(20_000_000 / sentence.length)));
    const started = Date.now();
    const b = await buildCorpus(corpus({ 'b-one-line.txt': long }));
    const seconds = (Date.now() - started) / 1000;
    expect(seconds).toBeLessThan(90);
    expect(b.report.exitCode).toBe(0);
    const sentences = long.length / sentence.length;
    expect(b.messages.map((m) => [m.rule, m.file, m.line, m.column, m.byte_offset])).toEqual([
      ['layout/single-line', P('b-one-line.txt'), 1, 1, 0],
      ['layout/uncertain', P('b-one-line.txt'), 1, 1, 0],
    ]);
    expect(b.messages[0]!.message).toBe(`The body is one line of ${long.length - 1} columns and ${sentences} sentences; it is kept as one paragraph`);
    expect(b.documents.find((d) => d.source_path === P('b-one-line.txt'))).toMatchObject({ layout: 'single-line', profile_confidence: 'low', paragraph_count: 1, source_bytes: long.length });
    const [p, ...more] = b.paragraphs.filter((x) => x.source_path === P('b-one-line.txt'));
    expect(more).toEqual([]);
    // The trailing space is trimmed; the range covers the rest of the file.
    expect(p).toMatchObject({ source_byte_start: 0, source_byte_end: long.length - 1, char_count: long.length - 1, source_line_start: 1, source_line_end: 1 });
    expect(p!.text).toBe(long.toString('utf8', 0, long.length - 1));
    expectGoodPublished(b);
  });
});

describe.skipIf(!canSymlink)('hostile inputs: links and special files in raw/', () => {
  it('10a. a link loop, a link to a folder of the same raw/ and a cycle of links warn source/link-loop, are not followed, and each file is read once', async () => {
    const c = corpus({ 'a/inner.txt': 'Inner title\n\nInner paragraph.\n', 'b/other.txt': 'Other title\n\nOther paragraph.\n' });
    symlinkSync('..', join(c.raw, 'a', 'loop')); // back to raw/, on its own way
    symlinkSync('.', join(c.raw, 'a', 'self'));
    symlinkSync('../b', join(c.raw, 'a', 'to-b')); // a folder of the same raw/, walked anyway
    symlinkSync('../b/other.txt', join(c.raw, 'a', 'to-other.txt')); // a file of the same raw/, read under its own name
    symlinkSync('l2', join(c.raw, 'l1')); // l1 → l2 → l1: ELOOP
    symlinkSync('l1', join(c.raw, 'l2'));
    const b = await buildCorpus(c);
    const onItsWay = 'The link leads to a folder on its own way (a loop); it is not followed, so no file is read twice through it';
    const cycle = 'The link leads back to itself through other links; it is not followed';
    expect(b.messages.map((m) => [m.rule, m.stage, m.file, m.message])).toEqual([
      ['source/link-loop', 'sources', P('a/loop'), onItsWay],
      ['source/link-loop', 'sources', P('a/self'), onItsWay],
      ['source/link-loop', 'sources', P('a/to-b'), 'The link leads to a folder inside the same raw/ folder, which is walked anyway; it is not followed, so no file is read twice through it'],
      ['source/link-loop', 'sources', P('a/to-other.txt'), 'The link leads to a file inside the same raw/ folder, which is read under its own name; it is not followed, so the file is not read twice'],
      ['source/link-loop', 'sources', P('l1'), cycle],
      ['source/link-loop', 'sources', P('l2'), cycle],
    ]);
    expect(b.provenance.messages).toEqual(b.messages);
    expect(b.provenance.inputs.map((i) => i.path)).toEqual([GOOD_PATH, P('a/inner.txt'), P('b/other.txt')]);
    expect(b.documents.map((d) => d.duplicate_of)).toEqual([null, null, null]);
    expectGoodPublished(b);
    expect(b.report.exitCode).toBe(0);
  });

  it('10h. a raw/ folder that is itself a link outside the sources folder is not followed (the collection has no raw files), unless followExternalLinks', async () => {
    const elsewhere = tempDir('hostile-outside-');
    writeFileSync(join(elsewhere, 'secret.txt'), 'Outside title\n\nA paragraph from outside.\n');
    const c = corpus({}, { good: false });
    rmSync(c.raw, { recursive: true });
    symlinkSync(elsewhere, c.raw);
    const out = join(c.root, 'output');
    const refused = await build({ sources: c.sources, out, cache: false, formats: ['jsonl'] });
    expect(refused.problems).toEqual([expect.objectContaining({ rule: 'source/no-raw-files', message: 'The raw/ folder is a link that leads outside the sources folder; it is not followed unless links outside are allowed (--follow-external-links)' })]);
    expect(refused.datasets).toEqual([]);
    const followed = await buildCorpus(c, { followExternalLinks: true });
    expect(followed.documents.map((d) => d.source_path)).toEqual([P('secret.txt')]);
  });

  it('10b. a link to a file outside the sources folder warns source/link-outside and is not read, unless followExternalLinks', async () => {
    const elsewhere = tempDir('hostile-outside-');
    writeFileSync(join(elsewhere, 'secret.txt'), 'Outside title\n\nA paragraph from outside.\n');
    const c = corpus({});
    symlinkSync(join(elsewhere, 'secret.txt'), join(c.raw, 'b-outside.txt'));

    const b = await buildCorpus(c);
    expect(b.messages.map((m) => [m.rule, m.stage, m.file])).toEqual([['source/link-outside', 'sources', P('b-outside.txt')]]);
    expect(b.messages[0]!.message).toBe('The link leads outside the sources folder; it is not followed unless links outside are allowed (--follow-external-links)');
    expect(b.provenance.messages).toEqual(b.messages);
    expect(b.provenance.inputs.map((i) => i.path)).toEqual([GOOD_PATH]);
    expect(b.provenance.options.follow_external_links).toBe(false);
    expectGoodPublished(b);
    expect(b.report.exitCode).toBe(0);

    const followed = await buildCorpus(c, { followExternalLinks: true });
    expect(followed.messages).toEqual([]);
    expect(followed.documents.map((d) => [d.source_path, d.title])).toEqual([
      [GOOD_PATH, 'A good title'],
      [P('b-outside.txt'), 'Outside title'],
    ]);
    expect(followed.paragraphs.at(-1)).toMatchObject({ text: 'A paragraph from outside.', source_path: P('b-outside.txt') });
    expect(followed.provenance.options.follow_external_links).toBe(true);
  });

  // The message is published in provenance.json: a path of this machine would make the dataset differ from machine to machine.
  it('10c. the published source/link-outside message names no absolute path of the building machine', async () => {
    const elsewhere = tempDir('hostile-outside-');
    writeFileSync(join(elsewhere, 'secret.txt'), 'Outside title\n\nA paragraph.\n');
    const c = corpus({});
    symlinkSync(join(elsewhere, 'secret.txt'), join(c.raw, 'b-outside.txt'));
    const b = await buildCorpus(c);
    expect(readFileSync(join(b.dir, 'provenance.json'), 'utf8')).not.toContain(elsewhere);
  });

  it('10d. CLI: --follow-external-links reads the file a link outside leads to and publishes it under the link\'s path', () => {
    const elsewhere = tempDir('hostile-outside-');
    writeFileSync(join(elsewhere, 'secret.txt'), 'Outside title\n\nA paragraph from outside.\n');
    const c = corpus({});
    symlinkSync(join(elsewhere, 'secret.txt'), join(c.raw, 'b-outside.txt'));
    const without = cli(['build', '--sources', 'sources', '--out', 'output-a', '--no-cache', '--formats', 'jsonl'], { cwd: c.root });
    expect(without, without.stderr).toMatchObject({ code: 0 });
    expect(without.stderr).toMatch(/^sources\/c\/raw\/b-outside\.txt {2}warning {2}The link leads outside the sources folder; .* {2}source\/link-outside$/m);
    expect(readJsonl<Document>(join(c.root, 'output-a', 'c', 'documents.jsonl')).map((d) => d.source_path)).toEqual([GOOD_PATH]);

    const withLinks = cli(['build', '--sources', 'sources', '--out', 'output-b', '--no-cache', '--formats', 'jsonl', '--follow-external-links'], { cwd: c.root });
    expect(withLinks, withLinks.stderr).toMatchObject({ code: 0 });
    expect(withLinks.stderr).not.toContain('source/link-outside');
    expect(readJsonl<Document>(join(c.root, 'output-b', 'c', 'documents.jsonl')).map((d) => d.source_path)).toEqual([GOOD_PATH, P('b-outside.txt')]);
  });

  it('10e. a link to a file elsewhere inside sources/ is followed and published under the link\'s path', async () => {
    const c = corpus({});
    mkdirSync(join(c.sources, 'd2', 'raw'), { recursive: true });
    writeFileSync(join(c.sources, 'd2', 'source.json'), sourceJson('d2'));
    writeFileSync(join(c.sources, 'd2', 'raw', 'shared.txt'), 'Shared title\n\nA shared paragraph.\n');
    symlinkSync(join('..', '..', 'd2', 'raw', 'shared.txt'), join(c.raw, 'b-shared.txt'));
    const b = await buildCorpus(c);
    expect(b.report.problems).toEqual([]);
    expect(b.messages).toEqual([]);
    expect(b.documents.map((d) => [d.source_path, d.doc_id])).toEqual([
      [GOOD_PATH, 'a-good-title'],
      [P('b-shared.txt'), 'shared-title'],
    ]);
    expect(b.report.datasets.map((d) => d.name)).toEqual(['c', 'd2']);
    expect(b.report.exitCode).toBe(0);
  });

  it('10f. a broken link warns source/link-broken and is left out', async () => {
    const c = corpus({});
    symlinkSync('does-not-exist.txt', join(c.raw, 'b-broken.txt'));
    const b = await buildCorpus(c);
    expect(b.messages.map((m) => [m.rule, m.stage, m.file, m.message])).toEqual([['source/link-broken', 'sources', P('b-broken.txt'), 'The link leads nowhere (ENOENT); it is left out']]);
    expect(b.provenance.messages).toEqual(b.messages);
    expect(b.provenance.inputs.map((i) => i.path)).toEqual([GOOD_PATH]);
    expectGoodPublished(b);
    expect(b.report.exitCode).toBe(0);
  });

  it('10g. a FIFO warns source/not-a-file, is not opened, and the build does not hang', { timeout: 20_000 }, async (ctx) => {
    const c = corpus({});
    const made = spawnSync('mkfifo', [join(c.raw, 'b-pipe.txt')]);
    if (made.error || made.status !== 0) ctx.skip();
    const b = await buildCorpus(c);
    expect(b.messages.map((m) => [m.rule, m.stage, m.file, m.message])).toEqual([
      ['source/not-a-file', 'sources', P('b-pipe.txt'), 'The entry is not a regular file (a FIFO, a socket or a device), so it is not read'],
    ]);
    expect(b.provenance.messages).toEqual(b.messages);
    expect(b.provenance.inputs.map((i) => i.path)).toEqual([GOOD_PATH]);
    expectGoodPublished(b);
  });
});

describe('hostile inputs: file names', () => {
  const NAMES = ['with space.txt', '中文 名字.txt', 'e\u0301te\u0301 (NFD).txt', 'emoji 👍🏽 👨‍👩‍👧.txt', "it's.txt", 'say "hi".txt', 'new\nline.txt', 'comma, semi; tab\t.txt'];

  it('11a. names with spaces, Chinese, combining marks, emoji, quotes, a tab and a newline are published under their exact path in JSON Lines and CSV', async () => {
    const files = Object.fromEntries(NAMES.map((n, i) => [n, `Title ${i} here\n\nParagraph number ${i} of the file.\n`]));
    const b = await buildCorpus(corpus(files), { formats: ['jsonl', 'csv'] });
    expect(b.messages).toEqual([]);
    const expected = [GOOD_PATH, ...NAMES.map(P)].sort((a, x) => (a < x ? -1 : a > x ? 1 : 0));
    expect(b.documents.map((d) => d.source_path)).toEqual(expected);
    // Exact code points: the NFD name is not normalised.
    expect(b.documents.map((d) => d.source_path)).toContain(P('e\u0301te\u0301 (NFD).txt'));
    const csv = (table: string) => parse(readFileSync(join(b.dir, `${table}.csv`)), { columns: true }) as Record<string, string>[];
    expect(csv('documents').map((d) => d.source_path)).toEqual(expected);
    expect(csv('paragraphs').map((p) => p.source_path)).toEqual(b.paragraphs.map((p) => p.source_path));
    expect(b.provenance.inputs.map((i) => i.path)).toEqual(expected);
    for (const [i, name] of NAMES.entries()) expect(b.documents.find((d) => d.source_path === P(name))).toMatchObject({ title: `Title ${i} here`, doc_id: `title-${i}-here` });
    expectGoodPublished(b);
  });

  it('11b. CLI: a path with a newline is printed as \\n, one message per line', () => {
    const latin1 = Buffer.concat([Buffer.from('A title\n\nThe caf'), Buffer.from([0xe9]), Buffer.from(' is open.\n')]);
    const c = corpus({ 'new\nline.txt': latin1 });
    const r = cli(['build', '--sources', 'sources', '--out', 'output', '--no-cache', '--formats', 'jsonl'], { cwd: c.root });
    expect(r.code).toBe(0);
    const lines = r.stderr.split('\n');
    const at = lines.findIndex((l) => l.startsWith('sources/c/raw/new\\nline.txt:3:8 (byte 16)  warning  Not valid UTF-8'));
    expect(at).toBeGreaterThanOrEqual(0);
    expect(lines[at]).toMatch(/ {2}decode\/encoding-assumed$/);
    expect(lines[at + 1]).toMatch(/^ {4}hint: /);
    expect(lines.filter((l) => l.startsWith('line.txt'))).toEqual([]);
    expect(readJsonl<Document>(join(c.root, 'output', 'c', 'documents.jsonl')).map((d) => d.source_path)).toEqual([GOOD_PATH, P('new\nline.txt')]);
  });

  it('11c. a name that is not valid UTF-8 warns source/file-name and the file is left out', async () => {
    const c = corpus({});
    const rawBytes = Buffer.from(c.raw + '/');
    writeFileSync(Buffer.concat([rawBytes, Buffer.from([0x61, 0xe9, 0x2e, 0x74, 0x78, 0x74])]), 'Latin title\n\nA paragraph.\n');
    const b = await buildCorpus(c);
    expect(b.messages.map((m) => [m.rule, m.stage, m.file, m.message])).toEqual([
      ['source/file-name', 'sources', P('a\ufffd.txt'), 'The name "aé.txt" is not valid UTF-8, so it cannot be recorded as it is; the entry is left out'],
    ]);
    expect(b.provenance.messages).toEqual(b.messages);
    expect(b.provenance.inputs.map((i) => i.path)).toEqual([GOOD_PATH]);
    expectGoodPublished(b);
    expect(b.report.exitCode).toBe(0);
  });
});

describe('hostile inputs: ids and duplicates', () => {
  const SAFE_ID = new RegExp(`^${DOC_ID}$`);
  const expectSafeIds = (b: Built) => {
    for (const d of b.documents) {
      expect(d.doc_id).toMatch(SAFE_ID);
      expect(d.doc_id).not.toMatch(WINDOWS_RESERVED);
      expect(d.doc_id).not.toContain('..');
      expect(d.doc_id).not.toContain('/');
    }
    for (const p of b.paragraphs) expect(p.paragraph_id.startsWith(`${p.doc_id}-p`)).toBe(true);
  };

  it('12a. titles like "../../etc" and Windows device names give ids of [a-z0-9-] only, never a reserved name (plain profile)', async () => {
    const b = await buildCorpus(
      corpus({
        'b-dots.txt': '../../etc\n\nA paragraph about dots.\n',
        'c-only-dots.txt': '..\n\nA paragraph under two dots.\n',
        'd-backslash.txt': '..\\..\\Windows\\System32\n\nA paragraph about backslashes.\n',
        'e-con.txt': 'CON\n\nA paragraph about con.\n',
        'f-nul.txt': 'nul\n\nA paragraph about nul.\n',
        'g-com1.txt': 'COM1\n\nA paragraph about com1.\n',
        'h-lpt.txt': 'LPT¹\n\nA paragraph about lpt.\n',
        // No title: the id comes from the file name "aux".
        'aux.txt': 'Only one paragraph here, and no title line above it at all.\n',
      }),
    );
    expect(b.messages).toEqual([]);
    expect(b.documents.map((d) => [d.source_path.slice('sources/c/raw/'.length), d.title, d.doc_id])).toEqual([
      ['a-good.txt', 'A good title', 'a-good-title'],
      ['aux.txt', null, 'aux-doc'],
      ['b-dots.txt', '../../etc', 'etc'],
      // ".." alone is not taken for a title (it is the first paragraph), so the id comes from the file name.
      ['c-only-dots.txt', null, 'c-only-dots'],
      ['d-backslash.txt', '..\\..\\Windows\\System32', 'windows-system32'],
      ['e-con.txt', 'CON', 'con-doc'],
      ['f-nul.txt', 'nul', 'nul-doc'],
      ['g-com1.txt', 'COM1', 'com1-doc'],
      ['h-lpt.txt', 'LPT¹', 'lpt1-doc'],
    ]);
    expectSafeIds(b);
  });

  it('12b. a Markdown heading "# ../../etc/passwd" or "# CON" gives a safe id too', async () => {
    const b = await buildCorpus(
      corpus(
        {
          'b-passwd.md': '# ../../etc/passwd\n\nSome *Markdown* text.\n\n## Part\n\nMore text with a [link](https://example.org/).\n',
          'c-con.md': '# CON\n\nA paragraph.\n',
        },
        { config: { profile: 'auto' } },
      ),
    );
    expect(b.messages).toEqual([]);
    expect(b.documents.map((d) => [d.source_path, d.profile, d.title, d.doc_id])).toEqual([
      [GOOD_PATH, 'plain', 'A good title', 'a-good-title'],
      [P('b-passwd.md'), 'markdown', '../../etc/passwd', 'etc-passwd'],
      [P('c-con.md'), 'markdown', 'CON', 'con-doc'],
    ]);
    expectSafeIds(b);
  });

  it('12c. a source.json whose name is "con" is refused as source/invalid-config; the other collection is built', async () => {
    const c = corpus({});
    mkdirSync(join(c.sources, 'con', 'raw'), { recursive: true });
    writeFileSync(join(c.sources, 'con', 'source.json'), sourceJson('con'));
    writeFileSync(join(c.sources, 'con', 'raw', 'x.txt'), GOOD);
    const b = await buildCorpus(c);
    expect(b.report.problems.map(problemMessage)).toEqual([
      expect.objectContaining({
        rule: 'source/invalid-config',
        level: 'error',
        file: 'sources/con/source.json',
        line: 1,
        column: 9,
        message: '`name`: Expected a name Windows can make a folder of (not con, prn, aux, nul, com1–9 or lpt1–9), got "con"',
      }),
    ]);
    expect(b.report.datasets.map((d) => d.name)).toEqual(['c']);
    expect(existsSync(join(b.dir, '..', 'con'))).toBe(false);
    expectGoodPublished(b);
    expect(b.report.exitCode).toBe(2);
  });

  it('13. the same document twice: both published, the second with duplicate/document and duplicate_of, and identify/duplicate-id for the colliding id', async () => {
    const b = await buildCorpus(corpus({ 'b-copy.txt': GOOD, 'c-same-title.txt': 'A good title\n\nA different body altogether.\n' }));
    expect(b.messages.map((m) => [m.rule, m.stage, m.file, m.message])).toEqual([
      ['identify/duplicate-id', 'identify', P('b-copy.txt'), `doc_id "a-good-title" is already used by ${GOOD_PATH}; this document gets "a-good-title-2"`],
      ['duplicate/document', 'deduplicate', P('b-copy.txt'), `The paragraphs are exactly those of a-good-title (${GOOD_PATH})`],
      ['identify/duplicate-id', 'identify', P('c-same-title.txt'), `doc_id "a-good-title" is already used by ${GOOD_PATH}; this document gets "a-good-title-3"`],
    ]);
    expect(b.documents.map((d) => [d.source_path, d.doc_id, d.duplicate_of])).toEqual([
      [GOOD_PATH, 'a-good-title', null],
      [P('b-copy.txt'), 'a-good-title-2', 'a-good-title'],
      [P('c-same-title.txt'), 'a-good-title-3', null],
    ]);
    expect(b.documents[1]!.text_sha256).toBe(b.documents[0]!.text_sha256);
    expect(b.paragraphs.filter((p) => p.doc_id === 'a-good-title-2').map((p) => [p.paragraph_id, p.duplicate_of])).toEqual([
      ['a-good-title-2-p001', 'a-good-title-p001'],
      ['a-good-title-2-p002', 'a-good-title-p002'],
    ]);
    expect(b.rejected).toEqual([]);
    expectGoodPublished(b);
    expect(b.report.exitCode).toBe(0);
  });
});
