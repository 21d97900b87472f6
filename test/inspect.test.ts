/** `inspect`: the report of a dataset folder and of each table file, its errors, and the text it renders. */
import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, openAsBlob, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, relative, sep } from 'node:path';
import { RecordBatchReader } from 'apache-arrow';
import type * as ParquetWasm from 'parquet-wasm/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { inspect, InspectError, plainStyle, renderInspect, type InspectedDataset, type InspectedFile, type Style } from '../pipeline/inspect.js';
import { build } from '../pipeline/run.js';
import { PIPELINE } from '../pipeline/version.js';
import { writers } from '../pipeline/writers/index.js';
import { parquetWriter } from '../pipeline/writers/parquet.js';
import { CONTRACT_VERSION, notesTable, paragraphsTable, tables } from '../schemas/tables.js';
import { readJsonl, sampleSources, tempDir } from './helpers/build.js';

const NAME = 'governance-of-china';
const source = JSON.parse(readFileSync(join(sampleSources, NAME, 'source.json'), 'utf8'));
const shown = (path: string) => relative(process.cwd(), path).split(sep).join('/');
/** Whether `text` holds `path` as an absolute path (its relative form ends with the same characters). */
const holdsAbsolute = (text: string, path: string) => new RegExp(`(^|[\\s"(])${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`).test(text);
const contractColumns = (t: (typeof tables)[number]) => t.columns.map((c) => ({ name: c.name, type: c.meta.kind, nullable: c.meta.nullable }));
const ARROW_TYPES = { string: 'Utf8', json: 'Utf8', int32: 'Int32', date: 'Date32' } as const;

let dir: string;
let provenance: { rows: Record<string, number>; inputs: { status: string }[] };
let report: InspectedDataset;
/** A second build, with a build date, that the tests below may damage (each on a copy). */
let dated: string;

async function buildInto(sourceDateEpoch: number | null): Promise<string> {
  const out = tempDir();
  const result = await build({ sources: sampleSources, out, only: [NAME], cache: false, sourceDateEpoch });
  expect(result.exitCode).toBe(0);
  return join(out, NAME);
}

const copyOf = (folder: string) => {
  const copy = join(tempDir(), NAME);
  cpSync(folder, copy, { recursive: true });
  return copy;
};

async function inspectDataset(path: string, sample?: number): Promise<InspectedDataset> {
  const r = await inspect(path, sample === undefined ? {} : { sample });
  expect(r.kind).toBe('dataset');
  return r as InspectedDataset;
}

async function inspectFile(path: string, sample?: number): Promise<InspectedFile> {
  const r = await inspect(path, sample === undefined ? {} : { sample });
  expect(r.kind).toBe('file');
  return r as InspectedFile;
}

async function failure(path: string): Promise<InspectError> {
  const error: unknown = await inspect(path).then(() => null, (e: unknown) => e);
  expect(error, path).toBeInstanceOf(InspectError);
  return error as InspectError;
}

beforeAll(async () => {
  [dir, dated] = await Promise.all([buildInto(null), buildInto(1_700_000_000)]);
  provenance = JSON.parse(readFileSync(join(dir, 'provenance.json'), 'utf8'));
  report = await inspectDataset(dir);
});

