/**
 * Guessing the legacy encoding of a file that is not valid UTF-8 (and has no
 * byte order mark): Big5 or GB18030 when the bytes read as ordinary Chinese,
 * else Windows-1252 when every byte is defined there, else nothing. A file
 * that holds real UTF-8 besides other bytes is a mix, and no one encoding
 * reads it all: reading it as Windows-1252 would turn the UTF-8 part into
 * mojibake.
 */
import iconv from 'iconv-lite';

/**
 * The 300 most frequent characters of modern Chinese, in simplified and
 * traditional form (392 characters). Running text in either script draws
 * about half of its Han characters or more from them (73% to 100% in the
 * tests' samples); bytes read in the wrong one of the two encodings, or Latin
 * text read as either, give Han characters close to random, of which about 2%
 * are in this set (of all the characters Big5 or GB18030 can encode in two
 * bytes, 355 of 16,060 and 392 of 21,000).
 */
const COMMON_HAN = new Set(
  '的是不了在人有我他这這个個们們中来來上大为為和国國地到以说說时時要就出会會也你对對生能而子那得于於着著下自之年过過发發后' +
    '後作里裡用道行所然家种種事成方多经經么麼去法学學如都同现現当當没沒动動面起看定天分还還进進好小部其些主样樣理心她本前开開' +
    '但因只从從想实實日军軍者意无無力它与與长長把机機十民第公此已工使情明性知全三又关關点點正业業外将將两兩高间間由问問很最重' +
    '并並物手应應战戰向头頭文体體政美相见見被利什二等产產或新己制身果加西斯月话話合回特代内內信表化老给給世位次度门門任常先海' +
    '通教儿兒原东東声聲提立及比员員解水名真论論处處走义義各入几幾口认認条條平系气氣题題活尔爾更别別打女变變四神总總何电電数數' +
    '安少报報才结結反受目太量再感建务務做接必场場件计計管期市直德资資命山金指克许許统統区區保至队隊形社便空决決治展马馬科司五' +
    '基眼书書非则則听聽白却卻界达達光放强強即像难難且权權思王象完设設',
);

/**
 * A reading is Chinese when at least this share of its Han characters are
 * common ones: ten times what a random reading gives (2%; 7% for a Big5
 * sample read as GB18030), and well under what real text gives, so that
 * lists of names or classical quotations still pass.
 */
const COMMON_SHARE = 0.2;
/** And at least this many common characters: in a text of a few Han characters, one can match by chance. */
const MIN_COMMON = 2;

const CHINESE_CANDIDATES = ['big5', 'gb18030'] as const;
type Chinese = (typeof CHINESE_CANDIDATES)[number];

export type Detection =
  | { kind: 'detected'; encoding: Chinese | 'windows-1252'; why: string }
  /** Valid UTF-8 besides bytes that are not: the first UTF-8 character that shows it, and its byte offset. */
  | { kind: 'mixed'; utf8: string; offset: number }
  /** Neither Windows-1252 nor a Chinese double-byte encoding reads it. */
  | { kind: 'none' };

interface HanCount {
  han: number;
  common: number;
}

function countHan(text: string): HanCount & { firstCommon: string | undefined } {
  let han = 0;
  let common = 0;
  let firstCommon: string | undefined;
  for (const [c] of text.matchAll(/\p{Script=Han}/gu)) {
    han++;
    if (COMMON_HAN.has(c)) {
      common++;
      firstCommon ??= c;
    }
  }
  return { han, common, firstCommon };
}

const codePoint = (s: string) => (s ? String.fromCodePoint(s.codePointAt(0)!) : undefined);
const share = (n: HanCount) => (n.han ? n.common / n.han : 0);
const looksChinese = (n: HanCount) => n.common >= MIN_COMMON && share(n) >= COMMON_SHARE;
const describe = (n: HanCount) => `${n.common} of its ${n.han} Han characters are common ones`;

/** The text, or null when iconv-lite finds a byte (sequence) the encoding does not define (it decodes those as U+FFFD). */
function decodeStrictly(bytes: Uint8Array, encoding: string): string | null {
  const text = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), encoding, { stripBOM: false });
  return text.includes('\uFFFD') ? null : text;
}

/**
 * The Chinese reading with the higher share of common characters, if it looks
 * Chinese at all; GB18030 on a tie, as the superset. Both are always tried:
 * GB18030 reads nearly any Big5 bytes without error, only as other characters.
 */
