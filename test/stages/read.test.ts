import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SourceFile } from '../../pipeline/file.js';
import { read } from '../../pipeline/stages/read.js';
import { config, sourceFile } from '../helpers/files.js';

describe('read', () => {
  it('keeps the bytes, their size and SHA-256', async () => {
    const file = sourceFile('héllo');
    await read.run(file);
    expect(file.bytes.toString('utf8')).toBe('héllo');
    expect(file.size).toBe(6);
    expect(file.sha256).toBe(createHash('sha256').update('héllo').digest('hex'));
    expect(file.messages).toEqual([]);
  });

  it('rejects an empty file with read/empty-file at 1:1, byte 0', async () => {
    const file = sourceFile('');
    await read.run(file);
    expect(file.messages).toEqual([expect.objectContaining({ rule: 'read/empty-file', level: 'error', stage: 'read', line: 1, column: 1, byte_offset: 0 })]);
  });

  it('reports a file that cannot be read as read/unreadable instead of throwing', async () => {
    const file = new SourceFile('/nonexistent/file.txt', 'sources/test/raw/file.txt', config());
    await read.run(file);
    expect(file.messages).toEqual([expect.objectContaining({ rule: 'read/unreadable', file: 'sources/test/raw/file.txt' })]);
    // The code, never the error's text: that holds this machine's path, and messages are published.
    expect(file.messages[0]!.message).toBe('Cannot read the file (ENOENT)');
  });
});
