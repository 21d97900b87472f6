/** Every writer, read back by an independent reader, gives exactly the rows that were written. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { writers } from '../pipeline/index.js';
import { parquetWriter } from '../pipeline/writers/parquet.js';
import { CONTRACT_VERSION, notesTable, paragraphsTable } from '../schemas/tables.js';
import { Paragraph } from '../schemas/paragraph.js';
import { tempDir } from './helpers/build.js';
import { duckdbParquet, duckdbQuery, duckdbRows } from './helpers/duckdb.js';
import { readArrow, readCsv, readJsonlFile } from './helpers/readers.js';
import { trickyParagraphs } from './helpers/tricky.js';

const context = { dataset: 'test', pipelineVersion: '0.0.0' };
const writer = (format: string) => writers.find((w) => w.format === format)!;

describe('writers', () => {
  const rows = trickyParagraphs();

  it('the tricky rows are valid paragraphs', () => {
    for (const row of rows) expect(Paragraph.safeParse(row).success).toBe(true);
  });

  it('JSON Lines: one object per LF-terminated line, keys in schema order', async () => {
    const path = join(tempDir(), 'p.jsonl');
    await writer('jsonl').write(path, paragraphsTable, rows, context);
    const text = readFileSync(path, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    expect(text.split('\n')).toHaveLength(rows.length + 1);
    const back = readJsonlFile(path);
    expect(back).toEqual(rows);
    for (const r of back) expect(Object.keys(r)).toEqual(paragraphsTable.columns.map((c) => c.name));
  });

  it('CSV: header, quoted strings, bare integers, empty unquoted null, LF, no BOM', async () => {
    const path = join(tempDir(), 'p.csv');
    await writer('csv').write(path, paragraphsTable, rows, context);
    const bytes = readFileSync(path);
    expect(bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(false);
    const text = bytes.toString('utf8');
    expect(text.split('\n')[0]).toBe(paragraphsTable.columns.map((c) => `"${c.name}"`).join(','));
    // Row 1: section is null (empty, unquoted), position is a bare integer.
    expect(text.split('\n')[1]).toMatch(/^"doc-p001","doc",1,,"plain text",/);
    expect(readCsv(path, paragraphsTable)).toEqual(rows);
  });

  it('Arrow IPC file: explicit Utf8/Int32/Date32 types, no dictionaries, descriptions as field metadata', async () => {
    const path = join(tempDir(), 'p.arrow');
    await writer('arrow').write(path, paragraphsTable, rows, context);
    const bytes = readFileSync(path);
    expect(bytes.subarray(0, 6).toString('latin1')).toBe('ARROW1');
    const table = tableFromIPC(bytes);
    expect(table.schema.fields.map((f) => [f.name, String(f.type), f.nullable])).toEqual(
      paragraphsTable.columns.map((c) => [c.name, { string: 'Utf8', json: 'Utf8', int32: 'Int32', date: 'Date32<DAY>' }[c.meta.kind], c.meta.nullable]),
    );
    expect(table.schema.fields[0]!.metadata.get('description')).toBe(paragraphsTable.columns[0]!.meta.description);
    expect(JSON.parse(table.schema.metadata.get('speech_datasets')!)).toEqual({
      dataset: 'test', table: 'paragraphs', pipeline: 'speech-datasets', pipeline_version: '0.0.0', contract_version: CONTRACT_VERSION,
    });
    expect(readArrow(path, paragraphsTable)).toEqual(rows);
  });

  it('an empty table still has its header or schema in every format', async () => {
    const dir = tempDir();
    for (const w of writers) await w.write(join(dir, `n.${w.extension}`), notesTable, [], context);
    expect(readFileSync(join(dir, 'n.jsonl'), 'utf8')).toBe('');
    expect(readFileSync(join(dir, 'n.csv'), 'utf8')).toBe(`${notesTable.columns.map((c) => `"${c.name}"`).join(',')}\n`);
    const table = tableFromIPC(readFileSync(join(dir, 'n.arrow')));
    expect(table.numRows).toBe(0);
    expect(table.schema.fields.map((f) => f.name)).toEqual(notesTable.columns.map((c) => c.name));
  });

  it('writes the same bytes every time, whatever was written before in the process', async () => {
    const dir = tempDir();
    for (const w of writers) {
      for (const name of ['a', 'b', 'c', 'd']) await w.write(join(dir, `${name}.${w.extension}`), paragraphsTable, rows, context);
      const first = readFileSync(join(dir, `a.${w.extension}`));
      for (const name of ['b', 'c', 'd']) expect(readFileSync(join(dir, `${name}.${w.extension}`)).equals(first), `${w.format} ${name}`).toBe(true);
    }
  });
});

describe('Parquet writer', () => {
  const rows = trickyParagraphs();
  const q = (s: string) => `'${s.replace(/'/g, "''")}'`;

  it('reads back in DuckDB with the same rows, DATE/INT32/STRING types, required where not nullable', async () => {
    const path = join(tempDir(), 'p.parquet');
    await writer('parquet').write(path, paragraphsTable, rows, context);
    expect(readFileSync(path).subarray(0, 4).toString('latin1')).toBe('PAR1');
    expect(await duckdbRows(duckdbParquet(path), paragraphsTable)).toEqual(rows);
    const schema = await duckdbQuery(`SELECT name, type, logical_type, repetition_type FROM parquet_schema(${q(path)}) WHERE name <> 'arrow_schema'`);
    const expected = { string: ['BYTE_ARRAY', 'StringType()'], json: ['BYTE_ARRAY', 'StringType()'], int32: ['INT32', null], date: ['INT32', 'DateType()'] };
    expect(schema).toEqual(
      paragraphsTable.columns.map((c) => ({
        name: c.name,
        type: expected[c.meta.kind][0],
        logical_type: expected[c.meta.kind][1],
        repetition_type: c.meta.nullable ? 'OPTIONAL' : 'REQUIRED',
      })),
    );
  });

  it('compresses with zstd, keeps column statistics, and names the dataset, table and pipeline', async () => {
    const path = join(tempDir(), 'p.parquet');
    await writer('parquet').write(path, paragraphsTable, rows, context);
    const chunks = await duckdbQuery(`SELECT path_in_schema, compression, stats_min_value, stats_max_value, stats_null_count FROM parquet_metadata(${q(path)})`);
    expect(new Set(chunks.map((c) => c.compression))).toEqual(new Set(['ZSTD']));
    const position = chunks.find((c) => c.path_in_schema === 'position')!;
    expect([position.stats_min_value, position.stats_max_value, position.stats_null_count]).toEqual(['1', String(rows.length), '0']);
    const date = chunks.find((c) => c.path_in_schema === 'date')!;
    const dates = rows.map((r) => r.date).filter((d): d is string => d !== null).sort();
    expect([date.stats_min_value, date.stats_max_value, date.stats_null_count]).toEqual([dates[0], dates.at(-1), String(rows.length - dates.length)]);
    const kv = await duckdbQuery(`SELECT decode(key) AS key, decode(value) AS value FROM parquet_kv_metadata(${q(path)}) WHERE decode(key) <> 'ARROW:schema' ORDER BY key`);
    expect(kv.map((r) => r.key)).toEqual(['speech_datasets']);
    expect(JSON.parse(kv[0]!.value as string)).toEqual({
      dataset: 'test', table: 'paragraphs', pipeline: 'speech-datasets', pipeline_version: '0.0.0', contract_version: CONTRACT_VERSION,
    });
  });

  it('embeds the Arrow schema, with each column description and the file metadata, for Arrow-aware readers', async () => {
    const path = join(tempDir(), 'p.parquet');
    await writer('parquet').write(path, paragraphsTable, rows, context);
    const pw = createRequire(import.meta.url)('parquet-wasm/node') as typeof import('parquet-wasm/node');
    const schema = tableFromIPC(pw.readSchema(readFileSync(path)).intoIPCStream()).schema;
    expect(schema.fields.map((f) => f.metadata.get('description'))).toEqual(paragraphsTable.columns.map((c) => c.meta.description));
    expect(JSON.parse(schema.metadata.get('speech_datasets')!).table).toBe('paragraphs');
  });

  it('closes row groups at the byte limit and keeps the row order across them', async () => {
    // Distinct texts: repeated ones would shrink to a dictionary and never fill a group.
    const many = Array.from({ length: 3000 }, (_, i) => {
      const text = `${i} ${createHash('sha256').update(String(i)).digest('hex').repeat(8)}`;
      return { ...rows[i % 20]!, paragraph_id: `doc-p${String(i + 1).padStart(4, '0')}`, position: i + 1, text, char_count: text.length, text_sha256: createHash('sha256').update(text).digest('hex') };
    });
    const limit = 64 * 1024;
    const path = join(tempDir(), 'p.parquet');
    await parquetWriter(limit).write(path, paragraphsTable, many, context);
    const groups = await duckdbQuery(
      `SELECT row_group_id, any_value(row_group_num_rows) AS num_rows, sum(total_uncompressed_size) AS bytes FROM parquet_metadata(${q(path)}) GROUP BY row_group_id ORDER BY row_group_id`,
    );
    expect(groups.length).toBeGreaterThan(5);
    expect(groups.reduce((n, g) => n + Number(g.num_rows), 0)).toBe(many.length);
    // Groups close near the limit; batches are a sixteenth of it, so none can overshoot by much.
    for (const g of groups.slice(0, -1)) {
      expect(Number(g.bytes)).toBeGreaterThan(limit / 2);
      expect(Number(g.bytes)).toBeLessThan(limit * 1.5);
    }
    expect(await duckdbRows(duckdbParquet(path), paragraphsTable)).toEqual(many);
  });

  it('fails, instead of writing a short file, when the rows cannot all be read', async () => {
    // In the first batch, and after a whole batch (64k rows) was written.
    for (const at of [3000, 70_000]) {
      function* failing() {
        for (let i = 0; ; i++) {
          if (i === at) throw new Error(`row source failed at ${at}`);
          yield { ...rows[0]!, paragraph_id: `doc-p${String(i + 1).padStart(6, '0')}`, position: i + 1 };
        }
      }
      for (const w of writers) {
        await expect(w.write(join(tempDir(), `f.${w.extension}`), paragraphsTable, failing(), context), `${w.format} ${at}`).rejects.toThrow(`row source failed at ${at}`);
      }
    }
  });

  it('writes an empty table with its schema', async () => {
    const path = join(tempDir(), 'n.parquet');
    await writer('parquet').write(path, notesTable, [], context);
    expect(await duckdbQuery(`SELECT count(*)::INTEGER AS n FROM read_parquet(${q(path)})`)).toEqual([{ n: 0 }]);
    const names = await duckdbQuery(`SELECT name FROM parquet_schema(${q(path)}) WHERE name <> 'arrow_schema'`);
    expect(names.map((r) => r.name)).toEqual(notesTable.columns.map((c) => c.name));
  });
});
