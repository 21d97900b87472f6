/**
 * Generators for the properties (test/fuzz/properties.ts). Everything they
 * make is plain data (see cases.ts), so a case can be written down and
 * replayed. Source files come in kinds that go after different weak points:
 * real files of the fixtures with bytes spliced in (what a reader meets in
 * practice, slightly broken), layout-rich text in every encoding the decoder
 * knows (with and without a byte order mark, declared right or wrong), magic
 * numbers of binary formats, pure noise, and stress shapes (very long lines,
 * long runs of one token, thousands of blank lines) that expose quadratic
 * loops and catastrophic regular expressions.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { repoRoot } from '../helpers/paths.js';

// ---------------------------------------------------------------- text

/** Text rich in what normalisation touches: spaces of every kind, invisible characters, combining marks, hyphens, markers. */
export const awkward = fc.stringMatching(/^[a-zA-Z \-*\n\r\t\u00a0\u2003\u3000\u200b\u2060\ufeff\u00ad\u0301\u030a\u1100\u1161中文é😀]{0,60}$/);

// Decoded text never holds a lone surrogate (the decoders reject them), so neither does this.
export const anyText = fc.oneof(awkward, fc.string({ unit: 'grapheme', maxLength: 60 }), fc.string({ unit: 'binary', maxLength: 60 })).filter((s) => s.isWellFormed());

/** Lines of every kind the layout readers tell apart: headers, headings, notes, Markdown, labels, wrapped text, page furniture. */
export const LAYOUT_LINES = [
  'A Title', 'TITLE: The Plan', 'DATE: 6 April 2017', 'BODY:', '<title="Tagged">', '<date="2016-09-03">', 'By Alma Reyes', 'April 6, 2017', '（2013年3月23日）',
  'Updated: 2017-04-08 10:23', '(This is part of the speech at the forum on March 23, 2013.)', 'I. Opening', '(ii) Trade', '一、坚持改革', 'ECONOMIC REFORM',
  'Comrades, friends,', 'Thank you.', 'Q:', 'A:', 'Notes', '***', '____', '* A note.', '[1] A note.', '1. A note or a list item.', '2See the other note.',
  'growth.1 and reform.[1] and era.*', 'This line wraps in the middle of a sen-', 'tence and goes on without a full stop', 'and ends here.',
  '    Indented first line of a paragraph', '\u3000\u3000中文段落，没有结束', '---', 'title: "Front matter"', '# Heading', '> quoted', '- item', '[^1]: foot',
  'Some **bold** and _em_ text with [a link](https://example.org).', 'Copyright © Holder. All Rights Reserved.', '',
  'Page 2', '- 3 -', 'Riverside Forum Report', '###', '-30-', 'FOR IMMEDIATE RELEASE', '(Editor: Wang Lin)', 'RIVERSIDE, March 3, 2022 — The pier closed.', '<!--more-->', '<!-- c --> Text <!-- d --> more <!-- e -->', '<!-- unclosed',
  '发言人：各位记者朋友，大家好。', 'Speaker: Alma Reyes', '李文', '1978', '- 12 -', '2:31 P.M. EDT', 'END', 'Check against delivery', 'Share this:',
  'Source: Xinhua | 2019-01-21 10:12:45 | Editor: Li Xia', '——2019年3月5日在第十三届全国人民代表大会第二次会议上', '国务院总理\u3000李克强', 'New York, 23 September 2019', '**Date:** March 11, 2020',
  'Subject: Bulletin', 'From: Ana <ana@example.org>', 'Date: Tue, 14 Sep 2021 08:30:12 +0200', '--', 'Unsubscribe here.', 'Best regards,',
  '(The interview has been edited for length.)', '12   THE RIVER YEARS', 'Ambassador Ines Varga, Permanent Representative of Lorenvale', '我们要扩大对外开放。[1]我们要推动改革。', '[1] 见《报告》。', '①见《报告》。',
];

