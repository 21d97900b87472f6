/**
 * CSV (RFC 4180): a header row, every string quoted, integers bare, LF, UTF-8
 * without BOM. A null is an empty unquoted field and an empty string is "",
 * so readers that are told so can tell them apart (see README).
 */
import { stringify } from 'csv-stringify/sync';
import { writeWhole } from './batches.js';
import { textFile } from './text-file.js';
import type { Row, Writer } from './writer.js';

const OPTIONS = { quoted_string: true, record_delimiter: 'unix', eof: true } as const;

export const csv: Writer = {
  format: 'csv',
  extension: 'csv',
  mediatype: 'text/csv',
  text(table) {
    const columns = table.columns.map((c) => c.name);
    return (rows) => stringify(rows as Row[], { columns, header: false, ...OPTIONS });
  },
  // The header row alone: csv-stringify writes it for an empty list of records too.
  open: (path, table) => textFile(path, csv.text!(table), stringify([], { columns: table.columns.map((c) => c.name), header: true, ...OPTIONS })),
  write: (path, table, rows, context) => writeWhole(csv)(path, table, rows, context),
};
