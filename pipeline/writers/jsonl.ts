/** JSON Lines: one object per row, keys in schema order, LF after every row, UTF-8. */
import { writeWhole } from './batches.js';
import { textFile } from './text-file.js';
import type { Writer } from './writer.js';

export const jsonl: Writer = {
  format: 'jsonl',
  extension: 'jsonl',
  mediatype: 'application/jsonl',
  text(table) {
    const names = table.columns.map((c) => c.name);
    return (rows) => {
      let out = '';
      for (const row of rows) {
        const ordered: Record<string, unknown> = {};
        for (const name of names) ordered[name] = row[name];
        out += `${JSON.stringify(ordered)}\n`;
      }
      return out;
    };
  },
  open: (path, table) => textFile(path, jsonl.text!(table)),
  write: (path, table, rows, context) => writeWhole(jsonl)(path, table, rows, context),
};
