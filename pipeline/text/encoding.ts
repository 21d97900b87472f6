/** Encoding names: one canonical spelling per encoding, so "utf-16", "UTF-16LE" and "ucs2" are read the same way. */
import iconv from 'iconv-lite';

/** The WHATWG name when there is one (e.g. "utf-16le", "windows-1252"), else iconv-lite's; null when neither knows the label. */
export function canonicalEncoding(label: string): string | null {
  try {
    return new TextDecoder(label).encoding;
  } catch {
    // Not a WHATWG label; iconv-lite knows more (UTF-32, ucs2, old code pages).
  }
  if (/^(?:ucs-?2|utf-?16)$/i.test(label)) return 'utf-16le';
  return iconv.encodingExists(label) ? label.toLowerCase() : null;
}
