/**
 * decode: bytes to text. UTF-8 with or without a byte order mark, UTF-16 or
 * UTF-32 with one, or the encoding source.json declares (legacy encodings are
 * decoded by iconv-lite, since Node's TextDecoder reads "windows-1252" as
 * Latin-1). CRLF and CR become LF, and a table of line starts keeps the way
 * back to byte offsets in the raw file.
 *
 * When source.json declares no encoding ("auto") and the file has no byte
 * order mark, a file that is not valid UTF-8 is not rejected at once: it is
 * read as UTF-16 if NUL bytes alternate with others throughout (UTF-16 text
 * without a byte order mark), as Big5 or GB18030 if its bytes read as ordinary Chinese, else as
 * Windows-1252 if every byte is defined there (text/detect-encoding.ts), with
 * a `decode/encoding-assumed` warning at the first byte that is not UTF-8, and
 * documents record the encoding. A file that holds valid UTF-8 besides other
 * bytes is still rejected: it is a mix, and reading it as Windows-1252 would
 * garble the UTF-8 part. A declared encoding, or a byte order mark, is never
 * second-guessed. Without either, a file that begins with the signature of a
 * binary format (PNG, PDF, ZIP…) is rejected as `decode/binary`, naming it.
 *
 * Whatever the encoding, text that looks like UTF-8 once read as Windows-1252
 * upstream ("â€™" for "’") gets one `decode/mojibake` warning; it is left as it
 * is, since only the file's maker can tell which form is right.
 */
import iconv from 'iconv-lite';
import { SourceFile } from '../file.js';
import type { FileStage } from '../stage.js';
import { detectLegacyEncoding } from '../text/detect-encoding.js';
import { findMojibake } from '../text/mojibake.js';
import { firstInvalidUtf8 } from '../text/utf8.js';

// UTF-32 LE before UTF-16 LE: its mark starts with the same two bytes.
const BOMS = [
  { bytes: [0xef, 0xbb, 0xbf], encoding: 'utf-8' },
  { bytes: [0xff, 0xfe, 0x00, 0x00], encoding: 'utf-32le' },
  { bytes: [0x00, 0x00, 0xfe, 0xff], encoding: 'utf-32be' },
  { bytes: [0xff, 0xfe], encoding: 'utf-16le' },
  { bytes: [0xfe, 0xff], encoding: 'utf-16be' },
] as const;

/** Line and column (code points, 1-based) just after a decoded prefix. */
function placeAfter(prefix: string): { line: number; column: number } {
  const lines = prefix.split(/\r\n|\r|\n/);
  return { line: lines.length, column: [...lines[lines.length - 1]!].length + 1 };
}

function rejectNul(file: SourceFile, offset: number, place: { line: number; column: number }): void {
  file.message('decode/nul-byte', 'decode', `NUL at offset ${offset}: the file is binary, or UTF-16 without a byte order mark`, { ...place, byte_offset: offset });
}

const hex = (b: number) => `0x${b.toString(16).toUpperCase().padStart(2, '0')}`;

interface Text {
  /** The encoding read, which "auto" settles only here. */
  encoding: string;
  raw: string;
  /** Bytes a piece of `raw` takes in the file; valid for any piece when the encoding is stateless and canonical. */
  byteLength?: (s: string) => number;
  /** Otherwise: the byte offset (from the start of the body) of every code unit of `raw`, and one past the end. */
  offsets?: Uint32Array;
}

function rejectInvalidUtf8(file: SourceFile, body: Buffer, bomLength: number, bad: number, why: string): void {
  const offset = bad + bomLength;
  file.message('decode/invalid-utf8', 'decode', `Byte ${hex(body[bad]!)} at offset ${offset} is not valid UTF-8 ${why}`, {
    ...placeAfter(body.subarray(0, bad).toString('utf8')),
    byte_offset: offset,
  });
}

function decodeUtf8(file: SourceFile, body: Buffer, bomLength: number): Text | null {
  // A NUL byte first: UTF-16 without a byte order mark would otherwise be reported as some invalid UTF-8 further on.
  const nul = body.indexOf(0);
  if (nul >= 0) {
    rejectNul(file, bomLength + nul, placeAfter(body.subarray(0, nul).toString('utf8')));
    return null;
  }
  const bad = firstInvalidUtf8(body);
  if (bad >= 0) {
    rejectInvalidUtf8(file, body, bomLength, bad, bomLength ? 'though the file starts with a UTF-8 byte order mark' : 'and the file has no byte order mark');
    return null;
  }
  return { encoding: 'utf-8', raw: body.toString('utf8'), byteLength: (s) => Buffer.byteLength(s, 'utf8') };
}

