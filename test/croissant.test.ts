/** croissant.json: the Croissant 1.1 context, the required properties, and a structure that matches the files beside it. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import jsonld from 'jsonld';
import { describe, expect, it } from 'vitest';
import { tables } from '../schemas/tables.js';
import { buildTo, committedOutput, tempDir } from './helpers/build.js';
import { croissantProblems } from './helpers/croissant.js';
import { repoRoot } from './helpers/paths.js';
import { fixtureCases, fixturesDir } from './golden/fixtures.js';
import { cpSync, readdirSync } from 'node:fs';

const dir = join(committedOutput, 'governance-of-china');
const doc = JSON.parse(readFileSync(join(dir, 'croissant.json'), 'utf8'));
const reference = JSON.parse(readFileSync(join(repoRoot, 'test/standards/croissant-1.1/1.1__recipes__minimal_multilingual.json'), 'utf8'));

describe('croissant.json', () => {
  it("keeps every key and value of the Croissant 1.1 reference example's @context", () => {
    for (const [key, value] of Object.entries(reference['@context'])) expect(doc['@context'][key], key).toEqual(value);
    expect(doc['@type']).toBe('sc:Dataset');
    expect(doc.conformsTo).toBe('http://mlcommons.org/croissant/1.1');
  });

  it('states name, description, licence, url, creator, datePublished, version and citeAs', () => {
    expect(doc).toMatchObject({ name: 'governance-of-china', version: '1.0.0', url: 'http://www.npc.gov.cn/englishnpc/', inLanguage: 'en' });
    expect(doc.description).toContain('Governance of China');
    expect(doc.creator).toEqual([{ '@type': 'sc:Organization', name: 'speech-datasets contributors' }]);
    // No SOURCE_DATE_EPOCH for the committed build: the latest date the source states (its "Updated:" line).
    const documents = readFileSync(join(dir, 'documents.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(doc.datePublished).toBe(documents.map((d) => d.source_updated).sort().at(-1));
    expect(doc.citeAs).toMatch(/^@misc\{governance-of-china-1\.0\.0,\n/);
    expect(doc.citeAs).toMatch(/\n {2}year +=  ?\{2021\},\n/);
    // No page of its own yet (no url in source.json): the citation does not point at the rights holder's site.
    expect(doc.citeAs).not.toContain('howpublished');
  });

  it('claims no open licence for an All Rights Reserved source', () => {
    expect(doc.license).toMatch(/^Not an open licence\./);
    expect(doc.license).toContain('All Rights Reserved');
    expect(doc.copyrightHolder.name).toBe("The National People's Congress of the People's Republic of China");
  });

  it('lists every table file with its media type, and has a record set per table over the Parquet columns', () => {
    const formats = { parquet: 'application/x-parquet', jsonl: 'application/jsonlines', csv: 'text/csv', arrow: 'application/vnd.apache.arrow.file' };
    expect(doc.distribution.map((f: { contentUrl: string; encodingFormat: string }) => [f.contentUrl, f.encodingFormat]).sort()).toEqual(
      tables.flatMap((t) => Object.entries(formats).map(([ext, type]) => [`${t.name}.${ext}`, type])).sort(),
    );
    expect(doc.recordSet.map((r: { '@id': string }) => r['@id'])).toEqual(tables.map((t) => t.name));
    for (const table of tables) {
      const rs = doc.recordSet.find((r: { '@id': string }) => r['@id'] === table.name);
      expect(rs.field.map((f: { name: string }) => f.name)).toEqual(table.columns.map((c) => c.name));
      expect(rs.key).toEqual({ '@id': `${table.name}/${table.primaryKey}` });
    }
    const docId = doc.recordSet[1].field.find((f: { name: string }) => f.name === 'doc_id');
    expect(docId.references).toEqual({ field: { '@id': 'documents/doc_id' } });
  });

  it('matches the files: sizes, sha256, Parquet columns and types, and every @id reference resolves', async () => {
    expect(await croissantProblems(doc, dir)).toEqual([]);
  });

  it('every golden fixture\'s croissant.json matches its files too', async () => {
    const datasets = fixtureCases().flatMap((name) => readdirSync(join(fixturesDir, name, 'expected')).map((d) => join(fixturesDir, name, 'expected', d)));
    expect(datasets.length).toBeGreaterThan(5);
    for (const d of datasets) {
      const fixture = JSON.parse(readFileSync(join(d, 'croissant.json'), 'utf8'));
      expect(await croissantProblems(fixture, d), d).toEqual([]);
    }
  });

  it('the structural check finds a wrong hash, a missing column and a dangling reference (so it can fail)', async () => {
    const broken = structuredClone(doc);
    broken.distribution[0].sha256 = '0'.repeat(64);
    broken.recordSet[1].field[2].source.extract.column = 'no_such_column';
    broken.recordSet[1].field[1].references.field['@id'] = 'documents/nothing';
    broken.recordSet[0].field[4].dataType = 'sc:Text';
    const problems = await croissantProblems(broken, dir);
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toMatch(/sha256 0{64} does not match/);
    expect(problems.join('\n')).toMatch(/column no_such_column is not in paragraphs\.parquet/);
    expect(problems.join('\n')).toMatch(/undefined @id documents\/nothing/);
    expect(problems.join('\n')).toMatch(/documents\/volume: dataType sc:Text but the Parquet column is INT32/);
  });

  it('is valid JSON-LD that expands to the Croissant and schema.org terms', async () => {
    const expanded = (await jsonld.expand(doc)) as Record<string, unknown>[];
    expect(expanded).toHaveLength(1);
    const dataset = expanded[0]!;
    expect(dataset['@type']).toEqual(['https://schema.org/Dataset']);
    expect(dataset).toHaveProperty(['http://purl.org/dc/terms/conformsTo']);
    expect(dataset).toHaveProperty(['http://mlcommons.org/croissant/recordSet']);
    expect(dataset).toHaveProperty(['http://mlcommons.org/croissant/citeAs']);
    const files = dataset['https://schema.org/distribution'] as Record<string, unknown>[];
    expect(files[0]).toHaveProperty(['https://schema.org/sha256']);
    expect(files[0]!['@type']).toEqual(['http://mlcommons.org/croissant/FileObject']);
  });

  it('without Parquet, lists only the files written and reads the fields from CSV', async () => {
    const { out } = await buildTo(join(fixturesDir, 'normalisation', 'sources'), { formats: ['jsonl', 'csv'] });
    const doc = JSON.parse(readFileSync(join(out, 'plain', 'croissant.json'), 'utf8'));
    expect(new Set(doc.distribution.map((f: { encodingFormat: string }) => f.encodingFormat))).toEqual(new Set(['application/jsonlines', 'text/csv']));
    expect(doc.recordSet[1].field[0].source.fileObject).toEqual({ '@id': 'paragraphs.csv' });
    expect(await croissantProblems(doc, join(out, 'plain'))).toEqual([]);
  });

  it('carries an open licence from source.json as its URL, and the date of SOURCE_DATE_EPOCH', async () => {
    const sources = tempDir();
    cpSync(join(fixturesDir, 'normalisation', 'sources'), sources, { recursive: true });
    const { out } = await buildTo(sources, { sourceDateEpoch: 1700000000 });
    const open = JSON.parse(readFileSync(join(out, 'plain', 'croissant.json'), 'utf8'));
    expect(open.license).toBe('https://creativecommons.org/publicdomain/zero/1.0/');
    expect(open.datePublished).toBe('2023-11-14');
    expect(await croissantProblems(open, join(out, 'plain'))).toEqual([]);
  });
});
