/** Reading our files back with independent readers, into plain rows comparable with what was written. */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { tableFromIPC } from 'apache-arrow';
import type { TableDef } from '../../schemas/tables.js';

export type Row = Record<string, unknown>;

const isoOfMs = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** apache-arrow's reader; Date32 comes back as milliseconds, turned into ISO dates. */
export function readArrow(path: string, table: TableDef): Row[] {
  const t = tableFromIPC(readFileSync(path));
  return t.toArray().map((r) => {
    const o = r.toJSON() as Row;
    const out: Row = {};
    for (const c of table.columns) {
      const v = o[c.name] ?? null;
      out[c.name] = c.meta.kind === 'date' && v !== null ? isoOfMs(Number(v)) : v;
    }
    return out;
  });
}

/** csv-parse, told our convention: an unquoted empty field is null, a quoted one a string. */
export function readCsv(path: string, table: TableDef): Row[] {
  const kinds = new Map(table.columns.map((c) => [c.name, c.meta.kind]));
  return parse(readFileSync(path), {
    columns: true,
    cast: (value, context) => {
      if (context.header) return value;
      if (value === '' && !context.quoting) return null;
      return kinds.get(String(context.column)) === 'int32' ? Number(value) : value;
    },
  }) as Row[];
}

export function readJsonlFile(path: string): Row[] {
  return readFileSync(path, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Row);
}
