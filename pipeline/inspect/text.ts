/**
 * JSON Lines and CSV: the rows counted by one pass over the bytes (never the
 * file in memory), the first rows parsed for the sample, and the last row
 * parsed too, since a file cut short shows there.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import type { InspectedColumn, SampleRow } from './report.js';
import type { TableRead } from './read.js';

const LF = 0x0a;
const QUOTE = 0x22;

interface Scan {
  /** Non-empty lines; for CSV, ended outside quotes (a quoted field may hold line breaks). */
  records: number;
  /** The bytes of the first `keep` records (the whole file when it has fewer). */
  head: Buffer;
  /** Byte range of the last record, without its line feed. */
  last: [start: number, end: number];
  /** CSV: the file ends inside a quoted field. */
  openQuote: boolean;
}

async function scan(path: string, keep: number, quotes: boolean): Promise<Scan> {
  let records = 0;
  let offset = 0;
  let lineStart = 0;
  let last: [number, number] = [0, 0];
  let inQuotes = false;
  let headEnd = -1;
  const head: Buffer[] = [];
  const endLine = (at: number) => {
    if (at > lineStart) {
      records++;
      last = [lineStart, at];
      if (records === keep) headEnd = at + 1;
    }
    lineStart = at + 1;
  };
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    if (headEnd < 0) head.push(chunk);
    // The next quote and line feed at or after i, searched again only once passed: linear in the chunk.
    let i = 0;
    let q = quotes ? chunk.indexOf(QUOTE) : -1;
    let nl = chunk.indexOf(LF);
    for (;;) {
      if (inQuotes) {
        if (q < 0) break;
        // A doubled quote inside a field closes and opens again: the state comes out right.
        inQuotes = false;
        i = q + 1;
      } else if (nl >= 0 && (q < 0 || nl < q)) {
        endLine(offset + nl);
        i = nl + 1;
      } else if (q >= 0) {
        inQuotes = true;
        i = q + 1;
      } else break;
      if (q >= 0 && q < i) q = chunk.indexOf(QUOTE, i);
      if (nl >= 0 && nl < i) nl = chunk.indexOf(LF, i);
    }
    offset += chunk.length;
  }
  if (offset > lineStart) endLine(offset);
  const all = Buffer.concat(head);
  return { records, head: headEnd < 0 ? all : all.subarray(0, headEnd), last, openQuote: inQuotes };
}

/** The rows of a JSON Lines file (its non-empty lines), counted in one streamed pass. */
export const countJsonlRows = async (path: string): Promise<number> => (await scan(path, 0, false)).records;

async function readRange(path: string, [start, end]: [number, number]): Promise<Buffer> {
  const fh = await open(path);
  try {
    const out = Buffer.alloc(end - start);
    await fh.read(out, 0, out.length, start);
    return out;
  } finally {
    await fh.close();
  }
}

function jsonRow(line: string, which: string): SampleRow {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw new Error(`${which} is not valid JSON (${(error as Error).message})`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error(`${which} is not a JSON object`);
  return value as SampleRow;
}

const jsonType = (v: unknown): string =>
  Array.isArray(v) ? 'array' : typeof v === 'number' ? (Number.isInteger(v) ? 'integer' : 'number') : typeof v;

/** Columns seen in the sample rows: names in order of appearance, the JSON types of their values. */
function sampledColumns(rows: readonly SampleRow[]): InspectedColumn[] {
  const seen = new Map<string, { types: Set<string>; nulls: boolean }>();
  for (const row of rows) {
    for (const [name, value] of Object.entries(row)) {
      const c = seen.get(name) ?? { types: new Set<string>(), nulls: false };
      seen.set(name, c);
      if (value === null) c.nulls = true;
      else c.types.add(jsonType(value));
    }
  }
  return [...seen].map(([name, c]) => ({ name, type: c.types.size ? [...c.types].join(' or ') : null, nullable: c.nulls ? true : null }));
}

export async function readJsonl(path: string, sample: number, described: InspectedColumn[] | null): Promise<TableRead> {
  // At least one row is parsed, for the column names.
  const s = await scan(path, Math.max(sample, 1), false);
  const lines = s.head.toString('utf8').replace(/^\uFEFF/, '').split('\n').filter((l) => l.length > 0);
  const rows = lines.map((l, i) => jsonRow(l, `row ${i + 1}`));
  if (s.records > lines.length) jsonRow((await readRange(path, s.last)).toString('utf8'), 'the last row');
  return described
    ? { rows: s.records, types_from: 'datapackage', columns: described, file_metadata: null, sample: rows.slice(0, sample) }
    : { rows: s.records, types_from: 'sample', columns: sampledColumns(rows), file_metadata: null, sample: rows.slice(0, sample) };
}

/** Our CSV convention: an empty unquoted field is null, a quoted one ("") the empty string. Blank lines are no rows, as scan counts. */
function parseCsv(bytes: Buffer, which: string): (string | null)[][] {
  try {
    return parse(bytes, { bom: true, skip_empty_lines: true, cast: (value, context) => (value === '' && !context.quoting ? null : value) }) as (string | null)[][];
  } catch (error) {
    throw new Error(`${which} not valid CSV (${(error as Error).message})`);
  }
}

export async function readCsv(path: string, sample: number, described: InspectedColumn[] | null): Promise<TableRead> {
  const s = await scan(path, sample + 1, true);
  if (s.openQuote) throw new Error('it ends inside a quoted field: the file was cut short');
  const records = parseCsv(s.head, 'its first rows are');
  const header = (records[0] ?? []).map((h) => h ?? '');
  if (s.records > records.length) {
    const fields = parseCsv(await readRange(path, s.last), 'its last row is')[0]?.length ?? 0;
    if (fields !== header.length) throw new Error(`its last row has ${fields} fields and its header ${header.length}: the file was cut short`);
  }
  // The datapackage.json beside the file types its columns only when it names the same ones.
  const typed = described && described.map((c) => c.name).join('\n') === header.join('\n') ? described : null;
  const rows = records.slice(1, sample + 1).map((record) => {
    const row: SampleRow = {};
    header.forEach((name, i) => {
      const value = record[i] ?? null;
      row[name] = typed?.[i]?.type === 'int32' && value !== null && /^-?\d+$/.test(value) ? Number(value) : value;
    });
    return row;
  });
  return {
    rows: Math.max(0, s.records - 1),
    types_from: typed ? 'datapackage' : 'none',
    columns: typed ?? header.map((name) => ({ name, type: null, nullable: null })),
    file_metadata: null,
    sample: rows,
  };
}
