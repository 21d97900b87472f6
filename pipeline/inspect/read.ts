/** One table file of any format the pipeline writes, read for `inspect`; and the shared path helpers. */
import { shownPath } from '../sources.js';
import type { Format } from '../writers/writer.js';
import { readArrow, readParquet } from './columnar.js';
import { InspectError, type InspectedColumn, type InspectedFile, type SampleRow } from './report.js';
import { readCsv, readJsonl } from './text.js';

export interface TableRead {
  rows: number;
  types_from: InspectedFile['types_from'];
  columns: InspectedColumn[];
  file_metadata: unknown;
  sample: SampleRow[];
}

/** The format of a file by its extension (the one the writers give it), or null. */
export function formatOf(path: string): Format | null {
  const ext = /\.([^./\\]+)$/.exec(path)?.[1]?.toLowerCase();
  return ext === 'parquet' || ext === 'jsonl' || ext === 'csv' || ext === 'arrow' ? ext : null;
}

export { shownPath };

/**
 * `described`: the columns datapackage.json gives the file, which type a text
 * format's values; Arrow and Parquet files declare their own.
 */
export async function readTable(path: string, format: Format, sample: number, described: InspectedColumn[] | null): Promise<TableRead> {
  try {
    switch (format) {
      case 'jsonl':
        return await readJsonl(path, sample, described);
      case 'csv':
        return await readCsv(path, sample, described);
      case 'arrow':
        return await readArrow(path, sample);
      case 'parquet':
        return await readParquet(path, sample);
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code ? `it cannot be opened (${code})` : String((error as Error)?.message ?? error);
    throw new InspectError('inspect/unreadable', shownPath(path), `${shownPath(path)} cannot be read as ${format}: ${why}`);
  }
}
