/**
 * Encoding names: one canonical spelling per encoding. UTF-8 and UTF-16 labels
 * take their WHATWG names ("utf-16", "UTF-16LE" and "ucs2" are all "utf-16le")
 * and Node's own decoders; every other label is iconv-lite's, read literally
 * ("iso-8859-1" stays ISO-8859-1, not the Windows-1252 that WHATWG maps it to).
 */
import iconv from 'iconv-lite';

/** Names iconv-lite accepts that are not text encodings. */
const NOT_TEXT = new Set(['binary', 'hex', 'base64', 'base64url']);

/** The canonical name of an encoding the pipeline can decode with byte offsets, or null. */
export function canonicalEncoding(label: string): string | null {
  let whatwg: string | null = null;
  try {
    whatwg = new TextDecoder(label).encoding;
  } catch {
    // Not a WHATWG label.
  }
  if (whatwg === 'utf-8' || whatwg === 'utf-16le' || whatwg === 'utf-16be') return whatwg;
  if (/^(?:ucs-?2|utf-?16)$/i.test(label)) return 'utf-16le';
  const name = label.toLowerCase();
  return !NOT_TEXT.has(name) && iconv.encodingExists(name) ? name : null;
}