/** Layout lines shuffled into a file, with LF or CRLF line ends throughout. */
export const layoutish = fc.array(fc.constantFrom(...LAYOUT_LINES), { maxLength: 25 }).chain((lines) => fc.constantFrom('\n', '\r\n').map((eol) => lines.join(eol)));

// ---------------------------------------------------------------- seed corpus

/**
 * The raw files of the fixtures and the sample sources: real layouts (NPC
 * pages, transcripts, press releases, PDF extractions, Markdown) in real
 * encodings. Sorted by path, so a seed draws the same files on every machine.
 */
function seedFiles(): Buffer[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else if (/(^|\/)raw\//.test(relative(repoRoot, path)) || /^input\./.test(e.name)) found.push(path);
    }
  };
  walk(join(repoRoot, 'test', 'fixtures'));
  walk(join(repoRoot, 'sources'));
  // Distinct and non-empty: several fixtures share a file.
  const files = new Map<string, Buffer>();
  for (const path of found.sort()) {
    const bytes = readFileSync(path);
    if (bytes.length > 0 && !files.has(bytes.toString('base64'))) files.set(bytes.toString('base64'), bytes);
  }
  return [...files.values()];
}

export const SEED_FILES = seedFiles();

const utf8 = new TextDecoder('utf-8', { fatal: true });
/** Distinct non-blank lines of the seed files that are UTF-8. */
export const SEED_LINES = [
  ...new Set(
    SEED_FILES.flatMap((bytes) => {
      try {
        return utf8.decode(bytes).split(/\r\n|\r|\n/);
      } catch {
        return [];
      }
    }).filter((l) => l.trim() !== ''),
  ),
].sort();

// ---------------------------------------------------------------- text files

const line = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...LAYOUT_LINES) },
  { weight: 4, arbitrary: fc.constantFrom(...SEED_LINES) },
  { weight: 1, arbitrary: awkward.map((s) => s.replace(/[\r\n]/g, ' ')) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 80 }).map((s) => s.replace(/[\r\n]/g, ' ')) },
);

/**
 * Line ends, applied in turn: one element is a file with one kind of line end,
 * several a file that mixes them (a file pasted together, or edited on two systems).
 */
const eolPattern = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(['\n'], ['\r\n'], ['\r']) },
  { weight: 1, arbitrary: fc.array(fc.constantFrom('\n', '\r\n', '\r'), { minLength: 2, maxLength: 5 }) },
);

const joinLines = (lines: readonly string[], eols: readonly string[]) => lines.map((l, i) => (i === 0 ? l : eols[(i - 1) % eols.length]! + l)).join('');

/** A file of lines: headers, body lines, notes, furniture, in any order. */
export const layoutText = fc.tuple(fc.array(line, { maxLength: 40 }), eolPattern).map(([lines, eols]) => joinLines(lines, eols));

/** Tokens that patterns match many times in a row: list markers, note markers, emphasis, dashes, spaces. */
const RUN_UNITS = [
  ' ', '  ', '\t', '-', '*', '**', '_', '.', '. ', '1.', '1. ', 'I.', '(', ')', '[', '[1]', '[^', '#', '# ', '=', '>', '> ', '`', '|', '<!--', '-->',
  'a', 'ab ', 'A', 'AB ', 'word ', 'Word, ', 'sen-', '中', '，', '。', '、', '①', '\u3000', '\u00a0', '\u00ad', '\u200b', 'e\u0301', '’', 'â€™', '😀', 'مرحبا ', 'http://x.org/',
  ':', ': ', '0', '12 ', '2017-04-06 ', 'April 6, ', 'Mr. ', 'U.S. ', '...', '—', '-- ',
];

/** A very long line: one token repeated (a minified page, a run of dashes, OCR noise), maybe ending in something that breaks the pattern. */
const longLine = fc
  .tuple(fc.oneof(fc.constantFrom(...RUN_UNITS), fc.string({ minLength: 1, maxLength: 6 })), fc.integer({ min: 200, max: 30_000 }), fc.constantFrom('', '!', 'x', ':', ')', '.'))
  .map(([unit, n, end]) => unit.repeat(Math.max(1, Math.floor(n / unit.length))) + end);