function readAsChinese(bytes: Uint8Array): { encoding: Chinese; why: string } | null {
  const readings = CHINESE_CANDIDATES.map((encoding) => {
    const text = decodeStrictly(bytes, encoding);
    return { encoding, count: text === null ? null : countHan(text) };
  });
  let best: { encoding: Chinese; count: HanCount } | null = null;
  for (const { encoding, count } of readings) if (count && (!best || share(count) >= share(best.count))) best = { encoding, count };
  if (!best || !looksChinese(best.count)) return null;
  const other = readings.find((r) => r.encoding !== best.encoding)!;
  const otherWhy = other.count ? `${other.count.common} of ${other.count.han}` : 'bytes it does not define';
  return { encoding: best.encoding, why: `${describe(best.count)} (the ${other.encoding} reading: ${otherWhy})` };
}

/**
 * A text too short to tell by frequency ("标题 / 谢谢。"): Chinese all the same
 * when every byte above ASCII stands in a run of even length, one of them at
 * least two characters long (double-byte characters come in pairs and words;
 * the accented letters and quotes of Windows-1252 text stand mostly alone),
 * and a reading gives Han characters without error.
 * The reading with more common characters wins, GB18030 on a tie; the
 * warning says it was a guess.
 */
function readShortChinese(bytes: Uint8Array): { encoding: Chinese; why: string } | null {
  let high = 0;
  let longest = 0;
  for (let i = 0; i < bytes.length; ) {
    if (bytes[i]! < 0x80) {
      i++;
      continue;
    }
    let j = i;
    while (j < bytes.length && bytes[j]! >= 0x80) j++;
    if ((j - i) % 2 !== 0) return null;
    high += j - i;
    longest = Math.max(longest, j - i);
    i = j;
  }
  // Two characters in a row at least: a lone pair is as likely "üß" in "Grüße".
  if (longest < 4) return null;
  let best: { encoding: Chinese; count: HanCount } | null = null;
  for (const encoding of [...CHINESE_CANDIDATES].reverse()) {
    const text = decodeStrictly(bytes, encoding);
    const count = text === null ? null : countHan(text);
    // Most of the pairs must be Han characters (not symbols or letters of other scripts).
    if (count && count.han * 2 >= high / 2 && (!best || count.common > best.count.common)) best = { encoding, count };
  }
  return best && { encoding: best.encoding, why: `too short to tell by frequency (${describe(best.count)}), but every byte above ASCII stands in pairs that read as Han characters` };
}

/**
 * A mix, shown by a UTF-8 character. A lead byte is never a continuation byte,
 * so the first occurrence of the character's bytes is where it was decoded.
 */
function mixed(bytes: Uint8Array, utf8: string): Detection {
  return { kind: 'mixed', utf8, offset: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(Buffer.from(utf8, 'utf8')) };
}

/** Decides how to read bytes that are not valid UTF-8. */
export function detectLegacyEncoding(bytes: Uint8Array): Detection {
  // Node's decoder turns each invalid sequence into U+FFFD and resumes at the next byte, so what
  // remains besides ASCII and U+FFFD is the valid multi-byte sequences.
  const utf8Part = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    .toString('utf8')
    .replace(/[\u0000-\u007F\uFFFD]/g, '');
  const chinese = readAsChinese(bytes) ?? readShortChinese(bytes);
  if (chinese) {
    // Double-byte Chinese holds valid UTF-8 sequences by chance (a lead byte C2–EF followed by a
    // trail byte 80–BF is an ordinary pair: a third of the characters of a GBK sample), but they
    // make rare characters, not common Chinese ones (none in 440,000 characters of generated GBK,
    // Big5 and GB18030 text). Common Chinese characters among them are Chinese written in UTF-8.
    const inUtf8 = countHan(utf8Part);
    return inUtf8.common >= MIN_COMMON ? mixed(bytes, inUtf8.firstCommon!) : { kind: 'detected', ...chinese };
  }
  // Windows-1252 text can hold valid UTF-8 by chance too (an accented letter before a quote or a
  // no-break space: "été\u00A0»" is E9 A0 BB, U+983B), but far more rarely; rejecting such a file
  // is safer than garbling a real mix, and the message shows the character so that it can be told.
  const first = codePoint(utf8Part);
  if (first) return mixed(bytes, first);
  if (decodeStrictly(bytes, 'windows-1252') === null) return { kind: 'none' };
  return { kind: 'detected', encoding: 'windows-1252', why: 'every byte is defined there and no Chinese double-byte reading fits' };
}
