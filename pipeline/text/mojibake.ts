/**
 * Mojibake: UTF-8 that was read as Windows-1252 (or Latin-1) somewhere before
 * the file reached us and saved again, so that "’" became "â€™" and "é"
 * became "Ã©". Found, never repaired: the file may hold both the damaged and
 * the intact form, and only its maker knows which is which.
 */
import iconv from 'iconv-lite';

/** Whatever a UTF-8 continuation byte (0x80–0xBF) becomes when read as Latin-1 (U+0080–U+00BF) or as Windows-1252. */
const CONTINUATION = continuationClass(0x80, 0xbf);

function continuationClass(from: number, to: number): string {
  const bytes = Buffer.from(Array.from({ length: to - from + 1 }, (_, i) => from + i));
  const win = [...iconv.decode(bytes, 'windows-1252')].filter((c) => c !== '\uFFFD');
  const u = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  return `\\u${from.toString(16).padStart(4, '0')}-\\u${to.toString(16).padStart(4, '0')}${win.map(u).join('')}`;
}

/**
 * Two-byte sequences from C2 and C3 (U+0080–U+00FF: accented Latin letters, the no-break space,
 * © ° «), and three-byte ones from E2 80–86 (U+2000–U+21BF: quotes, dashes, the ellipsis, €, ™).
 * "Ã", "Â" and "â" are letters, but only mojibake follows one with a character from the upper
 * half of Latin-1 or the Windows-1252 punctuation ("São", "Ångström", a Romanian "Â" do not).
 */
const MOJIBAKE = new RegExp(`[\u00C2\u00C3][${CONTINUATION}]|\u00E2[${continuationClass(0x80, 0x86)}][${CONTINUATION}]`, 'gu');

/** The text that, encoded as UTF-8 and read as Windows-1252, gives `found`. C1 controls stand for their own byte (Latin-1, or bytes Windows-1252 leaves undefined). */
function undo(found: string): string {
  const bytes = [...found].flatMap((c) => {
    const code = c.charCodeAt(0);
    return code >= 0x80 && code <= 0x9f ? [code] : [...iconv.encode(c, 'windows-1252')];
  });
  return iconv.decode(Buffer.from(bytes), 'utf8');
}

export interface Mojibake {
  /** Index in the text of the first sequence. */
  index: number;
  found: string;
  /** What it probably was. */
  was: string;
  /** How many such sequences the text holds. */
  count: number;
}

export function findMojibake(text: string): Mojibake | null {
  let first: RegExpExecArray | null = null;
  let count = 0;
  for (const m of text.matchAll(MOJIBAKE)) {
    first ??= m;
    count++;
  }
  return first ? { index: first.index, found: first[0], was: undo(first[0]), count } : null;
}
