/** datapackage.json (Frictionless Data Package v2): every table in every format, typed, described, hashed, and licensed truthfully. */
import type { SourceConfig } from '../../schemas/source.js';
import { tables } from '../../schemas/tables.js';
import { writers } from '../writers/index.js';
import type { WrittenFile } from './files.js';
import { tableSchema } from './table-schema.js';

export const DATAPACKAGE_PROFILE = 'https://datapackage.org/profiles/2.0/datapackage.json';

export const resourceName = (table: string, format: string) => `${table}-${format}`;

/** What the rights holder allows, without claiming an open licence that the source does not grant. */
export function licenses(config: SourceConfig) {
  if (config.rights.open && config.rights.license) return [config.rights.license];
  // "other-closed" is the Open Definition id for "not an open licence"; there is no licence text to point at.
  return [{ name: 'other-closed', title: `Not an open licence. ${config.rights.statement}` }];
}

export function datapackage(config: SourceConfig, written: readonly WrittenFile[], created: string | null) {
  const resources = [];
  for (const table of tables) {
    for (const writer of writers) {
      const file = written.find((f) => f.table === table.name && f.format === writer.format);
      if (!file) continue;
      const text = writer.format === 'jsonl' || writer.format === 'csv';
      resources.push({
        name: resourceName(table.name, writer.format),
        type: 'table',
        path: file.path,
        title: `${table.title} (${writer.format})`,
        description: table.description,
        format: writer.extension,
        mediatype: writer.mediatype,
        ...(text ? { encoding: 'utf-8' } : {}),
        bytes: file.bytes,
        hash: `sha256:${file.sha256}`,
        ...(writer.format === 'csv'
          ? { dialect: { header: true, delimiter: ',', lineTerminator: '\n', quoteChar: '"', doubleQuote: true } }
          : {}),
        schema: tableSchema(table, (t) => resourceName(t, writer.format), writer.format === 'csv' ? [''] : undefined),
      });
    }
  }
  return {
    $schema: DATAPACKAGE_PROFILE,
    name: config.name,
    title: config.title,
    description: config.description,
    version: config.version,
    ...(created ? { created } : {}),
    licenses: licenses(config),
    sources: [{ title: config.origin.publisher, path: config.origin.url }],
    contributors: [{ title: config.rights.holder, roles: ['rightsHolder'] }],
    keywords: ['speeches', 'paragraphs', 'text corpus'],
    resources,
  };
}
