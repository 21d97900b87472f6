/**
 * The file behind a text format (JSON Lines, CSV): text written as it comes,
 * waiting for the disk when it falls behind. A write error (disk full, a
 * folder in the way) is kept and thrown by the next write or by close, never
 * left as an unhandled 'error' event that would end the process.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { Row, TableWriter } from './writer.js';

export function textFile(path: string, text: (rows: readonly Row[]) => string, header = ''): TableWriter {
  const file = createWriteStream(path);
  let failure: Error | undefined;
  file.on('error', (error) => (failure ??= error));
  const writeText = async (out: string) => {
    if (failure) throw failure;
    if (!file.write(out)) await once(file, 'drain');
    if (failure) throw failure;
  };
  if (header) file.write(header);
  return {
    write: (batch) => writeText(text(batch.rows)),
    writeText,
    async close() {
      file.end();
      await finished(file);
      if (failure) throw failure;
    },
    async abort() {
      file.end();
      await finished(file).catch(() => {});
    },
  };
}