describe('inspect a dataset folder', () => {
  it('reports the metadata, the rights and the build as recorded', () => {
    expect(report).toMatchObject({
      kind: 'dataset',
      path: shown(dir),
      name: NAME,
      title: source.title,
      version: source.version,
      description: source.description,
      rights: { open: false, licenses: [{ name: 'other-closed' }], holder: source.rights.holder, statement: source.rights.statement },
      pipeline: { name: PIPELINE.name, version: PIPELINE.version, git_commit: null },
      contract_version: CONTRACT_VERSION,
      created: null,
      inputs: { total: provenance.inputs.length, published: provenance.inputs.length, rejected: 0 },
      problems: [],
    });
  });

  it('is plain JSON with a fixed key order and no absolute path', async () => {
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
    expect(Object.keys(report)).toEqual([
      'kind', 'path', 'name', 'title', 'version', 'description', 'rights', 'pipeline', 'contract_version',
      'created', 'inputs', 'tables', 'files', 'checksums', 'problems',
    ]);
    expect(holdsAbsolute(JSON.stringify(report), dir)).toBe(false);
    expect(holdsAbsolute(JSON.stringify({ path: dir }), dir)).toBe(true);
    expect(JSON.stringify(await inspectDataset(dir))).toBe(JSON.stringify(report));
  });

  it('takes the build date from provenance.json when the build recorded one', async () => {
    expect((await inspectDataset(dated, 0)).created).toBe('2023-11-14T22:13:20Z');
  });

  it('counts every file of every table: the rows provenance.json records, the columns of the contract', () => {
    expect(report.tables.map((t) => t.name)).toEqual(tables.map((t) => t.name));
    for (const table of tables) {
      const t = report.tables.find((x) => x.name === table.name)!;
      expect(t.rows, table.name).toBe(provenance.rows[table.name]);
      expect(t.files, table.name).toEqual(
        writers.map((w) => ({ format: w.format, path: `${table.name}.${w.extension}`, bytes: statSync(join(dir, `${table.name}.${w.extension}`)).size, rows: provenance.rows[table.name] })),
      );
      expect(t.columns, table.name).toEqual(contractColumns(table));
    }
  });

  it('samples the first rows of each table from its JSON Lines file', async () => {
    const two = await inspectDataset(dir, 2);
    for (const t of two.tables) {
      const all = readJsonl(join(dir, `${t.name}.jsonl`));
      expect(t.sample_from).toBe(`${t.name}.jsonl`);
      expect(t.sample, t.name).toEqual(all.slice(0, 2));
    }
    expect(provenance.rows.paragraphs).toBeGreaterThan(2);
    expect(report.tables.find((t) => t.name === 'paragraphs')!.sample).toHaveLength(Math.min(3, provenance.rows.paragraphs!));
    expect((await inspectDataset(dir, 0)).tables.every((t) => t.sample.length === 0)).toBe(true);
  });

  it('lists the other files with their sizes, and the rows of rejected.jsonl', () => {
    const others = readdirSync(dir).filter((f) => !/^(documents|paragraphs|notes)\./.test(f)).sort();
    expect(report.files.map((f) => f.path)).toEqual(others);
    for (const f of report.files) expect(f.bytes, f.path).toBe(statSync(join(dir, f.path)).size);
    expect(report.files.find((f) => f.path === 'rejected.jsonl')).toMatchObject({ rows: 0 });
    expect(report.files.find((f) => f.path === 'README.md')).toMatchObject({ about: 'dataset card' });
  });

  it('says the checksums are ok, and names a file after a one-byte edit', async () => {
    const listed = readdirSync(dir).length - 1;
    expect(report.checksums).toEqual({ ok: true, found: true, listed, mismatched: [], missing: [], unlisted: [], malformed_lines: [] });

    const copy = copyOf(dated);
    const path = join(copy, 'paragraphs.jsonl');
    const bytes = readFileSync(path);
    const at = bytes.indexOf('"text":"') + 8;
    bytes[at] = bytes[at] === 0x41 ? 0x42 : 0x41;
    writeFileSync(path, bytes);
    writeFileSync(join(copy, 'extra.txt'), 'added later\n');
    const damaged = await inspectDataset(copy);
    expect(damaged.checksums).toEqual({ ok: false, found: true, listed, mismatched: ['paragraphs.jsonl'], missing: [], unlisted: ['extra.txt'], malformed_lines: [] });
    expect(damaged.files.find((f) => f.path === 'extra.txt')).toMatchObject({ about: 'not a file the pipeline writes' });
    const text = renderInspect(damaged);
    expect(text).toContain('checksums: FAILED (');
    expect(text).toMatch(/differ from SHA256SUMS: paragraphs\.jsonl\n/);
    expect(text).toMatch(/not listed: extra\.txt\n/);
  });

  it('reports a damaged table file and files that disagree as problems, and still reads the rest', async () => {
    const copy = copyOf(dir);
    const parquet = join(copy, 'notes.parquet');
    writeFileSync(parquet, readFileSync(parquet).subarray(0, 100));
    const jsonl = join(copy, 'paragraphs.jsonl');
    const lines = readFileSync(jsonl, 'utf8');
    writeFileSync(jsonl, lines + lines.slice(0, lines.indexOf('\n') + 1));
    const r = await inspectDataset(copy);
    const notes = r.tables.find((t) => t.name === 'notes')!;
    expect(notes.files.find((f) => f.format === 'parquet')!.rows).toBeNull();
    expect(notes.rows).toBe(provenance.rows.notes);
    const n = provenance.rows.paragraphs!;
    expect(r.problems).toEqual([
      `The paragraphs files disagree on the row count: paragraphs.parquet ${n}, paragraphs.jsonl ${n + 1}, paragraphs.csv ${n}, paragraphs.arrow ${n}`,
      `${shown(parquet)} cannot be read as parquet: Parquet error: Invalid Parquet file. Corrupt footer`,
    ]);
    expect(r.checksums.mismatched).toEqual(['notes.parquet', 'paragraphs.jsonl']);
    expect(renderInspect(r)).toContain('problems:\n  - ');
  });
});

