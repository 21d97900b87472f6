/**
 * decode: bytes to text. UTF-8 with or without a byte order mark, UTF-16 with
 * one, or the encoding source.json declares. CRLF and CR become LF, and a
 * table of line starts keeps the way back to byte offsets in the raw file.
 */
import type { Decoded } from '../file.js';
import type { FileStage } from '../stage.js';
import { firstInvalidUtf8 } from '../text/utf8.js';

interface Detected {
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | string;
  bomLength: number;
}

function detect(bytes: Buffer, declared: string): Detected {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  if (declared === 'auto') return { encoding: 'utf-8', bomLength: 0 };
  return { encoding: new TextDecoder(declared).encoding, bomLength: 0 };
}

export const decode: FileStage = {
  name: 'decode',
  scope: 'file',
  run(file) {
    const { bytes } = file;
    const { encoding, bomLength } = detect(bytes, file.source.encoding);
    const body = bytes.subarray(bomLength);
    let raw: string;
    let fixedWidth: number | null;
    if (encoding === 'utf-8') {
      const bad = firstInvalidUtf8(body);
      if (bad >= 0) {
        const offset = bad + bomLength;
        const before = new TextDecoder('utf-8').decode(bytes.subarray(bomLength, offset));
        const line = before.split(/\r\n|\r|\n/);
        file.message(
          'decode/invalid-utf8',
          'decode',
          `Byte 0x${bytes[offset]!.toString(16).toUpperCase().padStart(2, '0')} at offset ${offset} is not valid UTF-8 and the file has no byte order mark`,
          { line: line.length, column: [...line[line.length - 1]!].length + 1, byte_offset: offset },
        );
        return;
      }
      raw = body.toString('utf8');
      fixedWidth = null;
    } else if (encoding === 'utf-16le' || encoding === 'utf-16be') {
      try {
        if (body.length % 2 !== 0) throw new Error('odd number of bytes');
        raw = new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(body);
      } catch {
        file.message('decode/invalid-utf16', 'decode', `The file starts with a ${encoding.toUpperCase()} byte order mark but is not valid ${encoding.toUpperCase()}`, { byte_offset: 0 });
        return;
      }
      fixedWidth = 2;
    } else {
      try {
        raw = new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(body);
      } catch {
        file.message('decode/invalid-encoding', 'decode', `The file is not valid ${encoding}, the encoding declared in source.json`);
        return;
      }
      // Byte offsets are kept by counting bytes per character: that holds for single-byte encodings only.
      if (raw.length !== body.length) {
        file.message('decode/invalid-encoding', 'decode', `Encoding "${encoding}" is not a single-byte encoding; declare UTF-8, UTF-16 or a single-byte encoding such as windows-1252`);
        return;
      }
      fixedWidth = 1;
    }

    const lineStarts: number[] = [];
    const lineByteStarts: number[] = [];
    const parts: string[] = [];
    let textPos = 0;
    let bytePos = bomLength;
    const unit = fixedWidth ?? 1;
    const lengthOf = (s: string) => (fixedWidth === null ? Buffer.byteLength(s, 'utf8') : s.length * fixedWidth);
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
      bytePos += lengthOf(line) + m[0].length * unit;
      last = end + m[0].length;
    }
    file.text = parts.join('\n');
    const decoded: Decoded = { encoding, bom: bomLength > 0, fixedWidth, lineStarts, lineByteStarts };
    file.decoded = decoded;
    file.bytes = Buffer.alloc(0);
  },
};

