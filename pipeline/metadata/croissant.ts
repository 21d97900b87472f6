/**
 * croissant.json (Croissant 1.1, JSON-LD): the dataset, one FileObject per
 * table file with its sha256, and one RecordSet per table whose fields read
 * the Parquet columns (CSV or JSON Lines when no Parquet was written), with the primary key
 * and the links to documents.
 */
import { csvCellsNote } from '../writers/csv.js';
import type { ColumnKind } from '../../schemas/columns.js';
import type { SourceConfig } from '../../schemas/source.js';
import { tables } from '../../schemas/tables.js';
import { citeAs } from './citation.js';
import type { WrittenFile } from './files.js';
import { licenseUrl, rightsSentence } from './rights.js';
import { datasetLanguages, type DatasetSummary } from './summary.js';

/** The `@context` of the Croissant 1.1 reference example (recipes/minimal_multilingual.json), every key and value kept. */
export const CROISSANT_CONTEXT = {
  '@language': 'en',
  '@vocab': 'https://schema.org/',
  arrayShape: 'cr:arrayShape',
  citeAs: 'cr:citeAs',
  column: 'cr:column',
  conformsTo: 'dct:conformsTo',
  containedIn: 'cr:containedIn',
  cr: 'http://mlcommons.org/croissant/',
  rai: 'http://mlcommons.org/croissant/RAI/',
  data: { '@id': 'cr:data', '@type': '@json' },
  dataType: { '@id': 'cr:dataType', '@type': '@vocab' },
  description: { '@container': '@language' },
  dct: 'http://purl.org/dc/terms/',
  examples: { '@id': 'cr:examples', '@type': '@json' },
  extract: 'cr:extract',
  field: 'cr:field',
  fileProperty: 'cr:fileProperty',
  fileObject: 'cr:fileObject',
  fileSet: 'cr:fileSet',
  format: 'cr:format',
  includes: 'cr:includes',
  isArray: 'cr:isArray',
  isLiveDataset: 'cr:isLiveDataset',
  jsonPath: 'cr:jsonPath',
  key: 'cr:key',
  md5: 'cr:md5',
  name: { '@container': '@language' },
  parentField: 'cr:parentField',
  path: 'cr:path',
  recordSet: 'cr:recordSet',
  references: 'cr:references',
  regex: 'cr:regex',
  repeated: 'cr:repeated',
  replace: 'cr:replace',
  samplingRate: 'cr:samplingRate',
  sc: 'https://schema.org/',
  separator: 'cr:separator',
  source: 'cr:source',
  subField: 'cr:subField',
  transform: 'cr:transform',
};

export const CROISSANT_CONFORMS_TO = 'http://mlcommons.org/croissant/1.1';

/** The media types mlcroissant recognises; Arrow has no Croissant reader, so it keeps its IANA type. */
export const CROISSANT_FORMATS: Record<string, string> = {
  parquet: 'application/x-parquet',
  jsonl: 'application/jsonlines',
  csv: 'text/csv',
  arrow: 'application/vnd.apache.arrow.file',
};

const DATA_TYPES: Record<ColumnKind, string> = { string: 'sc:Text', json: 'sc:Text', int32: 'sc:Integer', date: 'sc:Date' };

export function croissant(config: SourceConfig, summary: DatasetSummary, written: readonly WrittenFile[], csvExcelSafe = false) {
  const languages = datasetLanguages(config.language, summary);
  const distribution = written
    .filter((f) => f.table !== undefined && f.format !== undefined)
    .map((f) => ({
      '@type': 'cr:FileObject',
      '@id': f.path,
      name: f.path,
      description: `${tables.find((t) => t.name === f.table)!.title} table as ${f.format === 'jsonl' ? 'JSON Lines' : f.format === 'csv' ? 'CSV' : f.format === 'arrow' ? 'Arrow IPC file' : 'Parquet'}, ${f.rows} rows.${f.format === 'csv' ? ` ${csvCellsNote(csvExcelSafe)}` : ''}`,
      contentUrl: f.path,
      contentSize: `${f.bytes} B`,
      encodingFormat: CROISSANT_FORMATS[f.format!]!,
      sha256: f.sha256,
    }));
  // Fields read the Parquet file; a build without Parquet falls back to CSV, then JSON Lines, which Croissant also reads by column.
  const sourceOf = (table: string) =>
    (['parquet', 'csv', 'jsonl'] as const).map((format) => written.find((f) => f.table === table && f.format === format)).find(Boolean)?.path;

  const recordSet = tables
    .filter((t) => sourceOf(t.name) !== undefined)
    .map((table) => ({
      '@type': 'cr:RecordSet',
      '@id': table.name,
      name: table.name,
      description: table.description,
      key: { '@id': `${table.name}/${table.primaryKey}` },
      field: table.columns.map((c) => {
        const fk = table.foreignKeys.find((k) => k.field === c.name);
        return {
          '@type': 'cr:Field',
          '@id': `${table.name}/${c.name}`,
          name: c.name,
          description: c.meta.description,
          dataType: DATA_TYPES[c.meta.kind],
          source: { fileObject: { '@id': sourceOf(table.name)! }, extract: { column: c.name } },
          ...(fk ? { references: { field: { '@id': `${fk.table}/${fk.field_in_table}` } } } : {}),
        };
      }),
    }));

  return {
    '@context': CROISSANT_CONTEXT,
    '@type': 'sc:Dataset',
    conformsTo: CROISSANT_CONFORMS_TO,
    name: config.name,
    alternateName: config.title,
    description: `${config.description} Rights: ${rightsSentence(config)}`,
    license: licenseUrl(config) ?? rightsSentence(config),
    url: config.url ?? config.origin.url,
    creator: config.creators.map((c) => ({ '@type': 'sc:Organization', name: c.name, ...(c.url ? { url: c.url } : {}) })),
    copyrightHolder: { '@type': 'sc:Organization', name: config.rights.holder },
    isBasedOn: { '@type': 'sc:CreativeWork', name: config.origin.publisher, url: config.origin.url },
    ...(summary.datePublished ? { datePublished: summary.datePublished } : {}),
    version: config.version,
    inLanguage: languages.length > 1 ? languages : config.language,
    keywords: config.keywords,
    citeAs: citeAs(config, summary),
    isLiveDataset: false,
    distribution,
    recordSet,
  };
}
