/** JSON Lines: one object per row, keys in schema order, LF after every row, UTF-8. */
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { batches, type Writer } from './writer.js';

export const jsonl: Writer = {
  format: 'jsonl',
  extension: 'jsonl',
  mediatype: 'application/jsonl',
  async write(path, table, rows) {
    const names = table.columns.map((c) => c.name);
    function* chunks() {
      for (const batch of batches(rows, 1024)) {
        let out = '';
        for (const row of batch) {
          const ordered: Record<string, unknown> = {};
          for (const name of names) ordered[name] = row[name];
          out += `${JSON.stringify(ordered)}\n`;
        }
        yield out;
      }
    }
    await pipeline(Readable.from(chunks()), createWriteStream(path));
  },
};
