import iconv from 'iconv-lite';
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

  // Declared as UTF-8: "auto" would read these bytes as Windows-1252 (see "encoding detection" below).
  it('rejects invalid UTF-8 with the offset, line and column of the first bad byte', async () => {
    const bytes = Buffer.concat([Buffer.from('line one\nab'), Buffer.from([0xc3, 0x28]), Buffer.from('rest')]);
    const file = await decoded(bytes, 'utf-8');
    expect(file.messages).toEqual([expect.objectContaining({ rule: 'decode/invalid-utf8', line: 2, column: 3, byte_offset: 11 })]);
    expect(file.messages[0]!.message).toBe('Byte 0xC3 at offset 11 is not valid UTF-8 and the file has no byte order mark');
  });

  it('rejects overlong forms, surrogates and truncated sequences', async () => {
    for (const bad of [[0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xf4, 0x90, 0x80, 0x80], [0xff]]) {
      const file = await decoded(Buffer.concat([Buffer.from('ok '), Buffer.from(bad)]), 'utf-8');
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

  it('rejects text with NUL characters (a binary file of no known format)', async () => {
    const file = await decoded(Buffer.from('Hi\nth\0ere'));
    expect(file.messages).toEqual([expect.objectContaining({ rule: 'decode/nul-byte', line: 2, column: 3, byte_offset: 5 })]);
  });

  it('reads UTF-16 without a BOM, little- or big-endian, told by its NUL bytes, with a warning', async () => {
    for (const [encoding, bytes] of [['utf-16le', Buffer.from('Hi\nthere é', 'utf16le')], ['utf-16be', Buffer.from('Hi\nthere é', 'utf16le').swap16()]] as const) {
      const file = await decoded(bytes);
      expect(file.text).toBe('Hi\nthere é');
      expect(file.decoded!.encoding).toBe(encoding);
      expect(file.messages).toEqual([expect.objectContaining({ rule: 'decode/encoding-assumed', line: 1, column: 1, byte_offset: 0 })]);
      expect(file.byteOffset(file.text.indexOf('é'))).toBe(18);
    }
    // Chinese in UTF-16 has few NUL bytes: not recognised, and rejected at its first NUL rather than guessed.
    const chinese = await decoded(Buffer.from('中文段落，没有结束。\n', 'utf16le'));
    expect(chinese.messages.map((m) => m.rule)).toEqual(['decode/nul-byte']);
  });

  it('names a binary format by its signature', async () => {
    const png = await decoded(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]));
    expect(png.messages).toEqual([expect.objectContaining({ rule: 'decode/binary', message: 'The file is a PNG image, not text', line: 1, column: 1, byte_offset: 0 })]);
    const pdf = await decoded(Buffer.from('%PDF-1.7\n%âãÏÓ\n'));
    expect(pdf.messages.map((m) => m.message)).toEqual(['The file is a PDF document, not text']);
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

describe('encoding detection (no encoding declared, no byte order mark)', () => {
  const bytes = (...parts: (string | number[] | Uint8Array)[]) => Buffer.concat(parts.map((p) => Buffer.from(p)));
  const warning = (file: Awaited<ReturnType<typeof decoded>>) => file.messages.filter((m) => m.rule === 'decode/encoding-assumed');

  it('reads a Chinese text too short to tell by frequency as Chinese when its bytes come in pairs, and short Latin text as Windows-1252', async () => {
    const short = await decoded(iconv.encode('标题\n谢谢。', 'gbk'));
    expect(short.text).toBe('标题\n谢谢。');
    expect(short.decoded!.encoding).toBe('gb18030');
    expect(warning(short)[0]!.message).toMatch(/read as gb18030: too short to tell by frequency/);
    const latin = await decoded(iconv.encode('Grüße, Müßiggang.', 'windows-1252'));
    expect(latin.text).toBe('Grüße, Müßiggang.');
    expect(latin.decoded!.encoding).toBe('windows-1252');
  });

  it('reads Windows-1252 (curly quotes, é, em dash, no-break space) and says so at the first byte that is not UTF-8', async () => {
    const file = await decoded(bytes('He said ', [0x93], 'caf', [0xe9], [0x94, 0x20, 0x97, 0x20], 'fine.', [0xa0], '\r\nNext: na', [0xef], 've'));
    expect(file.text).toBe('He said “café” — fine.\u00a0\nNext: naïve');
    expect(file.decoded!.encoding).toBe('windows-1252');
    expect(file.messages).toEqual([expect.objectContaining({ rule: 'decode/encoding-assumed', level: 'warning', line: 1, column: 9, byte_offset: 8 })]);
    expect(file.messages[0]!.message).toBe(
      'Not valid UTF-8 (byte 0x93 at offset 8); read as windows-1252: every byte is defined there and no Chinese double-byte reading fits',
    );
    // One byte per character, CRLF counted as two.
    expect(file.byteOffset(file.text.indexOf('é'))).toBe(12);
    expect(file.place(file.text.indexOf('ï'))).toEqual({ line: 2, column: 9, byte_offset: 33 });
  });

  it('reads Big5 (traditional Chinese), with exact byte offsets', async () => {
    const first = '我們的國家很大，人民的生活很好。';
    const file = await decoded(iconv.encode(`${first}\r\n第二行：中華`, 'big5'));
    expect(file.text).toBe(`${first}\n第二行：中華`);
    expect(file.decoded!.encoding).toBe('big5');
    expect(warning(file)).toEqual([expect.objectContaining({ level: 'warning', line: 1, column: 1, byte_offset: 0 })]);
    expect(warning(file)[0]!.message).toMatch(/^Not valid UTF-8 \(byte 0xA7 at offset 0\); read as big5: \d+ of its 19 Han characters are common ones \(the gb18030 reading: /);
    expect(file.place(file.text.indexOf('第'))).toEqual({ line: 2, column: 1, byte_offset: 2 * first.length + 2 });
    expect(file.byteOffset(file.text.indexOf('中'))).toBe(2 * first.length + 2 + 8);
  });

  it('reads GB18030 (simplified Chinese, as GBK writes it), placing the warning after ASCII', async () => {
    const file = await decoded(bytes('Title: ', [...iconv.encode('我们的国家很大，人民的生活很好。\n第二行', 'gbk')]));
    expect(file.text).toBe('Title: 我们的国家很大，人民的生活很好。\n第二行');
    expect(file.decoded!.encoding).toBe('gb18030');
    expect(warning(file)).toEqual([expect.objectContaining({ line: 1, column: 8, byte_offset: 7 })]);
    expect(warning(file)[0]!.message).toContain('read as gb18030: ');
    expect(file.byteOffset(file.text.indexOf('第'))).toBe(7 + 2 * 16 + 1);
  });

  it('rejects a mix of UTF-8 and stray bytes, which no one encoding reads', async () => {
    const file = await decoded(bytes('Café ’quoted’ and caf', [0xe9]));
    expect(file.messages).toEqual([expect.objectContaining({ rule: 'decode/invalid-utf8', level: 'error', line: 1, column: 22, byte_offset: 26 })]);
    expect(file.messages[0]!.message).toBe(
      'Byte 0xE9 at offset 26 is not valid UTF-8 and the file has no byte order mark; the file mixes UTF-8 with other bytes ("é" at offset 3 is UTF-8), so no one encoding reads it',
    );
    expect(file.decoded).toBeNull();
  });

  it('rejects a mix of Chinese in UTF-8 and in GBK, though GB18030 reads it without error', async () => {
    const file = await decoded(bytes('中华人民共和国的人民。', [...iconv.encode('我们的国家很大，人民的生活很好。', 'gbk')]));
    expect(file.messages.map((m) => m.rule)).toEqual(['decode/invalid-utf8']);
    expect(file.messages[0]!.message).toContain('mixes UTF-8 with other bytes ("中" at offset 0 is UTF-8)');
  });

  it('rejects Latin text with a byte Windows-1252 leaves undefined (0x81)', async () => {
    const file = await decoded(bytes('Latin text\nand ', [0x81], ' more'));
    expect(file.messages).toEqual([expect.objectContaining({ rule: 'decode/invalid-utf8', line: 2, column: 5, byte_offset: 15 })]);
    expect(file.messages[0]!.message).toBe(
      'Byte 0x81 at offset 15 is not valid UTF-8 and the file has no byte order mark, and it is not Windows-1252, Big5 or GB18030 either',
    );
  });

  it('rejects Windows-1252 in which an accented letter before a no-break space and « makes valid UTF-8, showing that character', async () => {
    const file = await decoded(bytes('D', [0xe9], 'j', [0xe0, 0xa0, 0xbb], ' fin'));
    expect(file.messages.map((m) => [m.rule, m.byte_offset])).toEqual([['decode/invalid-utf8', 1]]);
    expect(file.messages[0]!.message).toContain('("\u083B" at offset 3 is UTF-8)');
    expect(await decoded(bytes('D', [0xe9], 'j', [0xe0, 0xa0, 0xbb], ' fin'), 'windows-1252')).toMatchObject({ text: 'Déjà\u00a0» fin', messages: [] });
  });

  it('never second-guesses a declared encoding or a byte order mark', async () => {
    const latin = bytes('He said ', [0x93], 'caf', [0xe9], [0x94]);
    const declared = await decoded(latin, 'windows-1252');
    expect(declared.messages).toEqual([]);
    expect(declared.text).toBe('He said “café”');
    const utf8 = await decoded(latin, 'utf-8');
    expect(utf8.messages.map((m) => [m.rule, m.byte_offset])).toEqual([['decode/invalid-utf8', 8]]);
    const big5AsGb = await decoded(iconv.encode('我們的國家很大', 'big5'), 'gb18030');
    expect(big5AsGb.decoded!.encoding).toBe('gb18030');
    expect(big5AsGb.messages).toEqual([]);
    const bom = await decoded(bytes([0xef, 0xbb, 0xbf], latin));
    expect(bom.messages.map((m) => m.rule)).toEqual(['decode/invalid-utf8']);
  });
});

describe('mojibake', () => {
  it('warns once, at the first sequence, with what it was and how many there are; the text stays as it is', async () => {
    const text = 'Intro line\nItâ€™s CafÃ© time, â€œquotedâ€\u009d â€” ok.';
    const file = await decoded(text);
    expect(file.text).toBe(text);
    expect(file.messages).toEqual([expect.objectContaining({ rule: 'decode/mojibake', level: 'warning', line: 2, column: 3, byte_offset: 13 })]);
    expect(file.messages[0]!.message).toBe(
      '"â€™" probably was "’", written as UTF-8 and read as Windows-1252 before this file was saved; the first of 5 such sequences in the file',
    );
  });

  it('undoes the C1 control that Latin-1 leaves for a byte Windows-1252 does not define', async () => {
    const file = await decoded('“quotedâ€\u009d, 5Â\u00a0km, Ã‰t\u00e9');
    expect(file.messages.map((m) => m.message)).toEqual([
      '"â€\u009d" probably was "”", written as UTF-8 and read as Windows-1252 before this file was saved; the first of 3 such sequences in the file',
    ]);
  });

  it('finds it in a legacy encoding too (Windows-1252 bytes of "Ã©")', async () => {
    const file = await decoded(Buffer.from([0x43, 0x61, 0x66, 0xc3, 0xa9]), 'windows-1252');
    expect(file.messages).toEqual([expect.objectContaining({ rule: 'decode/mojibake', line: 1, column: 4, byte_offset: 3 })]);
    expect(file.messages[0]!.message).toContain('"Ã©" probably was "é"');
  });

  it('leaves legitimate Ã, Â and â alone', async () => {
    const file = await decoded('São Paulo, IRMÃ, Ã. Ångström, ÎN ROMÂNIA, Â, pâte, château « Âme » — 5 €, naïve, ©.');
    expect(file.messages).toEqual([]);
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
