/** JSON Lines: one object per row, keys in schema order, LF after every row, UTF-8. */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { writeWhole } from './batches.js';
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
  open(path, table) {
    const text = jsonl.text!(table);
    const file = createWriteStream(path);
    const writeText = async (out: string) => {
      if (!file.write(out)) await once(file, 'drain');
    };
    return {
      write: (batch) => writeText(text(batch.rows)),
      writeText,
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
  write: (path, table, rows, context) => writeWhole(jsonl)(path, table, rows, context),
};
