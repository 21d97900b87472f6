/** read: the raw bytes of a file, their SHA-256 and size. */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { FileStage } from '../stage.js';

export const read: FileStage = {
  name: 'read',
  scope: 'file',
  async run(file) {
    try {
      file.bytes = file.preloaded ? Buffer.from(file.preloaded.buffer, file.preloaded.byteOffset, file.preloaded.byteLength) : await readFile(file.path);
      file.preloaded = null;
    } catch (error) {
      // The error's code, not its message: the message holds this machine's absolute path, and messages are published.
      const code = (error as NodeJS.ErrnoException).code;
      file.message('read/unreadable', 'read', `Cannot read the file${code ? ` (${code})` : ''}`);
      return;
    }
    file.size = file.bytes.length;
    file.sha256 = createHash('sha256').update(file.bytes).digest('hex');
    if (file.bytes.length === 0) {
      file.message('read/empty-file', 'read', 'The file is empty (0 bytes)', { line: 1, column: 1, byte_offset: 0 });
    }
  },
};
