import { describe, expect, it } from 'vitest';
import { decode } from '../../pipeline/stages/decode.js';
import { read } from '../../pipeline/stages/read.js';
import { sourceFile } from '../helpers/files.js';
import { canonicalEncoding } from '../../pipeline/text/encoding.js';

async function decoded(content: string | Uint8Array, encoding = 'auto') {
  const file = sourceFile(content, { encoding });
  await read.run(file);
  await decode.run(file);
  return file;
}

const utf16 = (s: string, order: 'le' | 'be') => {
  const b = Buffer.from(s, 'utf16le');
  if (order === 'be') for (let i = 0; i < b.length; i += 2) [b[i], b[i + 1]] = [b[i + 1]!, b[i]!];
  return Buffer.concat([Buffer.from(order === 'le' ? [0xff, 0xfe] : [0xfe, 0xff]), b]);
};

describe('decode', () => {
  it('reads UTF-8 without a BOM', async () => {
    const file = await decoded('a\nb');
    expect(file.text).toBe('a\nb');
    expect(file.decoded).toMatchObject({ encoding: 'utf-8', bom: false });
  });

  it('drops a UTF-8 BOM and counts its three bytes in offsets', async () => {
    const file = await decoded(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('ab\ncd')]));
    expect(file.text).toBe('ab\ncd');
    expect(file.decoded!.bom).toBe(true);
    expect(file.byteOffset(0)).toBe(3);
    expect(file.byteOffset(3)).toBe(6);
  });

  it('turns CRLF and lone CR into LF and keeps byte offsets and line numbers of the raw file', async () => {
    const file = await decoded('a\r\nbé\rc\nd');
    expect(file.text).toBe('a\nbé\nc\nd');
    // "c" is after "a\r\n" (3) + "bé\r" (4) bytes.
    expect(file.byteOffset(file.text.indexOf('c'))).toBe(7);
    expect(file.place(file.text.indexOf('d'))).toEqual({ line: 4, column: 1, byte_offset: 9 });
  });

  it('counts columns in code points, not UTF-16 units', async () => {
    const file = await decoded('😀x');
    expect(file.place(2)).toEqual({ line: 1, column: 2, byte_offset: 4 });
  });

  it('reads UTF-16 LE and BE with a BOM; offsets are two bytes per unit', async () => {
    for (const order of ['le', 'be'] as const) {
      const file = await decoded(utf16('Zhōngwén 中文\r\nnext', order));
      expect(file.text).toBe('Zhōngwén 中文\nnext');
      expect(file.decoded!.encoding).toBe(`utf-16${order}`);
      expect(file.byteOffset(file.text.indexOf('next'))).toBe(2 + 2 * 'Zhōngwén 中文\r\n'.length);
    }
  });

  it('rejects invalid UTF-8 with the offset, line and column of the first bad byte', async () => {
    const bytes = Buffer.concat([Buffer.from('line one\nab'), Buffer.from([0xc3, 0x28]), Buffer.from('rest')]);
    const file = await decoded(bytes);
    expect(file.messages).toEqual([expect.objectContaining({ rule: 'decode/invalid-utf8', line: 2, column: 3, byte_offset: 11 })]);
    expect(file.messages[0]!.message).toBe('Byte 0xC3 at offset 11 is not valid UTF-8 and the file has no byte order mark');
  });

  it('rejects overlong forms, surrogates and truncated sequences', async () => {
    for (const bad of [[0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xf4, 0x90, 0x80, 0x80], [0xff]]) {
      const file = await decoded(Buffer.concat([Buffer.from('ok '), Buffer.from(bad)]));
      expect(file.messages.map((m) => [m.rule, m.byte_offset])).toEqual([['decode/invalid-utf8', 3]]);
    }
  });

  it('rejects UTF-16 with an odd number of bytes or an unpaired surrogate, at the offending byte', async () => {
    const odd = await decoded(Buffer.from([0xff, 0xfe, 0x41, 0x00, 0x42]));
    expect(odd.messages).toEqual([expect.objectContaining({ rule: 'decode/invalid-utf16', byte_offset: 4, line: 1, column: 2 })]);
    const lone = await decoded(Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from([0x00, 0x41, 0x00, 0x0a, 0x00, 0x42, 0xd8, 0x00, 0x00, 0x43])]));
    expect(lone.messages).toEqual([expect.objectContaining({ rule: 'decode/invalid-utf16', byte_offset: 8, line: 2, column: 2 })]);
    expect(lone.messages[0]!.message).toBe('The file is read as UTF-16BE but has an unpaired surrogate at offset 8');
  });

  it('says so when a file with a UTF-8 byte order mark is not UTF-8', async () => {
    const file = await decoded(Buffer.from([0xef, 0xbb, 0xbf, 0x41, 0xff]));
    expect(file.messages[0]!.message).toBe('Byte 0xFF at offset 4 is not valid UTF-8 though the file starts with a UTF-8 byte order mark');
  });

  it('reads UTF-32 by its byte order mark (not as UTF-16)', async () => {
    const file = await decoded(Buffer.from([0xff, 0xfe, 0x00, 0x00, 0x41, 0, 0, 0, 0x0a, 0, 0, 0, 0x00, 0xf6, 0x01, 0x00]));
    expect(file.text).toBe('A\n😀');
    expect(file.decoded!.encoding).toBe('utf-32le');
    expect(file.byteOffset(2)).toBe(12);
  });

  it('reads UTF-16 without a BOM when source.json declares it, whatever the spelling', async () => {
    for (const label of ['utf-16', 'UTF-16LE', 'ucs2', 'utf16']) {
      const file = await decoded(Buffer.from('hello one\r\n\r\nsecond', 'utf16le'), canonicalEncoding(label)!);
      expect(file.messages).toEqual([]);
      expect(file.decoded!.encoding).toBe('utf-16le');
      expect(file.byteOffset(file.text.indexOf('second'))).toBe(26);
    }
  });

  it('rejects text with NUL characters: UTF-16 without a BOM read as UTF-8, or binary', async () => {
    const file = await decoded(Buffer.from('Hi\nthere', 'utf16le'));
    expect(file.messages).toEqual([expect.objectContaining({ rule: 'decode/nul-byte', line: 1, column: 2, byte_offset: 1 })]);
  });

  it('decodes a declared Windows-1252 file (curly quotes, not C1 controls)', async () => {
    const file = await decoded(Buffer.from([0x93, 0x41, 0x94, 0x20, 0x97, 0x0d, 0x0a, 0xe9]), 'windows-1252');
    expect(file.text).toBe('“A” —\né');
    expect(file.byteOffset(file.text.indexOf('é'))).toBe(7);
  });

  it('rejects bytes a declared encoding does not define', async () => {
    const file = await decoded(Buffer.from([0x41, 0x0a, 0x42, 0x81]), 'windows-1252');
    expect(file.messages).toEqual([expect.objectContaining({ rule: 'decode/invalid-encoding', line: 2, column: 2, byte_offset: 3 })]);
    expect(file.messages[0]!.message).toBe('Byte 0x81 at offset 3 is not valid windows-1252');
  });

  it('keeps offsets right in a multi-byte legacy encoding (GB18030)', async () => {
    const file = await decoded(Buffer.from([0xd6, 0xd0, 0xce, 0xc4, 0x0a, 0x41]), 'gb18030');
    expect(file.text).toBe('中文\nA');
    expect(file.byteOffset(file.text.indexOf('A'))).toBe(5);
  });
});

describe('encoding names in source.json', () => {
  it('are made canonical; UTF labels take the native decoders, others are read literally', () => {
    expect(['utf-16', 'UTF-16LE', 'ucs2', 'utf16', 'UTF8', 'utf-16be'].map(canonicalEncoding)).toEqual(['utf-16le', 'utf-16le', 'utf-16le', 'utf-16le', 'utf-8', 'utf-16be']);
    expect(['iso-8859-1', 'Shift_JIS', 'GB18030', 'windows-1252'].map(canonicalEncoding)).toEqual(['iso-8859-1', 'shift_jis', 'gb18030', 'windows-1252']);
  });
  it('refuse what cannot be decoded with byte offsets, or is no text encoding', () => {
    expect(['iso-2022-jp', 'binary', 'hex', 'base64', 'klingon'].map(canonicalEncoding)).toEqual([null, null, null, null, null]);
  });
});