describe('inspect the rights of a dataset', () => {
  async function withRights(rights: object): Promise<InspectedDataset> {
    const sources = tempDir();
    cpSync(join(sampleSources, NAME), join(sources, NAME), { recursive: true });
    writeFileSync(join(sources, NAME, 'source.json'), JSON.stringify({ ...source, rights }));
    const out = tempDir();
    expect((await build({ sources, out, cache: false, sourceDateEpoch: null })).exitCode).toBe(0);
    return inspectDataset(join(out, NAME), 0);
  }

  it('calls an open licence open, and shows it after the description', async () => {
    const license = { name: 'CC0-1.0', title: 'Creative Commons Zero', path: 'https://creativecommons.org/publicdomain/zero/1.0/' };
    const r = await withRights({ holder: 'Tests', statement: 'Dedicated to the public domain.', open: true, license });
    expect(r.rights).toEqual({ open: true, licenses: [license], holder: 'Tests', statement: 'Dedicated to the public domain.' });
    const lines = renderInspect(r).split('\n');
    expect(lines.indexOf('rights: CC0-1.0 (an open licence)')).toBeGreaterThan(lines.findIndex((l) => l.startsWith('about: ')));
  });

  it('calls a licence that forbids commercial use or changes not open', async () => {
    const license = { name: 'CC-BY-NC-ND-4.0' };
    const r = await withRights({ holder: 'Tests', statement: 'Share it unchanged, not for money.', open: false, license });
    expect(r.rights).toEqual({ open: false, licenses: [{ name: 'CC-BY-NC-ND-4.0', title: null, path: null }], holder: 'Tests', statement: 'Share it unchanged, not for money.' });
    expect(renderInspect(r).split('\n')[1]).toBe('rights: NOT OPENLY LICENSED (CC-BY-NC-ND-4.0); use only as the licence or the law allows');
  });
});