/**
 * A file around one huge line (30,000 to 100,000 characters of a repeated
 * token): what a minified page or a PDF extraction without line breaks gives.
 * A reader that is quadratic in a line's length takes minutes here.
 */
export const hugeLineBytes: fc.Arbitrary<FileBytes> = fc
  .tuple(
    fc.array(fc.constantFrom(...LAYOUT_LINES), { maxLength: 3 }),
    fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...RUN_UNITS) }, { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 6 }) }),
    fc.integer({ min: 30_000, max: 100_000 }),
    fc.constantFrom('', '!', 'x', ':', ')', '.', ' x'),
    fc.array(fc.constantFrom(...LAYOUT_LINES), { maxLength: 3 }),
  )
  .map(([before, unit, n, end, after]) => ({
    bytes: new Uint8Array(Buffer.from([...before, unit.repeat(Math.max(1, Math.floor(n / unit.length))) + end, ...after].join('\n'), 'utf8')),
    encoding: 'utf-8' as const,
    how: `a line of ${JSON.stringify(unit)} × ${Math.floor(n / unit.length)}${end ? ` then ${JSON.stringify(end)}` : ''}`,
  }));

/** Thousands of blank (or white-space-only) lines. */
const blankLines = fc.tuple(fc.constantFrom('\n', '\r\n', '\r', ' \n', '\t\r\n', '\u3000\n', '\n\r'), fc.integer({ min: 2, max: 3_000 })).map(([eol, n]) => eol.repeat(n));

/** Layout text with stress pieces mixed in. */
export const stressText = fc
  .array(fc.oneof({ weight: 3, arbitrary: layoutText }, { weight: 1, arbitrary: longLine }, { weight: 1, arbitrary: blankLines }), { minLength: 1, maxLength: 4 })
  .chain((parts) => eolPattern.map((eols) => joinLines(parts, eols)));

// ---------------------------------------------------------------- encodings

/** How text becomes bytes: the Unicode forms with and without a byte order mark, and legacy encodings (unencodable characters become "?"). */
export const ENCODINGS = [
  'utf-8', 'utf-8-bom', 'utf-16le', 'utf-16le-bom', 'utf-16be', 'utf-16be-bom', 'utf-32le-bom', 'utf-32be-bom',
  'windows-1252', 'gb18030', 'big5', 'shift_jis', 'euc-kr', 'iso-8859-5', 'koi8-r',
] as const;
export type Encoding = (typeof ENCODINGS)[number];

const BOM: Partial<Record<Encoding, number[]>> = {
  'utf-8-bom': [0xef, 0xbb, 0xbf],
  'utf-16le-bom': [0xff, 0xfe],
  'utf-16be-bom': [0xfe, 0xff],
  'utf-32le-bom': [0xff, 0xfe, 0x00, 0x00],
  'utf-32be-bom': [0x00, 0x00, 0xfe, 0xff],
};

/** The label source.json would declare for a file made in `encoding`. */
export const declaredLabel = (encoding: Encoding): string => encoding.replace(/-bom$/, '');

export function encode(text: string, encoding: Encoding): Uint8Array {
  const form = declaredLabel(encoding);
  let body: Buffer;
  if (form === 'utf-8') body = Buffer.from(text, 'utf8');
  // Buffer's UTF-16 keeps a lone surrogate, which the decoder must then reject.
  else if (form === 'utf-16le') body = Buffer.from(text, 'utf16le');
  else if (form === 'utf-16be') body = Buffer.from(text, 'utf16le').swap16();
  else body = iconv.encode(text, form);
  return new Uint8Array(Buffer.concat([Buffer.from(BOM[encoding] ?? []), body]));
}

// ---------------------------------------------------------------- bytes

