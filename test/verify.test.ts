/** verify: a published dataset against its SHA256SUMS, its metadata and (fresh) a rebuild from its sources. */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMessage, type Message } from '../pipeline/messages.js';
import { ConfigError } from '../pipeline/run.js';
import { toPosix } from '../pipeline/sources.js';
import { verify } from '../pipeline/verify.js';
import { buildTo, sampleSources, tempDir } from './helpers/build.js';

const NAME = 'governance-of-china';
const shown = (path: string) => toPosix(relative(process.cwd(), path));
const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');
const short = (hash: string) => `${hash.slice(0, 12)}…`;
const m = (rule: Parameters<typeof createMessage>[0], file: string, text: string, place?: Parameters<typeof createMessage>[4]): Message => createMessage(rule, 'verify', file, text, place);

/** A fresh build of the sample into a temporary output folder. */
async function sample(): Promise<{ out: string; dir: string; at: (file: string) => string }> {
  const { out, report } = await buildTo(sampleSources, { cache: false });
  expect(report.exitCode).toBe(0);
  const dir = join(out, NAME);
  return { out, dir, at: (file) => `${shown(dir)}/${file}` };
}

/** Writes SHA256SUMS again from the files as they are now, as someone covering an edit would. */
function rehash(dir: string): void {
  const lines = readFileSync(join(dir, 'SHA256SUMS'), 'utf8').trimEnd().split('\n');
  writeFileSync(join(dir, 'SHA256SUMS'), lines.map((l) => `${sha256(readFileSync(join(dir, l.slice(66))))}  ${l.slice(66)}\n`).join(''));
}

const sumsLine = (dir: string, file: string) => readFileSync(join(dir, 'SHA256SUMS'), 'utf8').split('\n').findIndex((l) => l.endsWith(`  ${file}`)) + 1;

/** Changes one byte of paragraphs.csv, in its third line, to another letter; returns its offset and both values. */
function tamper(dir: string): { offset: number; was: number; now: number; before: Buffer } {
  const path = join(dir, 'paragraphs.csv');
  const before = readFileSync(path);
  const offset = before.indexOf('\n', before.indexOf('\n') + 1) + 10;
  const was = before[offset]!;
  const now = was === 0x58 ? 0x59 : 0x58; // X, or Y if it was X
  const after = Buffer.from(before);
  after[offset] = now;
  writeFileSync(path, after);
  return { offset, was, now, before };
}

/** Leftover folders of verify --fresh (the prefix `clean` looks for) in the temporary folder, which the fresh tests have to themselves. */
const verifyTemps = () => readdirSync(tmpdir()).filter((n) => n.startsWith('speech-datasets-verify-'));
const hex = (byte: number) => `0x${byte.toString(16).toUpperCase()}`;