describe('inspect one table file', () => {
  it('gives the same rows, columns and values from all four formats of a table', async () => {
    const expected = readJsonl(join(dir, 'paragraphs.jsonl')).slice(0, 3);
    for (const w of writers) {
      const f = await inspectFile(join(dir, `paragraphs.${w.extension}`));
      const columnar = w.format === 'arrow' || w.format === 'parquet';
      expect(f, w.format).toMatchObject({ kind: 'file', path: shown(join(dir, `paragraphs.${w.extension}`)), format: w.format, rows: provenance.rows.paragraphs });
      expect(f.bytes).toBe(statSync(join(dir, `paragraphs.${w.extension}`)).size);
      expect(f.types_from, w.format).toBe(columnar ? 'file' : 'datapackage');
      expect(f.columns, w.format).toEqual(
        paragraphsTable.columns.map((c) => ({ name: c.name, type: columnar ? ARROW_TYPES[c.meta.kind] : c.meta.kind, nullable: c.meta.nullable })),
      );
      expect(f.sample, w.format).toEqual(expected);
      expect(f.file_metadata, w.format).toEqual(
        columnar ? { dataset: NAME, table: 'paragraphs', pipeline: PIPELINE.name, pipeline_version: PIPELINE.version, contract_version: CONTRACT_VERSION } : null,
      );
    }
  });

  it('reads JSON Lines and CSV outside a dataset without types it cannot know', async () => {
    const alone = tempDir();
    for (const ext of ['jsonl', 'csv']) copyFileSync(join(dir, `notes.${ext}`), join(alone, `notes.${ext}`));
    const expected = readJsonl(join(dir, 'notes.jsonl')).slice(0, 1);
    const jsonl = await inspectFile(join(alone, 'notes.jsonl'), 1);
    expect(jsonl.types_from).toBe('sample');
    expect(jsonl.sample).toEqual(expected);
    const jsonTypes = { string: 'string', json: 'string', int32: 'integer', date: 'string' } as const;
    expect(jsonl.columns).toEqual(
      notesTable.columns.map((c) => ({ name: c.name, type: expected[0]![c.name] === null ? null : jsonTypes[c.meta.kind], nullable: expected[0]![c.name] === null ? true : null })),
    );
    const csv = await inspectFile(join(alone, 'notes.csv'), 1);
    expect(csv.types_from).toBe('none');
    expect(csv.columns).toEqual(notesTable.columns.map((c) => ({ name: c.name, type: null, nullable: null })));
    // Without a datapackage.json a CSV value stays text; null stays null.
    expect(csv.sample).toEqual(expected.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null ? null : String(v)]))));
  });

  it('reads CSV as the contract writes it: an empty unquoted field is null, "" the empty string', async () => {
    const path = join(tempDir(), 't.csv');
    writeFileSync(path, '"a","b","c"\n"x",,""\n"line\none","say ""hi""",\n');
    const f = await inspectFile(path);
    expect(f.rows).toBe(2);
    expect(f.sample).toEqual([{ a: 'x', b: null, c: '' }, { a: 'line\none', b: 'say "hi"', c: null }]);
    expect(renderInspect(f)).toContain('    a: line\\none\n');
  });

  it('counts rows exactly across Arrow batches, Parquet row groups and line breaks in CSV fields', async () => {
    const many = Array.from({ length: 40_000 }, (_, i) => {
      const hash = createHash('sha256').update(String(i)).digest('hex');
      const text = i % 7 === 0 ? `note ${i}\nsays "${hash}", twice\n\n${hash}` : `note ${i} ${hash}`;
      return { note_id: `doc-n${i + 1}`, doc_id: 'doc', marker: '*', anchor: i % 3 === 0 ? null : i === 1 ? '' : 'title', text, edits: '[]', source_byte_start: i, source_byte_end: i + 1, source_line_start: 1, source_line_end: 2 };
    });
    const folder = tempDir();
    const context = { dataset: 'synthetic', pipelineVersion: '0.0.0' };
    for (const w of writers) {
      const writer = w.format === 'parquet' ? parquetWriter(64 * 1024) : w;
      await writer.write(join(folder, `notes.${w.extension}`), notesTable, many, context);
    }
    // The counts below span several batches and row groups, or they would prove little.
    const fh = await open(join(folder, 'notes.arrow'));
    const reader = await RecordBatchReader.from(fh);
    await reader.open();
    expect(reader.numRecordBatches).toBeGreaterThan(1);
    await fh.close();
    const pw = createRequire(import.meta.url)('parquet-wasm/node') as typeof ParquetWasm;
    const pf = await pw.ParquetFile.fromFile(await openAsBlob(join(folder, 'notes.parquet')));
    expect(pf.metadata().numRowGroups()).toBeGreaterThan(5);
    pf.free();

    for (const w of writers) {
      const f = await inspectFile(join(folder, `notes.${w.extension}`));
      expect(f.rows, w.format).toBe(many.length);
      const first = many.slice(0, 3);
      expect(f.sample, w.format).toEqual(
        w.format === 'csv' ? first.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null ? null : String(v)]))) : first,
      );
    }
  });
});