/** Byte sequences that are not UTF-8: stray continuation bytes, overlong forms, encoded surrogates, beyond U+10FFFF, truncated sequences, legacy bytes. */
export const INVALID_UTF8: readonly number[][] = [
  [0x80], [0xbf], [0xc0, 0x80], [0xc1, 0xbf], [0xc3], [0xc3, 0x28], [0xe2, 0x82], [0xe2, 0x28, 0xa1], [0xe0, 0x80, 0xaf],
  [0xed, 0xa0, 0x80], [0xed, 0xbf, 0xbf], [0xf0, 0x8f, 0xbf, 0xbf], [0xf4, 0x90, 0x80, 0x80], [0xf0, 0x9f, 0x98], [0xf5], [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0xfc, 0x84, 0x80, 0x80, 0x80, 0x80], [0xfe], [0xff], [0xe9], [0x93, 0x94], [0x85], [0xa0],
];

/** The first bytes of files that are not text: PNG, JPEG, PDF, ZIP (DOCX, EPUB), GIF, gzip, RTF, Word 97, an ELF binary. */
export const MAGIC: readonly number[][] = [
  [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  [0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46],
  [...Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')],
  [0x50, 0x4b, 0x03, 0x04, 0x14, 0x00],
  [...Buffer.from('GIF89a', 'latin1')],
  [0x1f, 0x8b, 0x08, 0x00],
  [...Buffer.from('{\\rtf1\\ansi\\deff0 ', 'latin1')],
  [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
  [0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01],
];

/** A change to a file's bytes at a relative position (`at` in thousandths of its length). */
export type Mutation = { at: number } & ({ insert: number[] } | { remove: number } | { replace: number } | { truncate: true });

const mutation: fc.Arbitrary<Mutation> = fc.tuple(
  fc.nat({ max: 1000 }),
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...INVALID_UTF8).map((b) => ({ insert: b })) },
    { weight: 1, arbitrary: fc.constantFrom([0x00], [0x00, 0x00], [0x0d], [0x0d, 0x0d, 0x0a], [0x0a, 0x0d], [0xef, 0xbb, 0xbf], [0xff, 0xfe]).map((b) => ({ insert: b })) },
    { weight: 2, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 8 }).map((b) => ({ insert: [...b] })) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 16 }).map((n) => ({ remove: n })) },
    { weight: 1, arbitrary: fc.nat({ max: 255 }).map((b) => ({ replace: b })) },
    { weight: 1, arbitrary: fc.constant({ truncate: true as const }) },
  ),
).map(([at, op]) => ({ at, ...op }) as Mutation);

export function mutate(bytes: Uint8Array, mutations: readonly Mutation[]): Uint8Array {
  let b = Buffer.from(bytes);
  for (const m of mutations) {
    const at = Math.floor((m.at / 1000) * b.length);
    if ('insert' in m) b = Buffer.concat([b.subarray(0, at), Buffer.from(m.insert), b.subarray(at)]);
    else if ('remove' in m) b = Buffer.concat([b.subarray(0, at), b.subarray(at + m.remove)]);
    else if ('replace' in m) {
      if (at < b.length) b[at] = m.replace;
    } else b = b.subarray(0, at);
  }
  return new Uint8Array(b);
}

/** A source file's bytes, the encoding it was made in (null: not text at all) and how it was made, for the report. */
export interface FileBytes {
  bytes: Uint8Array;
  encoding: Encoding | null;
  how: string;
}

/** Text in one of the encodings, maybe with bytes spliced in. */
const encodedText = (text: fc.Arbitrary<string>, maxMutations: number): fc.Arbitrary<FileBytes> =>
  fc.tuple(text, fc.oneof({ weight: 4, arbitrary: fc.constant<Encoding>('utf-8') }, { weight: 4, arbitrary: fc.constantFrom(...ENCODINGS) }), fc.array(mutation, { maxLength: maxMutations })).map(([t, encoding, ms]) => ({
    bytes: mutate(encode(t, encoding), ms),
    encoding,
    how: `text in ${encoding}${ms.length ? `, ${ms.length} mutation(s)` : ''}`,
  }));

