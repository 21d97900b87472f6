/** Every writer, read back by an independent reader, gives exactly the rows that were written. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { writers } from '../pipeline/index.js';
import { notesTable, paragraphsTable } from '../schemas/tables.js';
import { Paragraph } from '../schemas/paragraph.js';
import { tempDir } from './helpers/build.js';
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
    expect(table.schema.metadata.get('table')).toBe('paragraphs');
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

  it('writes the same bytes twice', async () => {
    const dir = tempDir();
    for (const w of writers) {
      await w.write(join(dir, `a.${w.extension}`), paragraphsTable, rows, context);
      await w.write(join(dir, `b.${w.extension}`), paragraphsTable, rows, context);
      expect(readFileSync(join(dir, `a.${w.extension}`)).equals(readFileSync(join(dir, `b.${w.extension}`)))).toBe(true);
    }
  });
});
