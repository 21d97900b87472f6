/** read: the raw bytes of a file, their SHA-256 and size; a file over the size limit is never read. */
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import type { FileStage } from '../stage.js';
import type { SourceFile } from '../file.js';

/** A size as people read it: bytes exactly, then in the largest binary unit that is at least 1. */
export function sizeText(bytes: number): string {
  const units = ['KiB', 'MiB', 'GiB'];
  let value = bytes;
  let unit = '';
  for (const u of units) {
    if (value < 1024) break;
    value /= 1024;
    unit = u;
  }
  return unit ? `${bytes} bytes (${Number(value.toFixed(1))} ${unit})` : `${bytes} bytes`;
}

/** The bytes of the file, or null when it is larger than its limit (its size is then in file.size). */
async function readBounded(file: SourceFile): Promise<Buffer | null> {
  const handle = await open(file.path, 'r');
  try {
    const { size } = await handle.stat();
    if (size > file.maxBytes) {
      file.size = size;
      return null;
    }
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

export const read: FileStage = {
  name: 'read',
  scope: 'file',
  async run(file) {
    let bytes: Buffer | null;
    try {
      bytes = file.preloaded ? Buffer.from(file.preloaded.buffer, file.preloaded.byteOffset, file.preloaded.byteLength) : await readBounded(file);
      file.preloaded = null;
    } catch (error) {
      // The error's code, not its message: the message holds this machine's absolute path, and messages are published.
      const code = (error as NodeJS.ErrnoException).code;
      file.message('read/unreadable', 'read', `Cannot read the file${code ? ` (${code})` : ''}`);
      return;
    }
    if (bytes === null || bytes.length > file.maxBytes) {
      const size = bytes?.length ?? file.size;
      file.message('read/too-large', 'read', `The file is ${sizeText(size)}, larger than the limit of ${sizeText(file.maxBytes)} (--max-file-size); it was not read`);
      return;
    }
    file.bytes = bytes;
    file.size = file.bytes.length;
    file.sha256 = createHash('sha256').update(file.bytes).digest('hex');
    if (file.bytes.length === 0) {
      file.message('read/empty-file', 'read', 'The file is empty (0 bytes)', { line: 1, column: 1, byte_offset: 0 });
    }
  },
};
