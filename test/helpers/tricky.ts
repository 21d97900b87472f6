/** Paragraph rows whose text is hard for every format: quotes, separators, line breaks, scripts, look-alikes of null. */
import { createHash } from 'node:crypto';
import type { Paragraph } from '../../schemas/paragraph.js';

export const TRICKY_TEXTS = [
  'plain text',
  'comma, "double quotes", \'single\', semicolon; pipe | tab\there',
  'line one\nline two\r\nline three\rend',
  'NA',
  'null',
  'NULL',
  'None',
  'NaN',
  '-',
  '0',
  '0123',
  '007 and 00',
  '“curly double” and ‘curly single’ quotes',
  '2017-04-06',
  '=SUM(A1:A2)',
  ' leading and trailing spaces ',
  'é (composed) and e\u0301 (decomposed)',
  '中文文本，带有标点。',
  'emoji 👍🏽 family 👨‍👩‍👧 flag 🇨🇳',
  'right-to-left: مرحبا بالعالم and עברית',
  'backslash \\ and \\n literal',
  '"',
  '""',
  'x'.repeat(10_000),
];

export function trickyParagraphs(): Paragraph[] {
  return TRICKY_TEXTS.map((text, i) => ({
    paragraph_id: `doc-p${String(i + 1).padStart(3, '0')}`,
    doc_id: 'doc',
    position: i + 1,
    section: i % 3 === 0 ? null : TRICKY_TEXTS[(i + 5) % TRICKY_TEXTS.length]!,
    text,
    language: i % 6 === 0 ? 'und-Latn' : 'en',
    char_count: [...text].length,
    word_count: i,
    text_sha256: createHash('sha256').update(text).digest('hex'),
    duplicate_of: i % 7 === 3 ? 'doc-p001' : null,
    edits: i % 2 ? '[]' : JSON.stringify([{ rule: 'nfc', from: 'e\u0301', to: 'é', at: i }]),
    title: i % 4 === 0 ? null : 'A "title", with, commas',
    date: i % 5 === 0 ? null : `20${String(10 + i).padStart(2, '0')}-0${(i % 9) + 1}-${String((i % 28) + 1).padStart(2, '0')}`,
    collection: null,
    source_path: 'sources/x/raw/a file, with "quotes".txt',
    source_sha256: 'a'.repeat(64),
    source_byte_start: i * 100,
    source_byte_end: i * 100 + 50,
    source_line_start: i + 1,
    source_line_end: i + 2,
  }));
}