describe('inspect errors', () => {
  const takes = 'give a dataset folder (e.g. output/governance-of-china) or one of its .parquet, .jsonl, .csv or .arrow files';

  it('names a path that does not exist', async () => {
    const missing = join(tempDir(), 'no-such-dataset');
    const e = await failure(missing);
    expect([e.rule, e.path, e.message]).toEqual(['verify/not-a-dataset', shown(missing), `${shown(missing)} does not exist: ${takes}`]);
    expect((await failure(`${missing}.parquet`)).rule).toBe('inspect/unreadable');
    expect(e.toMessage()).toMatchObject({ rule: 'verify/not-a-dataset', level: 'error', stage: 'inspect', file: shown(missing) });
  });

  it('refuses a folder that is not a dataset', async () => {
    const folder = tempDir();
    writeFileSync(join(folder, 'notes.txt'), 'hello\n');
    const e = await failure(folder);
    expect(e.rule).toBe('verify/not-a-dataset');
    expect(e.message).toBe(`${shown(folder)} is not a dataset folder: it has neither SHA256SUMS nor datapackage.json. Give the folder of one dataset (e.g. output/governance-of-china), or one of its table files.`);
  });

  it('refuses a file in another format', async () => {
    const path = join(tempDir(), 'notes.txt');
    writeFileSync(path, 'hello\n');
    const e = await failure(path);
    expect([e.rule, e.message]).toEqual(['inspect/unreadable', `${shown(path)} is not a table file the pipeline writes: ${takes}`]);
  });

  it.each([
    ['parquet', 'Parquet error: Invalid Parquet file. Corrupt footer'],
    ['arrow', 'it is not a whole Arrow IPC file'],
    ['csv', 'it ends inside a quoted field: the file was cut short'],
    ['jsonl', 'is not valid JSON'],
  ])('refuses a truncated .%s file', async (ext, why) => {
    const path = join(tempDir(), `paragraphs.${ext}`);
    const bytes = readFileSync(join(dir, `paragraphs.${ext}`));
    writeFileSync(path, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    const e = await failure(path);
    expect(e.rule).toBe('inspect/unreadable');
    expect(e.message).toContain(`${shown(path)} cannot be read as ${ext}: `);
    expect(e.message).toContain(why);
  });

  it('checks the sample size at the door', async () => {
    await expect(inspect(dir, { sample: -1 })).rejects.toThrow('Expected `sample` to be an integer from 0 and up, got -1');
  });
});

describe('renderInspect', () => {
  it('puts the rights first when they are not open, then each table with its row count', () => {
    const text = renderInspect(report);
    const lines = text.split('\n');
    expect(text.endsWith('\n')).toBe(true);
    expect(lines[0]).toBe(source.title);
    expect(lines[1]).toBe('rights: NOT OPENLY LICENSED (other-closed); use only as the holder or the law allows');
    expect(lines[2]).toBe(`  holder: ${source.rights.holder}`);
    let at = 0;
    for (const table of tables) {
      const n = provenance.rows[table.name]!;
      const heading = lines.indexOf(`${table.name}: ${n} ${n === 1 ? 'row' : 'rows'}`);
      expect(heading, table.name).toBeGreaterThan(at);
      at = heading;
    }
    expect(lines).toContain(`checksums: ok (${report.checksums.listed} files)`);
    expect(holdsAbsolute(text, dir)).toBe(false);
  });

  it('keeps every line within 100 columns and shortens long values with "…" (the report keeps them whole)', () => {
    const text = renderInspect(report);
    for (const line of text.split('\n')) expect([...line].length, line).toBeLessThanOrEqual(100);
    const first = report.tables.find((t) => t.name === 'paragraphs')!.sample[0]!;
    expect(String(first.text).length).toBeGreaterThan(80);
    expect(text).toContain(`      text: ${String(first.text).slice(0, 79)}…\n`);
  });

  it('is the same text every time, and styles only through the Style given', () => {
    expect(renderInspect(report)).toBe(renderInspect(report, plainStyle));
    const marks: Style = { bold: (s) => `<b>${s}</b>`, dim: (s) => `<d>${s}</d>`, ok: (s) => `<ok>${s}</ok>`, bad: (s) => `<bad>${s}</bad>` };
    const styled = renderInspect(report, marks);
    expect(styled).toContain('<bad>rights: NOT OPENLY LICENSED');
    expect(styled).toContain(`<ok>checksums: ok (${report.checksums.listed} files)</ok>`);
    expect(styled.replace(/<\/?(b|d|ok|bad)>/g, '')).toBe(renderInspect(report));
  });

  it('shows a file with its format, rows, embedded metadata and column types', async () => {
    const path = join(dir, 'notes.arrow');
    const text = renderInspect(await inspectFile(path, 1));
    const rows = provenance.rows.notes!;
    expect(text.split('\n').slice(0, 2)).toEqual([shown(path), `arrow, ${(statSync(path).size / 1024).toFixed(1)} KiB, ${rows} row${rows === 1 ? '' : 's'}`]);
    const metadata = text.slice(text.indexOf('embedded metadata'), text.indexOf('\ncolumns: types as the file declares them (its Arrow schema)\n'));
    expect(metadata.replaceAll('\n  ', ' ')).toBe(
      `embedded metadata (speech_datasets): dataset=${NAME} table=notes pipeline=${PIPELINE.name} pipeline_version=${PIPELINE.version} contract_version=${CONTRACT_VERSION}`,
    );
    expect(text).toContain('  note_id            Utf8   no\n');
    expect(text).toContain('  source_byte_start  Int32  no\n');
  });
});
