/**
 * Bugs the property tests and the fuzz run found (test/fuzz/), each as its
 * smallest reproduction: decoding characters outside the BMP in double-byte
 * encodings, surrogates in UTF-32, a note marker too long for a regular
 * expression, Markdown around U+FEFF, and inputs on which a regular expression
 * or the word segmenter took time that grew with the square of a line. The
 * last four are bounded by a timeout far above what they take now (a few ms)
 * and far below what they took then (seconds to minutes).
 */
import { describe, expect, it } from 'vitest';
import { SourceFile } from '../pipeline/file.js';
import { normaliseBase, replay, revertEdits } from '../pipeline/index.js';
import { foldWhitespace } from '../pipeline/normalise/fold-whitespace.js';
import { processFile } from '../pipeline/process-file.js';
import { TRAILING_MARKER } from '../pipeline/profiles/layout.js';
import type { FileStage } from '../pipeline/stage.js';
import { stages } from '../pipeline/stages.js';
import { decode } from '../pipeline/stages/decode.js';
import { read } from '../pipeline/stages/read.js';
import { countWords, countWordsBySegmenter } from '../pipeline/text/count.js';
import { SourceConfig } from '../schemas/source.js';

function config(encoding: string, profile = 'plain'): SourceConfig {
  return SourceConfig.parse({
    name: 'bug', title: 'Bug', description: 'A reproduction.', version: '1.0.0', profile, language: 'en', encoding,
    origin: { publisher: 'P', url: 'https://example.org/' }, rights: { holder: 'H', statement: 'S', open: false },
  });
}

async function decoded(bytes: number[], encoding = 'auto'): Promise<SourceFile> {
  const file = new SourceFile('/nonexistent/f.txt', 'sources/bug/raw/f.txt', config(encoding));
  file.preloaded = new Uint8Array(bytes);
  await read.run(file);
  await decode.run(file);
  return file;
}

const fileStages = stages.filter((s): s is FileStage => s.scope === 'file');
const processed = (text: string, profile = 'plain') => processFile({ path: '/nonexistent/f.txt', relPath: 'sources/bug/raw/f.txt', bytes: Buffer.from(text) }, config('auto', profile), fileStages);

describe('found by the property tests', () => {
  it('GB18030 and Big5 characters outside the BMP keep both halves, and the bytes after them their offsets', async () => {
    // "𠮷" in GB18030 (95 34 B2 35), then a line feed and "a"; "𧉧" in Big5-HKSCS (87 45), the same.
    const gb = await decoded([0x95, 0x34, 0xb2, 0x35, 0x0a, 0x61], 'gb18030');
    expect(gb.text).toBe('𠮷\na');
    expect(gb.byteOffset(gb.text.indexOf('a'))).toBe(5);
    const big5 = await decoded([0x87, 0x45, 0x0a, 0x61], 'big5');
    expect(big5.text).toBe('𧉧\na');
    expect(big5.byteOffset(big5.text.indexOf('a'))).toBe(3);
  });

  it('a surrogate code point in UTF-32 is rejected as decode/invalid-encoding, at its bytes', async () => {
    const file = await decoded([0xff, 0xfe, 0x00, 0x00, 0x41, 0x00, 0x00, 0x00, 0x00, 0xd8, 0x00, 0x00]);
    expect(file.messages).toEqual([expect.objectContaining({ rule: 'decode/invalid-encoding', byte_offset: 8, message: 'The utf-32le bytes at offset 8 are a surrogate code point, which is no character' })]);
  });

  it('a line of 40,000 asterisks is no note marker, and no stage throws on it', async () => {
    const result = await processed(`A Title\n\n${'*'.repeat(40_000)} x`);
    expect(result.messages.filter((m) => m.rule.startsWith('internal/'))).toEqual([]);
  });

  it('Markdown around a U+FEFF is removed the first time, so normalisation is idempotent there', () => {
    for (const raw of ['*a\ufeff*', '[a\ufeff](b)', '`a\ufeff`']) {
      const once = normaliseBase(raw, { markdown: true }).text;
      expect(once).toBe('a');
      expect(normaliseBase(once, { markdown: true }).text).toBe(once);
    }
  });
});

describe('found by the fuzz run as hangs (time that grew with the square of a line)', () => {
  it('a line of 100,000 "[" in a file read by "auto" (38 s before)', { timeout: 10_000 }, async () => {
    const result = await processed(`Title\n\nText.\n\n${'['.repeat(99_998)}:\n`, 'auto');
    expect(result.messages.filter((m) => m.rule.startsWith('internal/'))).toEqual([]);
  });

  it('folding a run of 80,000 ideographic spaces (26 s before, in a whole file)', { timeout: 10_000 }, () => {
    expect(foldWhitespace(`${'\u3000'.repeat(80_000)}x`)).toBe('x');
  });

  it('looking for a note marker at the end of a title of 40,000 asterisks (3.3 s before)', { timeout: 10_000 }, () => {
    expect(TRAILING_MARKER.test(`${'*'.repeat(40_000)}x`)).toBe(false);
    expect(TRAILING_MARKER.exec('A title**')?.[1]).toBe('**');
  });

  it('a Markdown file with a line of 100,000 asterisks and an "x" (25 s before, in the paragraph reader\'s note-marker test)', { timeout: 10_000 }, async () => {
    const result = await processed(`END\nSome **bold** text.\n<!--more-->\n${'*'.repeat(99_996)}x\n<title="Tagged">`, 'auto');
    expect(result.messages.filter((m) => m.rule.startsWith('internal/'))).toEqual([]);
  });

  it('replaying and reverting 58,000 edits of one paragraph (26 s before: a pass over the text per edit)', { timeout: 10_000 }, () => {
    // UTF-8 "中" read as Latin-1 is "ä¸" and a soft hyphen, which normalisation removes: one edit per character.
    const raw = Buffer.from('中'.repeat(58_000), 'utf8').toString('latin1');
    const { text, edits } = normaliseBase(raw);
    expect(edits.length).toBeGreaterThanOrEqual(58_000);
    expect(replay(raw, edits)).toBe(text);
    expect(revertEdits(text, edits)).toBe(foldWhitespace(raw));
  });

  it('counting the words of 80,000 Han characters without punctuation (14 s before)', { timeout: 10_000 }, () => {
    expect(countWords('中'.repeat(80_000), 'zh')).toBe(80_000);
  });

  it('a "word" of 9,000 letters with nothing to cut at is cut only where the segmenter\'s window ends (it was cut at every letter)', { timeout: 10_000 }, () => {
    expect(countWordsBySegmenter('a'.repeat(9_000), 'en')).toBe(2);
    expect(countWordsBySegmenter(`${'a'.repeat(3_000)} ${'中'.repeat(6_000)}`, 'zh')).toBe(6_001);
  });
});