describe('verify', () => {
  it('passes a dataset as built, found under --out (dot folders skipped) or named', async () => {
    const { out, dir } = await sample();
    mkdirSync(join(out, '.old-governance-of-china-1234'));
    const report = await verify({ out });
    expect(report).toEqual({ datasets: [{ name: NAME, dir: shown(dir), ok: true, checked: 19, fresh: null, messages: [] }], messages: [], exitCode: 0 });
    expect((await verify({ datasets: [dir] })).exitCode).toBe(0);
  });

  it('reports a one-byte change once, as a checksum mismatch (the metadata about the file would only repeat it)', async () => {
    const { dir, at } = await sample();
    const { before } = tamper(dir);
    const now = readFileSync(join(dir, 'paragraphs.csv'));
    const report = await verify({ datasets: [dir] });
    expect(report.messages).toEqual([
      m('verify/checksum-mismatch', at('paragraphs.csv'), `SHA-256 is ${short(sha256(now))} where SHA256SUMS (line ${sumsLine(dir, 'paragraphs.csv')}) lists ${short(sha256(before))}; ${before.length} bytes, as datapackage.json records`),
    ]);
    expect(report.datasets[0]).toMatchObject({ ok: false, checked: 18 });
    expect(report.exitCode).toBe(1);
  });

  it('reports a file cut short with its size against the recorded one', async () => {
    const { dir, at } = await sample();
    const before = readFileSync(join(dir, 'notes.jsonl'));
    writeFileSync(join(dir, 'notes.jsonl'), before.subarray(0, 100));
    expect((await verify({ datasets: [dir] })).messages).toEqual([
      m('verify/checksum-mismatch', at('notes.jsonl'), `SHA-256 is ${short(sha256(before.subarray(0, 100)))} where SHA256SUMS (line ${sumsLine(dir, 'notes.jsonl')}) lists ${short(sha256(before))}; 100 bytes where datapackage.json records ${before.length}`),
    ]);
  });

  it('reports a deleted file and an added one', async () => {
    const { dir, at } = await sample();
    rmSync(join(dir, 'notes.parquet'));
    writeFileSync(join(dir, 'extra.csv'), 'a,b\n');
    const report = await verify({ datasets: [dir] });
    expect(report.messages).toEqual([
      m('verify/missing-file', at('notes.parquet'), `SHA256SUMS lists notes.parquet (line ${sumsLine(dir, 'notes.parquet')}), which is not in the folder or cannot be read`),
      m('verify/unlisted-file', at('extra.csv'), 'extra.csv is in the folder but SHA256SUMS does not list it'),
    ]);
    expect(report.exitCode).toBe(1);
  });

  it('reports a malformed line of SHA256SUMS at its line', async () => {
    const { dir, at } = await sample();
    const sums = readFileSync(join(dir, 'SHA256SUMS'), 'utf8');
    writeFileSync(join(dir, 'SHA256SUMS'), `${sums}0123abcd  paragraphs.csv\n`);
    const line = sums.split('\n').length;
    const report = await verify({ datasets: [dir] });
    expect(report.messages).toEqual([m('verify/malformed-sums', at('SHA256SUMS'), `Line ${line} is not "<64 hexadecimal digits>  <path>": "0123abcd  paragraphs.csv"`, { line })]);
    expect(report.exitCode).toBe(1);
  });

  it('catches a size edited in datapackage.json when SHA256SUMS was made to match, through provenance.json too', async () => {
    const { dir, at } = await sample();
    const path = join(dir, 'datapackage.json');
    const before = readFileSync(path);
    const pkg = JSON.parse(before.toString('utf8')) as { resources: { path: string; bytes: number }[] };
    const resource = pkg.resources.find((r) => r.path === 'paragraphs.csv')!;
    const size = resource.bytes;
    resource.bytes = size + 1;
    writeFileSync(path, `${JSON.stringify(pkg, null, 2)}\n`);
    rehash(dir);
    const after = readFileSync(path);
    const report = await verify({ datasets: [dir] });
    expect(report.messages).toEqual([
      m('verify/metadata-mismatch', at('paragraphs.csv'), `datapackage.json records ${size + 1} bytes; the file has ${size} bytes`),
      ...(after.length === before.length
        ? [m('verify/metadata-mismatch', at('datapackage.json'), `provenance.json records SHA-256 ${short(sha256(before))}; the file has SHA-256 ${short(sha256(after))}`)]
        : [m('verify/metadata-mismatch', at('datapackage.json'), `provenance.json records ${before.length} bytes, SHA-256 ${short(sha256(before))}; the file has ${after.length} bytes, SHA-256 ${short(sha256(after))}`)]),
    ]);
    expect(report.datasets[0]!.checked).toBe(19);
    expect(report.exitCode).toBe(1);
  });

  it('counts the lines of JSON Lines files against the rows provenance.json records', async () => {
    const { dir, at } = await sample();
    const path = join(dir, 'provenance.json');
    const prov = JSON.parse(readFileSync(path, 'utf8')) as { outputs: { path: string; rows?: number }[] };
    for (const o of prov.outputs) if (o.path === 'paragraphs.jsonl' || o.path === 'paragraphs.csv') o.rows = 7;
    writeFileSync(path, `${JSON.stringify(prov, null, 2)}\n`);
    rehash(dir);
    // Only JSON Lines are counted; the edited CSV count goes unseen, as documented.
    expect((await verify({ datasets: [dir] })).messages).toEqual([m('verify/metadata-mismatch', at('paragraphs.jsonl'), 'provenance.json records 7 rows; the file has 3 lines')]);
  });

  it('checks a folder without SHA256SUMS against its metadata, and says the checksums are missing', async () => {
    const { dir, at } = await sample();
    rmSync(join(dir, 'SHA256SUMS'));
    writeFileSync(join(dir, 'notes.csv'), 'changed\n');
    const report = await verify({ datasets: [dir] });
    expect(report.messages.map((x) => [x.rule, x.file])).toEqual([
      ['verify/missing-file', at('SHA256SUMS')],
      ...Array(3).fill(['verify/metadata-mismatch', at('notes.csv')]),
    ]);
    expect(report.messages.slice(1).map((x) => x.message.split(' ')[0])).toEqual(['datapackage.json', 'provenance.json', 'croissant.json']);
    expect(report.messages[1]!.message).toMatch(/^datapackage\.json records \d+ bytes, SHA-256 [0-9a-f]{12}…; the file has 8 bytes, SHA-256 [0-9a-f]{12}…$/);
    expect(report.datasets[0]!.checked).toBe(0);
    expect(report.exitCode).toBe(1);
  });

  it('exits 2 for a folder that is no dataset, or an output folder with none', async () => {
    const empty = tempDir();
    expect(await verify({ out: empty })).toEqual({ datasets: [], messages: [m('verify/not-a-dataset', shown(empty), `${shown(empty)} holds no dataset folder`)], exitCode: 2 });
    const missing = join(empty, 'nothing-here');
    mkdirSync(join(empty, 'not-a-dataset'));
    writeFileSync(join(empty, 'not-a-dataset', 'README.md'), 'hello\n');
    const report = await verify({ datasets: [missing, join(empty, 'not-a-dataset')] });
    expect(report.messages).toEqual([
      m('verify/not-a-dataset', shown(missing), `${shown(missing)} does not exist`),
      m('verify/not-a-dataset', shown(join(empty, 'not-a-dataset')), `${shown(join(empty, 'not-a-dataset'))} has no SHA256SUMS and no datapackage.json`),
    ]);
    expect(report.exitCode).toBe(2);
  });

  describe('fresh', () => {
    // A temporary folder of their own, so that no other run's leftovers count.
    const saved = process.env.TMPDIR;
    beforeAll(() => {
      process.env.TMPDIR = tempDir();
    });
    afterAll(() => {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    });

    it('passes a dataset as built, and leaves no temporary folder', async () => {
      const { dir } = await sample();
      const report = await verify({ datasets: [dir], fresh: true, sources: sampleSources, cache: false });
      expect(report.messages).toEqual([]);
      expect(report.datasets[0]!.fresh).toEqual({ compared: 20, differing: 0 });
      expect(report.exitCode).toBe(0);
      expect(verifyTemps()).toEqual([]);
    });

    it('catches a one-byte change that SHA256SUMS was made to cover, at its byte and line', async () => {
      const { dir, at } = await sample();
      const sumsBefore = readFileSync(join(dir, 'SHA256SUMS'));
      const { offset, was, now, before } = tamper(dir);
      rehash(dir);
      const after = readFileSync(join(dir, 'paragraphs.csv'));
      const metadataOnly = await verify({ datasets: [dir] });
      const recorded = `SHA-256 ${short(sha256(before))}; the file has SHA-256 ${short(sha256(after))}`;
      const metadata = ['datapackage.json', 'provenance.json', 'croissant.json'].map((f) => m('verify/metadata-mismatch', at('paragraphs.csv'), `${f} records ${recorded}`));
      expect(metadataOnly.messages).toEqual(metadata);

      const report = await verify({ datasets: [dir], fresh: true, sources: sampleSources, cache: false });
      const line = sumsLine(dir, 'paragraphs.csv');
      const sumsAfter = readFileSync(join(dir, 'SHA256SUMS'));
      let sumsOffset = 0;
      while (sumsBefore[sumsOffset] === sumsAfter[sumsOffset]) sumsOffset++;
      // In code-unit order of the paths, as SHA256SUMS lists them.
      expect(report.messages).toEqual([
        ...metadata,
        m('verify/drift', at('SHA256SUMS'), `Differs from a fresh build from byte ${sumsOffset} (line ${line}): ${hex(sumsAfter[sumsOffset]!)} where the fresh build has ${hex(sumsBefore[sumsOffset]!)}; published ${sumsAfter.length} bytes, SHA-256 ${short(sha256(sumsAfter))}, fresh ${sumsBefore.length} bytes, SHA-256 ${short(sha256(sumsBefore))}`, { line, byte_offset: sumsOffset }),
        m('verify/drift', at('paragraphs.csv'), `Differs from a fresh build from byte ${offset} (line 3): ${hex(now)} where the fresh build has ${hex(was)}; published ${after.length} bytes, SHA-256 ${short(sha256(after))}, fresh ${before.length} bytes, SHA-256 ${short(sha256(before))}`, { line: 3, byte_offset: offset }),
      ]);
      expect(report.datasets[0]!.fresh).toEqual({ compared: 20, differing: 2 });
      expect(report.exitCode).toBe(1);
    });

    it('reports files only on one side, a binary difference without a line, a file that ends early, and a change past the first chunk', async () => {
      const { dir, at } = await sample();
      const notes = readFileSync(join(dir, 'notes.csv'));
      rmSync(join(dir, 'notes.csv'));
      writeFileSync(join(dir, 'extra.txt'), 'abc');
      const parquet = readFileSync(join(dir, 'notes.parquet'));
      const cut = Buffer.concat([parquet.subarray(0, 40), Buffer.from([parquet[40]! ^ 0xff])]);
      writeFileSync(join(dir, 'notes.parquet'), cut);
      // Past the first chunk the comparison reads, so lines are counted across chunks.
      const pkg = readFileSync(join(dir, 'datapackage.json'));
      const far = 70_000;
      const edited = Buffer.from(pkg);
      edited[far] = pkg[far] === 0x20 ? 0x21 : 0x20;
      writeFileSync(join(dir, 'datapackage.json'), edited);
      const farLine = pkg.subarray(0, far).toString('latin1').split('\n').length;
      const report = await verify({ datasets: [dir], fresh: true, sources: sampleSources, cache: false });
      const drift = report.messages.filter((x) => x.rule === 'verify/drift');
      expect(drift).toEqual([
        m('verify/drift', at('datapackage.json'), `Differs from a fresh build from byte ${far} (line ${farLine}): ${hex(edited[far]!)} where the fresh build has ${hex(pkg[far]!)}; published ${pkg.length} bytes, SHA-256 ${short(sha256(edited))}, fresh ${pkg.length} bytes, SHA-256 ${short(sha256(pkg))}`, { line: farLine, byte_offset: far }),
        m('verify/drift', at('extra.txt'), 'extra.txt (3 bytes) is published, but a fresh build makes no such file'),
        m('verify/drift', at('notes.csv'), `A fresh build makes notes.csv (${notes.length} bytes, SHA-256 ${short(sha256(notes))}), which is not published`),
        m('verify/drift', at('notes.parquet'), `Differs from a fresh build from byte 40: ${hex(cut[40]!)} where the fresh build has ${hex(parquet[40]!)}; published 41 bytes, SHA-256 ${short(sha256(cut))}, fresh ${parquet.length} bytes, SHA-256 ${short(sha256(parquet))}`, { byte_offset: 40 }),
      ]);
      expect(report.exitCode).toBe(1);
    });

    it('reports a missing source folder, or an invalid source.json, as no-sources (exit 2), and removes its temporary folder', async () => {
      const { dir } = await sample();
      const sources = tempDir();
      const missing = await verify({ datasets: [dir], fresh: true, sources, cache: false });
      const folder = shown(join(sources, NAME));
      expect(missing.messages).toEqual([m('verify/no-sources', folder, `No source folder ${folder} to rebuild ${shown(dir)} from`)]);
      expect(missing.exitCode).toBe(2);

      mkdirSync(join(sources, NAME, 'raw'), { recursive: true });
      writeFileSync(join(sources, NAME, 'source.json'), '{');
      const invalid = await verify({ datasets: [dir], fresh: true, sources, cache: false });
      expect(invalid.messages.map((x) => [x.rule, x.file])).toEqual([['verify/no-sources', `${folder}/source.json`]]);
      expect(invalid.messages[0]!.message.startsWith(`Cannot rebuild ${shown(dir)}: Not valid JSON: `), invalid.messages[0]!.message).toBe(true);
      expect(invalid.exitCode).toBe(2);
      expect(verifyTemps()).toEqual([]);
    });

    it('checks the build options at the door and stops at the signal', async () => {
      const { dir } = await sample();
      await expect(verify({ datasets: [dir], fresh: true, concurrency: 0 })).rejects.toThrow(ConfigError);
      const controller = new AbortController();
      controller.abort(new Error('stopped'));
      await expect(verify({ datasets: [dir], fresh: true, sources: sampleSources, cache: false, signal: controller.signal })).rejects.toThrow('stopped');
      // Stopped while it checks or rebuilds: the temporary folder goes too.
      const later = new AbortController();
      setTimeout(() => later.abort(new Error('stopped later')), 0);
      await expect(verify({ datasets: [dir], fresh: true, sources: sampleSources, cache: false, signal: later.signal })).rejects.toThrow('stopped later');
      expect(verifyTemps()).toEqual([]);
    });
  });
});