/** A real file of the fixtures with some bytes changed. */
const mutatedSeed: fc.Arbitrary<FileBytes> = fc.tuple(fc.nat({ max: SEED_FILES.length - 1 }), fc.array(mutation, { maxLength: 4 })).map(([i, ms]) => ({
  bytes: mutate(SEED_FILES[i]!, ms),
  encoding: null,
  how: `seed file ${i}, ${ms.length} mutation(s)`,
}));

/** A binary format's header, then junk or text. */
const magic: fc.Arbitrary<FileBytes> = fc
  .tuple(fc.constantFrom(...MAGIC), fc.oneof(fc.uint8Array({ maxLength: 400 }), layoutText.map((t) => new Uint8Array(Buffer.from(t, 'utf8')))))
  .map(([head, rest]) => ({ bytes: new Uint8Array([...head, ...rest]), encoding: null, how: 'magic header' }));

/**
 * Any bytes a source file might hold, most of them nearly text (pure noise is
 * rejected at the first byte, so it finds little). `stress` adds the huge
 * shapes; the npm-test properties use them sparingly to stay quick.
 */
export const sourceBytes: fc.Arbitrary<FileBytes> = fc.oneof(
  { weight: 6, arbitrary: encodedText(layoutText, 3) },
  { weight: 4, arbitrary: mutatedSeed },
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 400 }).map((bytes) => ({ bytes, encoding: null, how: 'noise' })) },
  { weight: 1, arbitrary: magic },
  { weight: 1, arbitrary: encodedText(stressText, 1) },
);

/** Clean text files, no bytes changed: these mostly become documents, so their provenance is checked. */
export const textFileBytes: fc.Arbitrary<FileBytes> = fc.oneof(
  { weight: 5, arbitrary: encodedText(layoutText, 0) },
  { weight: 2, arbitrary: fc.nat({ max: SEED_FILES.length - 1 }).map((i) => ({ bytes: new Uint8Array(SEED_FILES[i]!), encoding: null, how: `seed file ${i}` })) },
  { weight: 1, arbitrary: encodedText(stressText, 0) },
);

// ---------------------------------------------------------------- datasets

export interface FuzzFile {
  name: string;
  bytes: Uint8Array;
  how: string;
}

/** A collection to build: source.json's reading options and its raw files (1 to `maxFiles`, in path order). */
export interface FuzzDataset {
  profile: 'auto' | 'plain' | 'markdown' | 'npc-governance-page';
  language: string;
  /** "auto", or a label as source.json declares it (canonicalised as sources.ts does). */
  encoding: string;
  files: FuzzFile[];
}

const NAMES = ['speech.txt', 'notes.md', '中文讲话.txt', 'A File, With "Quotes".txt', 'untitled', '2017-04-06 remarks.TXT', 'x'];

export function dataset(file: fc.Arbitrary<FileBytes>, maxFiles: number): fc.Arbitrary<FuzzDataset> {
  const files = fc.array(fc.tuple(fc.constantFrom(...NAMES), file), { minLength: 1, maxLength: maxFiles });
  return fc
    .tuple(
      files,
      fc.oneof({ weight: 3, arbitrary: fc.constant('auto' as const) }, { weight: 1, arbitrary: fc.constantFrom('plain' as const, 'markdown' as const, 'npc-governance-page' as const) }),
      fc.constantFrom('en', 'zh', 'fr', 'ar'),
      // The encoding the first file was made in (declared right), another one (declared wrong), or none.
      fc.oneof({ weight: 5, arbitrary: fc.constant('auto') }, { weight: 2, arbitrary: fc.constant('same') }, { weight: 1, arbitrary: fc.constantFrom(...ENCODINGS.map(declaredLabel), 'latin1', 'utf-16') }),
    )
    .map(([fs, profile, language, declared]) => ({
      profile,
      language,
      encoding: declared === 'same' ? (fs[0]![1].encoding ? declaredLabel(fs[0]![1].encoding) : 'auto') : declared,
      // A numbered prefix keeps names distinct and sets the order, as a folder listing would.
      files: fs.map(([name, f], i) => ({ name: `${i}-${name}`, bytes: f.bytes, how: f.how })),
    }));
}
