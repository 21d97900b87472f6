/**
 * A structural check of croissant.json against the files beside it, in the
 * spirit of mlcroissant's validation (which cannot be installed here): every
 * FileObject's file exists with that size and sha256, every field reads a
 * column that exists in its Parquet file with a matching type, and every
 * `{"@id": …}` reference resolves to something the document defines.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { duckdbQuery } from './duckdb.js';

type Json = Record<string, unknown>;

const PARQUET_TYPES: Record<string, string> = { 'sc:Text': 'BYTE_ARRAY/StringType()', 'sc:Integer': 'INT32/', 'sc:Date': 'INT32/DateType()' };

/** Every object in the document. */
function* objects(value: unknown): Generator<Json> {
  if (Array.isArray(value)) for (const v of value) yield* objects(v);
  else if (value && typeof value === 'object') {
    yield value as Json;
    for (const [k, v] of Object.entries(value)) if (k !== '@context') yield* objects(v);
  }
}

export async function croissantProblems(doc: Json, dir: string): Promise<string[]> {
  const problems: string[] = [];
  const defined = new Set<string>();
  for (const o of objects(doc)) {
    if (typeof o['@id'] === 'string' && Object.keys(o).length > 1) {
      if (defined.has(o['@id'])) problems.push(`@id ${o['@id']} is defined twice`);
      defined.add(o['@id']);
    }
  }
  for (const o of objects(doc)) {
    if (typeof o['@id'] === 'string' && Object.keys(o).length === 1 && !defined.has(o['@id'])) problems.push(`reference to undefined @id ${o['@id']}`);
  }

  const files = new Map<string, Json>();
  for (const f of (doc.distribution ?? []) as Json[]) {
    files.set(f['@id'] as string, f);
    const path = join(dir, f.contentUrl as string);
    if (!existsSync(path)) {
      problems.push(`${f['@id']}: contentUrl ${f.contentUrl} does not exist`);
      continue;
    }
    const sha = createHash('sha256').update(readFileSync(path)).digest('hex');
    if (f.sha256 !== sha) problems.push(`${f['@id']}: sha256 ${f.sha256} does not match the file (${sha})`);
    if (f.contentSize !== `${statSync(path).size} B`) problems.push(`${f['@id']}: contentSize ${f.contentSize} is not the file's size`);
  }

  for (const rs of (doc.recordSet ?? []) as Json[]) {
    const fields = rs.field as Json[];
    const ids = new Set(fields.map((f) => f['@id']));
    const key = (rs.key as Json | undefined)?.['@id'];
    if (!ids.has(key)) problems.push(`${rs['@id']}: key ${key} is not one of its fields`);
    for (const field of fields) {
      const source = field.source as { fileObject: Json; extract: { column: string } };
      const file = files.get(source.fileObject['@id'] as string);
      if (!file) continue; // reported above as an undefined reference
      if (file.encodingFormat === 'text/csv') {
        const header = readFileSync(join(dir, file.contentUrl as string), 'utf8').split('\n')[0]!.split(',').map((h) => h.replace(/^"|"$/g, ''));
        if (!header.includes(source.extract.column)) problems.push(`${field['@id']}: column ${source.extract.column} is not in ${file.contentUrl}`);
        continue;
      }
      if (file.encodingFormat === 'application/jsonlines') {
        const first = JSON.parse(readFileSync(join(dir, file.contentUrl as string), 'utf8').split('\n')[0]!) as Json;
        if (!(source.extract.column in first)) problems.push(`${field['@id']}: column ${source.extract.column} is not in ${file.contentUrl}`);
        continue;
      }
      if (file.encodingFormat !== 'application/x-parquet') {
        problems.push(`${field['@id']}: reads ${file['@id']}, which is not Parquet, CSV or JSON Lines`);
        continue;
      }
      const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
      const column = await duckdbQuery(
        `SELECT type, coalesce(logical_type, '') AS logical FROM parquet_schema(${q(join(dir, file.contentUrl as string))}) WHERE name = ${q(source.extract.column)}`,
      );
      if (column.length !== 1) problems.push(`${field['@id']}: column ${source.extract.column} is not in ${file.contentUrl}`);
      else if (PARQUET_TYPES[field.dataType as string] !== `${column[0]!.type}/${column[0]!.logical}`) {
        problems.push(`${field['@id']}: dataType ${field.dataType} but the Parquet column is ${column[0]!.type}/${column[0]!.logical}`);
      }
    }
  }
  return problems;
}
