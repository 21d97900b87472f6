/** datapackage.json validates against the official Data Package v2 schema and tells the truth about files and rights. */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { FORMATS } from '../pipeline/index.js';
import { tables } from '../schemas/tables.js';
import { committedOutput, buildTo } from './helpers/build.js';
import { fixtureCases, fixturesDir } from './golden/fixtures.js';
import { repoRoot } from './helpers/paths.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const standards = join(repoRoot, 'test/standards/frictionless-2.0');
const load = (name: string) => JSON.parse(readFileSync(join(standards, name), 'utf8'));

function validator(name = 'datapackage.json') {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  // A hint for form editors in the published schemas, not a constraint.
  ajv.addFormat('textarea', true);
  return ajv.compile(load(name));
}

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const dir = join(committedOutput, 'governance-of-china');
const pkg = JSON.parse(readFileSync(join(dir, 'datapackage.json'), 'utf8'));

describe('datapackage.json', () => {
  it('validates against the Frictionless Data Package 2.0 JSON Schema', () => {
    const validate = validator();
    expect(validate(pkg), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it('every resource schema validates against Table Schema 2.0, every CSV dialect against Table Dialect 2.0', () => {
    const tableSchema = validator('tableschema.json');
    const dialect = validator('tabledialect.json');
    for (const r of pkg.resources.filter((r: { type?: string }) => r.type === 'table')) {
      expect(tableSchema(r.schema), `${r.name}: ${JSON.stringify(tableSchema.errors)}`).toBe(true);
      if (r.dialect) expect(dialect(r.dialect), JSON.stringify(dialect.errors)).toBe(true);
    }
    expect(tableSchema({ fields: [{ name: 'x', type: 'list' }] })).toBe(false);
  });

  it('every golden fixture\'s datapackage.json validates too (other profiles, layouts, languages, rejections)', () => {
    const validate = validator();
    const packages = fixtureCases().flatMap((name) =>
      readdirSync(join(fixturesDir, name, 'expected')).map((dataset) => join(fixturesDir, name, 'expected', dataset, 'datapackage.json')),
    );
    expect(packages.length).toBeGreaterThan(5);
    for (const path of packages) {
      const fixture = JSON.parse(readFileSync(path, 'utf8'));
      expect(validate(fixture), `${path}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  it('the validator rejects a broken package (so the check above can fail)', () => {
    const validate = validator();
    expect(validate({ ...pkg, resources: [{ ...pkg.resources[0], path: './documents.jsonl' }] })).toBe(false);
    expect(validate({ ...pkg, licenses: [{ title: 'no name or path' }] })).toBe(false);
  });

  it('lists every table in every format, and every other file but itself, provenance.json and SHA256SUMS, with the right bytes and sha256', () => {
    const tableResources = pkg.resources.filter((r: { type?: string }) => r.type === 'table');
    expect(tableResources.map((r: { path: string }) => r.path).sort()).toEqual(tables.flatMap((t) => FORMATS.map((f) => `${t.name}.${f}`)).sort());
    expect(pkg.resources.map((r: { path: string }) => r.path).sort()).toEqual(
      readdirSync(dir).filter((f) => !['datapackage.json', 'provenance.json', 'SHA256SUMS'].includes(f)).sort(),
    );
    for (const r of pkg.resources) {
      expect(r.bytes).toBe(statSync(join(dir, r.path)).size);
      expect(r.hash).toBe(`sha256:${sha256(join(dir, r.path))}`);
    }
  });

  it('describes every column with a type, and links paragraphs and notes to documents', () => {
    const paragraphs = pkg.resources.find((r: { name: string }) => r.name === 'paragraphs-csv');
    expect(paragraphs.schema.primaryKey).toEqual(['paragraph_id']);
    expect(paragraphs.schema.foreignKeys).toEqual([{ fields: ['doc_id'], reference: { resource: 'documents-csv', fields: ['doc_id'] } }]);
    const names = new Set(pkg.resources.map((r: { name: string }) => r.name));
    for (const r of pkg.resources.filter((r: { type?: string }) => r.type === 'table')) {
      for (const f of r.schema.fields) expect(f.description.length).toBeGreaterThan(10);
      for (const fk of r.schema.foreignKeys ?? []) expect(names.has(fk.reference.resource)).toBe(true);
    }
    const date = paragraphs.schema.fields.find((f: { name: string }) => f.name === 'date');
    expect(date).toMatchObject({ type: 'date', constraints: { required: false } });
  });

  it('does not claim an open licence for an All Rights Reserved source', () => {
    expect(pkg.licenses).toHaveLength(1);
    expect(pkg.licenses[0].name).toBe('other-closed');
    expect(pkg.licenses[0].title).toContain('All Rights Reserved');
    expect(pkg.licenses[0].title).toContain('Not to be republished');
    expect(pkg).not.toHaveProperty('created');
  });

  it('carries a licence that source.json declares open, and the build date from SOURCE_DATE_EPOCH', async () => {
    const { out } = await buildTo(join(fixturesDir, 'normalisation', 'sources'), { sourceDateEpoch: 1700000000 });
    const open = JSON.parse(readFileSync(join(out, 'plain', 'datapackage.json'), 'utf8'));
    expect(open.licenses).toEqual([{ name: 'CC0-1.0', path: 'https://creativecommons.org/publicdomain/zero/1.0/' }]);
    expect(open.created).toBe('2023-11-14T22:13:20Z');
    const validate = validator();
    expect(validate(open), JSON.stringify(validate.errors)).toBe(true);
  });
});
