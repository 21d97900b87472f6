/** datapackage.json (Frictionless Data Package v2): every table in every format, typed, described, hashed, and licensed truthfully. */
import { csvCellsNote } from '../writers/csv.js';
import type { SourceConfig } from '../../schemas/source.js';
import { tables } from '../../schemas/tables.js';
import { writers } from '../writers/index.js';
import { CARD_FILE, CHART_FILE, CITATION_FILE, CROISSANT_FILE, REJECTED_FILE, type WrittenFile } from './files.js';
import { frictionlessLicenses } from './rights.js';
import { tableSchema } from './table-schema.js';

export const DATAPACKAGE_PROFILE = 'https://datapackage.org/profiles/2.0/datapackage.json';

export const resourceName = (table: string, format: string) => `${table}-${format}`;

/** The files beside the tables, listed as plain (non-table) resources. */
const OTHER_FILES: Record<string, { name: string; title: string; description: string; mediatype: string; text: boolean }> = {
  [REJECTED_FILE]: { name: 'rejected', title: 'Rejected inputs', description: 'One JSON object per error that kept a raw file out of the tables: file, stage, rule id, message, hint and place.', mediatype: 'application/jsonl', text: true },
  [CARD_FILE]: { name: 'dataset-card', title: 'Dataset card', description: 'What the data is, its rights, columns, statistics, how to load and cite it.', mediatype: 'text/markdown', text: true },
  [CHART_FILE]: { name: 'paragraph-lengths-chart', title: 'Paragraph lengths', description: 'Histogram of paragraph lengths in words, shown in the card.', mediatype: 'image/svg+xml', text: true },
  [CITATION_FILE]: { name: 'citation', title: 'Citation', description: 'How to cite the dataset (Citation File Format 1.2.0).', mediatype: 'application/yaml', text: true },
  [CROISSANT_FILE]: { name: 'croissant', title: 'Croissant metadata', description: 'The same dataset described in Croissant 1.1 (JSON-LD).', mediatype: 'application/ld+json', text: true },
};

export function datapackage(config: SourceConfig, written: readonly WrittenFile[], created: string | null, csvExcelSafe = false) {
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
        description: writer.format === 'csv' ? `${table.description} ${csvCellsNote(csvExcelSafe)}` : table.description,
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
  for (const file of written) {
    const about = OTHER_FILES[file.path];
    if (!about) continue;
    resources.push({ name: about.name, path: file.path, title: about.title, description: about.description, mediatype: about.mediatype, ...(about.text ? { encoding: 'utf-8' } : {}), bytes: file.bytes, hash: `sha256:${file.sha256}` });
  }
  return {
    $schema: DATAPACKAGE_PROFILE,
    name: config.name,
    title: config.title,
    description: config.description,
    version: config.version,
    ...(created ? { created } : {}),
    licenses: frictionlessLicenses(config),
    sources: [{ title: config.origin.publisher, path: config.origin.url }],
    contributors: [{ title: config.rights.holder, roles: ['rightsHolder'] }],
    keywords: config.keywords,
    resources,
  };
}
