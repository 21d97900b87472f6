/**
 * decode: bytes to text. UTF-8 with or without a byte order mark, UTF-16 with
 * one, or the encoding source.json declares (decoded by iconv-lite, since
 * Node's TextDecoder reads "windows-1252" as Latin-1). CRLF and CR become LF,
 * and a table of line starts keeps the way back to byte offsets in the raw file.
 */
import iconv from 'iconv-lite';
import type { Decoded, SourceFile } from '../file.js';
import type { FileStage } from '../stage.js';
import { firstInvalidUtf8 } from '../text/utf8.js';

const BOMS = [
  { bytes: [0xef, 0xbb, 0xbf], encoding: 'utf-8' },
  { bytes: [0xff, 0xfe], encoding: 'utf-16le' },
  { bytes: [0xfe, 0xff], encoding: 'utf-16be' },
] as const;

/** Line and column (code points, 1-based) just after a decoded prefix. */
function placeAfter(prefix: string): { line: number; column: number } {
  const lines = prefix.split(/\r\n|\r|\n/);
  return { line: lines.length, column: [...lines[lines.length - 1]!].length + 1 };
}

interface Text {
  raw: string;
  byteLength: (s: string) => number;
}

function decodeUtf8(file: SourceFile, body: Buffer, bomLength: number): Text | null {
  const bad = firstInvalidUtf8(body);
  if (bad >= 0) {
    const offset = bad + bomLength;
    file.message(
      'decode/invalid-utf8',
      'decode',
      `Byte 0x${body[bad]!.toString(16).toUpperCase().padStart(2, '0')} at offset ${offset} is not valid UTF-8 and the file has no byte order mark`,
      { ...placeAfter(body.subarray(0, bad).toString('utf8')), byte_offset: offset },
    );
    return null;
  }
  return { raw: body.toString('utf8'), byteLength: (s) => Buffer.byteLength(s, 'utf8') };
}

function decodeUtf16(file: SourceFile, body: Buffer, encoding: 'utf-16le' | 'utf-16be'): Text | null {
  try {
    if (body.length % 2 !== 0) throw new Error('odd number of bytes');
    return { raw: new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(body), byteLength: (s) => s.length * 2 };
  } catch {
    const name = encoding.toUpperCase();
    file.message('decode/invalid-utf16', 'decode', `The file starts with a ${name} byte order mark but is not valid ${name}`, { byte_offset: 0 });
    return null;
  }
}

function decodeDeclared(file: SourceFile, body: Buffer, encoding: string): Text | null {
  const raw = iconv.decode(body, encoding, { stripBOM: false });
  // iconv-lite decodes bytes the encoding does not define (0x81 in windows-1252) as U+FFFD.
  const bad = raw.indexOf('\uFFFD');
  if (bad >= 0) {
    const byteLength = (s: string) => iconv.encode(s, encoding).length;
    file.message('decode/invalid-encoding', 'decode', `The file is not valid ${encoding}, the encoding declared in source.json`, {
      ...placeAfter(raw.slice(0, bad)),
      byte_offset: byteLength(raw.slice(0, bad)),
    });
    return null;
  }
  const singleByte = raw.length === body.length;
  return { raw, byteLength: singleByte ? (s) => s.length : (s) => iconv.encode(s, encoding).length };
}

export const decode: FileStage = {
  name: 'decode',
  scope: 'file',
  run(file) {
    const { bytes } = file;
    const bom = BOMS.find((b) => b.bytes.every((x, i) => bytes[i] === x));
    const bomLength = bom?.bytes.length ?? 0;
    const encoding = bom?.encoding ?? (file.source.encoding === 'auto' ? 'utf-8' : file.source.encoding);
    const body = bytes.subarray(bomLength);
    const decoded =
      encoding === 'utf-8' || encoding.toLowerCase() === 'utf8'
        ? decodeUtf8(file, body, bomLength)
        : encoding === 'utf-16le' || encoding === 'utf-16be'
          ? decodeUtf16(file, body, encoding)
          : decodeDeclared(file, body, encoding);
    if (!decoded) return;
    const { raw, byteLength } = decoded;

    const lineStarts: number[] = [];
    const lineByteStarts: number[] = [];
    const parts: string[] = [];
    let textPos = 0;
    let bytePos = bomLength;
    const breaks = /\r\n|\r|\n/g;
    let last = 0;
    for (let m = breaks.exec(raw); ; m = breaks.exec(raw)) {
      const end = m ? m.index : raw.length;
      const line = raw.slice(last, end);
      lineStarts.push(textPos);
      lineByteStarts.push(bytePos);
      parts.push(line);
      if (!m) break;
      textPos += line.length + 1;
      bytePos += byteLength(line) + byteLength(m[0]);
      last = end + m[0].length;
    }
    file.text = parts.join('\n');
    const result: Decoded = { encoding, bom: bomLength > 0, byteLength, lineStarts, lineByteStarts };
    file.decoded = result;
    file.bytes = Buffer.alloc(0);
  },
};
