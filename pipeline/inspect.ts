/**
 * `inspect <dataset|file>`: a summary of a published dataset folder (rights,
 * build, tables with their columns and first rows, files, checksums) or of
 * one table file, as data (InspectReport) and as text (renderInspect).
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { parseSums, SUMS_FILE } from './checksums.js';
import { describedColumns, inspectDataset, readJson, rightsOf } from './inspect/dataset.js';
import { describeFile } from './metadata/files.js';
import { formatOf, readTable, shownPath } from './inspect/read.js';
import { InspectError, type InspectReport, type InspectedFile } from './inspect/report.js';

export { InspectError } from './inspect/report.js';
export type { InspectReport, InspectedColumn, InspectedDataset, InspectedFile, InspectedTable, SampleRow } from './inspect/report.js';
export { plainStyle, renderInspect, type Style } from './inspect/render.js';

export interface InspectOptions {
  /** Rows shown per table. Default: 3. */
  sample?: number;
}

const TAKES = 'give a dataset folder (e.g. output/governance-of-china) or one of its .parquet, .jsonl, .csv or .arrow files';

/** The file against its line of SHA256SUMS. */
async function checksumOf(dir: string, name: string): Promise<'ok' | 'mismatch' | 'unlisted' | null> {
  const text = await readFile(join(dir, SUMS_FILE), 'utf8').catch(() => null);
  if (text === null) return null;
  const entry = parseSums(text).entries.find((e) => e.path === name);
  if (!entry) return 'unlisted';
  return (await describeFile(dir, name)).sha256 === entry.sha256 ? 'ok' : 'mismatch';
}

export async function inspect(path: string, options: InspectOptions = {}): Promise<InspectReport> {
  const sample = options.sample ?? 3;
  if (!Number.isSafeInteger(sample) || sample < 0) throw new TypeError(`Expected \`sample\` to be an integer from 0 and up, got ${String(sample)}`);
  const shown = shownPath(path);
  const format = formatOf(path);
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' || code === 'ENOTDIR' ? 'does not exist' : `cannot be opened (${code})`;
    throw new InspectError(format ? 'inspect/unreadable' : 'verify/not-a-dataset', shown, `${shown} ${why}: ${TAKES}`);
  }
  if (info.isDirectory()) return inspectDataset(path, sample);
  if (!info.isFile() || !format) throw new InspectError('inspect/unreadable', shown, `${shown} is not a table file the pipeline writes: ${TAKES}`);
  // A text format is typed by the datapackage.json of the dataset it belongs to, when it does.
  const described = format === 'jsonl' || format === 'csv' ? describedColumns(await readJson(join(dirname(path), 'datapackage.json'), []), basename(path)) : null;
  const read = await readTable(path, format, sample, described);
  const dir = dirname(path);
  const datapackage = await readJson(join(dir, 'datapackage.json'), []);
  const report: InspectedFile = {
    kind: 'file',
    path: shown,
    format,
    bytes: info.size,
    rows: read.rows,
    types_from: read.types_from,
    columns: read.columns,
    file_metadata: read.file_metadata,
    sample: read.sample,
    dataset: datapackage
      ? {
          name: typeof datapackage.name === 'string' ? datapackage.name : basename(dir),
          rights: rightsOf(datapackage, await readJson(join(dir, 'provenance.json'), []), await readJson(join(dir, 'croissant.json'), [])),
          checksum: await checksumOf(dir, basename(path)),
        }
      : null,
  };
  return report;
}
