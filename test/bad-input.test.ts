/** Bad input: each bad file gets a placed, catalogued message and a rejected.jsonl row; the good file is still built. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { catalogue, type BuildReport } from '../pipeline/index.js';
import type { Rejection } from '../schemas/rejection.js';
import { buildTo, readJsonl } from './helpers/build.js';
import { fixturesDir } from './golden/fixtures.js';

let report: BuildReport;
let dir: string;
let rejected: Rejection[];

beforeAll(async () => {
  const built = await buildTo(join(fixturesDir, 'bad-inputs', 'sources'));
  report = built.report;
  dir = join(built.out, 'mixed');
  rejected = readJsonl<Rejection>(join(dir, 'rejected.jsonl'));
});

const byFile = (name: string) => rejected.filter((r) => r.source_path === `sources/mixed/raw/${name}`);

describe('bad input', () => {
  it('publishes the good file and exits 1', () => {
    expect(report.exitCode).toBe(1);
    const docs = readJsonl<{ source_path: string }>(join(dir, 'documents.jsonl'));
    expect(docs.map((d) => d.source_path)).toEqual(['sources/mixed/raw/a-good.txt', 'sources/mixed/raw/g-utf16-without-bom.txt']);
  });

  it('places invalid UTF-8 at its byte, line and column', () => {
    const raw = readFileSync(join(fixturesDir, 'bad-inputs/sources/mixed/raw/b-invalid-utf8.txt'));
    const offset = raw.indexOf(0xe9);
    const before = raw.subarray(0, offset).toString('utf8').split('\n');
    expect(byFile('b-invalid-utf8.txt')).toEqual([
      expect.objectContaining({
        rule: 'decode/invalid-utf8',
        stage: 'decode',
        byte_offset: offset,
        line: before.length,
        column: [...before.at(-1)!].length + 1,
        hint: catalogue['decode/invalid-utf8'].hint,
      }),
    ]);
    expect(byFile('b-invalid-utf8.txt')[0]!.message).toContain(`Byte 0xE9 at offset ${offset}`);
  });

  it('rejects an empty file', () => {
    expect(byFile('c-empty.txt')).toEqual([expect.objectContaining({ rule: 'read/empty-file', line: 1, column: 1, byte_offset: 0, source_sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' })]);
  });

  it('rejects a file the profile cannot read, pointing at the line it expected to be the collection line', () => {
    expect(byFile('d-not-npc.txt')).toEqual([expect.objectContaining({ rule: 'npc/collection-line-missing', line: 3, column: 1, byte_offset: 17 })]);
  });

  it('reads UTF-16 without a byte order mark, told by its NUL bytes, with a warning', () => {
    expect(byFile('g-utf16-without-bom.txt')).toEqual([]);
    // It is a-good.txt saved as UTF-16, so it is also a duplicate of it.
    const messages = report.datasets[0]!.messages.filter((m) => m.file.endsWith('g-utf16-without-bom.txt'));
    expect(messages.map((m) => m.rule)).toEqual(['decode/encoding-assumed', 'identify/duplicate-id', 'duplicate/document']);
    expect(messages[0]).toMatchObject({ line: 1, column: 1, byte_offset: 0, message: 'No byte order mark, but NUL bytes alternate with others throughout, as in UTF-16LE text; read as UTF-16LE' });
    const [good, utf16] = readJsonl<{ source_encoding: string; title: string; text_sha256: string }>(join(dir, 'documents.jsonl'));
    expect(utf16).toMatchObject({ source_encoding: 'utf-16le', title: good!.title, text_sha256: good!.text_sha256 });
  });

  it('rejects a file of a binary format by name, and any other file holding NUL at its first NUL', () => {
    expect(byFile('h-image.png')).toEqual([expect.objectContaining({ rule: 'decode/binary', message: 'The file is a PNG image, not text', line: 1, column: 1, byte_offset: 0 })]);
    expect(byFile('i-nul.txt')).toEqual([expect.objectContaining({ rule: 'decode/nul-byte', line: 3, column: 23, byte_offset: 34 })]);
  });

  it('rejects white space only and a page without body paragraphs', () => {
    expect(byFile('e-whitespace.txt').map((r) => r.rule)).toEqual(['segment/no-text']);
    expect(byFile('f-header-only.txt').map((r) => r.rule)).toEqual(['segment/no-paragraphs']);
  });

  it('lists every input with its status in provenance.json, and every rejection', () => {
    const provenance = JSON.parse(readFileSync(join(dir, 'provenance.json'), 'utf8'));
    expect(provenance.inputs.map((i: { path: string; status: string }) => [i.path.split('/').at(-1), i.status])).toEqual([
      ['a-good.txt', 'published'],
      ['b-invalid-utf8.txt', 'rejected'],
      ['c-empty.txt', 'rejected'],
      ['d-not-npc.txt', 'rejected'],
      ['e-whitespace.txt', 'rejected'],
      ['f-header-only.txt', 'rejected'],
      ['g-utf16-without-bom.txt', 'published'],
      ['h-image.png', 'rejected'],
      ['i-nul.txt', 'rejected'],
    ]);
    expect(provenance.rejected).toEqual(rejected);
    expect(provenance.stages.find((s: { stage: string }) => s.stage === 'read')).toEqual({ stage: 'read', files_in: 9, files_out: 8, errors: 1, warnings: 0 });
  });

  it('uses only catalogued rule ids', () => {
    for (const r of rejected) expect(Object.keys(catalogue)).toContain(r.rule);
  });
});
