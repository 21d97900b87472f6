/**
 * CSV (RFC 4180): a header row, every string quoted, integers bare, LF, UTF-8
 * without BOM. A null is an empty unquoted field and an empty string is "",
 * so readers that are told so can tell them apart (see README).
 */
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import type { Writer } from './writer.js';

export const csv: Writer = {
  format: 'csv',
  extension: 'csv',
  mediatype: 'text/csv',
  async write(path, table, rows) {
    const stringifier = stringify({
      columns: table.columns.map((c) => c.name),
      header: true,
      quoted_string: true,
      record_delimiter: 'unix',
      eof: true,
    });
    await pipeline(Readable.from(rows), stringifier, createWriteStream(path));
  },
};