/** Line and column of the character that holds byte `offset` of the body. */
function placeOfByte(text: Text, offset: number): { line: number; column: number } {
  if (!text.offsets) return placeAfter(text.raw.slice(0, offset)); // one byte per code unit
  const { offsets } = text;
  let lo = 0;
  let hi = text.raw.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (offsets[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  // Back to the character's first code unit: a character may take two (an astral one, or a Big5-HKSCS letter with its accent).
  while (lo > 0 && offsets[lo - 1] === offsets[lo]) lo--;
  return placeAfter(text.raw.slice(0, lo));
}

/** What a file that is not text begins with (its "magic number"), for a message that names what the file is. */
const MAGIC: { bytes: (number | null)[]; what: string }[] = [
  { bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], what: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { bytes: [...Buffer.from('GIF8')], what: 'a GIF image' },
  { bytes: [...Buffer.from('RIFF'), null, null, null, null, ...Buffer.from('WEBP')], what: 'a WebP image' },
  { bytes: [0x49, 0x49, 0x2a, 0x00], what: 'a TIFF image' },
  { bytes: [0x4d, 0x4d, 0x00, 0x2a], what: 'a TIFF image' },
  { bytes: [...Buffer.from('%PDF-')], what: 'a PDF document' },
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a ZIP archive (or a .docx, .odt or .epub file, which are ZIP archives)' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], what: 'an old Microsoft Office document (.doc, .xls)' },
  { bytes: [0x1f, 0x8b], what: 'a gzip-compressed file' },
  { bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], what: 'a 7-Zip archive' },
  { bytes: [0x7f, 0x45, 0x4c, 0x46], what: 'a program (ELF)' },
  { bytes: [...Buffer.from('SQLite format 3'), 0x00], what: 'an SQLite database' },
];

/** What binary format the bytes begin with, or null. */
export function binaryKind(bytes: Uint8Array): string | null {
  return MAGIC.find((m) => m.bytes.length <= bytes.length && m.bytes.every((b, i) => b === null || bytes[i] === b))?.what ?? null;
}

/**
 * UTF-16 without a byte order mark, told by its NUL bytes: text in a Latin (or
 * any Basic Latin-heavy) script has a NUL in most of its odd bytes in
 * little-endian (its even bytes in big-endian), and almost none in the others.
 * The first 4 KiB decide. Each later 4 KiB block must never have NULs on the
 * other side, and one with few NULs (a passage in Chinese or Russian) must not
 * be UTF-8, so that a file that goes on in UTF-8 after some UTF-16 (two files
 * run together) is not read as UTF-16 throughout.
 */
const UTF16_BLOCK = 4096;
function utf16WithoutBom(body: Buffer): 'utf-16le' | 'utf-16be' | null {
  if (body.length < 4) return null;
  let found: 'utf-16le' | 'utf-16be' | null = null;
  for (let start = 0; start < body.length; start += UTF16_BLOCK) {
    const end = Math.min(body.length, start + UTF16_BLOCK) & ~1;
    const pairs = (end - start) / 2;
    if (pairs === 0) break;
    let even = 0;
    let odd = 0;
    for (let i = start; i < end; i += 2) {
      if (body[i] === 0) even++;
      if (body[i + 1] === 0) odd++;
    }
    const [nulls, others] = found === 'utf-16be' ? [even, odd] : [odd, even];
    if (found === null) {
      found = odd >= 0.4 * pairs && even <= 0.05 * pairs ? 'utf-16le' : even >= 0.4 * pairs && odd <= 0.05 * pairs ? 'utf-16be' : null;
      if (found === null) return null;
    } else if (others > 0.05 * pairs || (nulls < 0.4 * pairs && looksUtf8(body.subarray(start, end)))) return null;
  }
  return found;
}

/** A block cut out of UTF-8 text: no NUL (text never holds one), and valid UTF-8 once the sequences cut at its two ends are set aside. */
function looksUtf8(block: Buffer): boolean {
  if (block.includes(0)) return false;
  let from = 0;
  while (from < 3 && from < block.length && (block[from]! & 0xc0) === 0x80) from++;
  const bad = firstInvalidUtf8(block.subarray(from));
  return bad < 0 || bad >= block.length - from - 3;
}

/**
 * "auto" without a byte order mark: UTF-8, or, when the bytes are not UTF-8, the
 * legacy encoding they fit (or UTF-16 when its NUL bytes show it), with a
 * warning that says which and why.
 */
function decodeAuto(file: SourceFile, body: Buffer): Text | null {
  const utf16 = body.includes(0) ? utf16WithoutBom(body) : null;
  if (utf16) {
    // Decoded on a stand-in, so that a guess that fails (an unpaired surrogate) leaves no message: the file is then read as below.
    const probe = new SourceFile(file.path, file.relPath, file.source);
    const text = decodeUtf16(probe, body, 0, utf16);
    if (text && !text.raw.includes('\0')) {
      file.message('decode/encoding-assumed', 'decode', `No byte order mark, but NUL bytes alternate with others throughout, as in ${utf16.toUpperCase()} text; read as ${utf16.toUpperCase()}`, { line: 1, column: 1, byte_offset: 0 });
      return text;
    }
  }
  // NUL stays an error, reported by decodeUtf8 before any invalid byte.
  const bad = body.includes(0) ? -1 : firstInvalidUtf8(body);
  if (bad < 0) return decodeUtf8(file, body, 0);
  const guess = detectLegacyEncoding(body);
  if (guess.kind === 'mixed') {
    // An invisible or space character is shown by its code point.
    const char = /^[\p{L}\p{N}\p{P}\p{S}]+$/u.test(guess.utf8) ? `"${guess.utf8}"` : [...guess.utf8].map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`).join(' ');
    const shown = `${char} at offset ${guess.offset} is UTF-8`;
    rejectInvalidUtf8(file, body, 0, bad, `and the file has no byte order mark; the file mixes UTF-8 with other bytes (${shown}), so no one encoding reads it`);
    return null;
  }
  if (guess.kind === 'none') {
    rejectInvalidUtf8(file, body, 0, bad, 'and the file has no byte order mark, and it is not Windows-1252, Big5 or GB18030 either');
    return null;
  }
  const text = decodeWithIconv(file, body, 0, guess.encoding);
  if (!text) return null;
  file.message('decode/encoding-assumed', 'decode', `Not valid UTF-8 (byte ${hex(body[bad]!)} at offset ${bad}); read as ${guess.encoding}: ${guess.why}`, {
    ...placeOfByte(text, bad),
    byte_offset: bad,
  });
  return text;
}

/** Index of the first code unit that is not part of a valid UTF-16 sequence, or -1. */
function firstInvalidUtf16(units: string): number {
  for (let i = 0; i < units.length; i++) {
    const c = units.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = units.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
      else return i;
    } else if (c >= 0xdc00 && c <= 0xdfff) return i;
  }
  return -1;
}

function decodeUtf16(file: SourceFile, body: Buffer, bomLength: number, encoding: 'utf-16le' | 'utf-16be'): Text | null {
  const name = encoding.toUpperCase();
  const even = body.subarray(0, body.length - (body.length % 2));
  // Buffer's decoder keeps unpaired surrogates, so they can be found and placed.
  const raw = (encoding === 'utf-16be' ? Buffer.from(even).swap16() : even).toString('utf16le');
  const bad = firstInvalidUtf16(raw);
  if (bad >= 0 || body.length % 2 !== 0) {
    const at = bad >= 0 ? bad : raw.length;
    const what = bad >= 0 ? 'an unpaired surrogate' : 'a lone last byte (odd file length)';
    file.message('decode/invalid-utf16', 'decode', `The file is read as ${name} but has ${what} at offset ${bomLength + 2 * at}`, {
      ...placeAfter(raw.slice(0, at)),
      byte_offset: bomLength + 2 * at,
    });
    return null;
  }
  return { encoding, raw, byteLength: (s) => s.length * 2 };
}

/**
 * Legacy encodings through iconv-lite. Single-byte encodings map one byte to one
 * code unit. Multi-byte ones (GB18030, EUC-JP, Shift_JIS …) are decoded a byte at a
 * time to record where each character starts: encoding the text again would not
 * give the file's bytes back (EUC-JP A1 C1 "～" re-encodes to three bytes).
 */
function decodeWithIconv(file: SourceFile, body: Buffer, bomLength: number, encoding: string): Text | null {
  let raw = iconv.decode(body, encoding, { stripBOM: false });
  let offsets: Uint32Array | undefined;
  if (raw.length !== body.length) {
    const decoder = iconv.getDecoder(encoding, { stripBOM: false });
    const parts: string[] = [];
    const starts: number[] = [];
    let start = 0;
    const take = (piece: string | undefined, end: number) => {
      if (!piece) return;
      // Fed a byte at a time, iconv-lite's double-byte decoders return only the high surrogate of a character outside
      // the BMP (GB18030 95 34 B2 35 = 𠮷): that character's bytes, decoded on their own, give both halves.
      const last = piece.charCodeAt(piece.length - 1);
      if (last >= 0xd800 && last <= 0xdbff) {
        const whole = iconv.decode(body.subarray(start, end), encoding, { stripBOM: false });
        if (whole.length === piece.length + 1 && whole.startsWith(piece)) piece = whole;
      }
      parts.push(piece);
      for (let k = 0; k < piece.length; k++) starts.push(start);
      start = end;
    };
    for (let i = 0; i < body.length; i++) take(decoder.write(body.subarray(i, i + 1)), i + 1);
    take(decoder.end(), body.length);
    raw = parts.join('');
    starts.push(body.length);
    offsets = Uint32Array.from(starts);
  }
  // A surrogate code point (UTF-32 D800–DFFF) is no character: iconv-lite lets it through as a lone surrogate.
  const lone = raw.isWellFormed() ? -1 : firstInvalidUtf16(raw);
  if (lone >= 0) {
    const offset = bomLength + (offsets ? offsets[lone]! : lone);
    file.message('decode/invalid-encoding', 'decode', `The ${encoding} bytes at offset ${offset} are a surrogate code point, which is no character`, {
      ...placeAfter(raw.slice(0, lone)),
      byte_offset: offset,
    });
    return null;
  }
  // iconv-lite decodes bytes the encoding does not define (0x81 in windows-1252) as U+FFFD.
  const bad = raw.indexOf('\uFFFD');
  if (bad >= 0) {
    const offset = bomLength + (offsets ? offsets[bad]! : bad);
    file.message('decode/invalid-encoding', 'decode', `Byte ${hex(body[offset - bomLength] ?? 0)} at offset ${offset} is not valid ${encoding}`, {
      ...placeAfter(raw.slice(0, bad)),
      byte_offset: offset,
    });
    return null;
  }
  return offsets ? { encoding, raw, offsets } : { encoding, raw, byteLength: (s) => s.length };
}

export const decode: FileStage = {
  name: 'decode',
  scope: 'file',
  run(file) {
    const { bytes } = file;
    const bom = BOMS.find((b) => b.bytes.every((x, i) => bytes[i] === x));
    // Only when nothing says what the bytes are: a byte order mark or a declared encoding is never second-guessed.
    const binary = !bom && file.source.encoding === 'auto' ? binaryKind(bytes) : null;
    if (binary) {
      file.message('decode/binary', 'decode', `The file is ${binary}, not text`, { line: 1, column: 1, byte_offset: 0 });
      return;
    }
    const bomLength = bom?.bytes.length ?? 0;
    const encoding: string = bom?.encoding ?? file.source.encoding;
    const body = bytes.subarray(bomLength);
    const decoded =
      encoding === 'auto'
        ? decodeAuto(file, body)
        : encoding === 'utf-8'
          ? decodeUtf8(file, body, bomLength)
          : encoding === 'utf-16le' || encoding === 'utf-16be'
            ? decodeUtf16(file, body, bomLength, encoding)
            : decodeWithIconv(file, body, bomLength, encoding);
    if (!decoded) return;
    const { raw, byteLength, offsets } = decoded;

    const lineStarts: number[] = [];
    const lineByteStarts: number[] = [];
    const lineRawStarts: number[] = [];
    const parts: string[] = [];
    let textPos = 0;
    let bytePos = bomLength;
    const breaks = /\r\n|\r|\n/g;
    let last = 0;
    for (let m = breaks.exec(raw); ; m = breaks.exec(raw)) {
      const end = m ? m.index : raw.length;
      const line = raw.slice(last, end);
      lineStarts.push(textPos);
      lineRawStarts.push(last);
      lineByteStarts.push(offsets ? bomLength + offsets[last]! : bytePos);
      parts.push(line);
      if (!m) break;
      textPos += line.length + 1;
      if (byteLength) bytePos += byteLength(line) + byteLength(m[0]);
      last = end + m[0].length;
    }
    const text = parts.join('\n');
    file.text = text;
    file.decoded = {
      encoding: decoded.encoding,
      bom: bomLength > 0,
      lineStarts,
      lineByteStarts,
      bytesInLine: offsets
        ? (line, units) => offsets[lineRawStarts[line]! + units]! - offsets[lineRawStarts[line]!]!
        : (line, units) => byteLength!(text.slice(lineStarts[line]!, lineStarts[line]! + units)),
    };
    file.bytes = Buffer.alloc(0);

    // NUL is never text, in any encoding.
    const nul = file.text.indexOf('\0');
    if (nul >= 0) rejectNul(file, file.place(nul).byte_offset, file.place(nul));
    else warnMojibake(file);
  },
};

function warnMojibake(file: SourceFile): void {
  const found = findMojibake(file.text);
  if (!found) return;
  const more = found.count === 1 ? 'the only such sequence' : `the first of ${found.count} such sequences`;
  file.message(
    'decode/mojibake',
    'decode',
    `"${found.found}" probably was "${found.was}", written as UTF-8 and read as Windows-1252 before this file was saved; ${more} in the file`,
    file.place(found.index),
  );
}
