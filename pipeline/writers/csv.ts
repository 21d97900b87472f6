/**
 * CSV (RFC 4180): a header row, every string quoted, integers bare, LF, UTF-8
 * without BOM. A null is an empty unquoted field and an empty string is "",
 * so readers that are told so can tell them apart (see README).
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { stringify } from 'csv-stringify/sync';
import { writeWhole } from './batches.js';
import type { Writer } from './writer.js';

export const csv: Writer = {
  format: 'csv',
  extension: 'csv',
  mediatype: 'text/csv',
  open(path, table) {
    const columns = table.columns.map((c) => c.name);
    const file = createWriteStream(path);
    let header = true;
    return {
      async write(batch) {
        const out = stringify(batch.rows, { columns, header, quoted_string: true, record_delimiter: 'unix', eof: true });
        header = false;
        if (!file.write(out)) await once(file, 'drain');
      },
      async close() {
        file.end();
        await finished(file);
      },
      async abort() {
        file.end();
        await finished(file).catch(() => {});
      },
    };
  },
  write: (path, table, rows, context) => writeWhole(csv)(path, table, rows, context),
};
