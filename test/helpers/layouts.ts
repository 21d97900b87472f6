/**
 * The layout fixtures (test/fixtures/layouts/<case>/): a raw input.txt, its
 * case.json (profile, language, encoding) and a hand-written expected.json.
 * Each case runs through the real stages; the score counts every expected
 * field, paragraph boundary, section, note and message that came out right.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { replay } from '../../pipeline/normalise/index.js';
import type { SourceFile } from '../../pipeline/file.js';
import { runAll, sourceFile } from './files.js';
import { repoRoot } from './paths.js';

export const layoutsDir = join(repoRoot, 'test/fixtures/layouts');

export interface Expected {
  document: Record<string, unknown>;
  paragraphs: { section: string | null; text: string; language?: string }[];
  notes: { marker: string; text: string; anchor: number | 'title' | null }[];
  messages: string[];
}

export interface Check {
  what: string;
  ok: boolean;
  expected: unknown;
  actual: unknown;
}

export const layoutCases = (): string[] => readdirSync(layoutsDir).filter((d) => existsSync(join(layoutsDir, d, 'expected.json'))).sort();

export async function runCase(name: string): Promise<SourceFile> {
  const dir = join(layoutsDir, name);
  const options = JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8')) as { profile?: string; language?: string; encoding?: string };
  const input = readdirSync(dir).find((f) => f.startsWith('input.'))!;
  const file = sourceFile(readFileSync(join(dir, input)), {
    profile: (options.profile ?? 'auto') as 'auto',
    language: options.language ?? 'en',
    encoding: options.encoding ?? 'auto',
  });
  return runAll(file);
}

export function score(file: SourceFile, expected: Expected): Check[] {
  const checks: Check[] = [];
  const check = (what: string, expectedValue: unknown, actual: unknown) =>
    checks.push({ what, ok: JSON.stringify(expectedValue) === JSON.stringify(actual), expected: expectedValue, actual });
  const rows = file.rows;
  const doc = (rows?.document ?? {}) as Record<string, unknown>;
  for (const [field, value] of Object.entries(expected.document)) check(`document.${field}`, value, doc[field] ?? null);
  const paragraphs = rows?.paragraphs ?? [];
  const count = Math.max(paragraphs.length, expected.paragraphs.length);
  for (let i = 0; i < count; i++) {
    const e = expected.paragraphs[i];
    const a = paragraphs[i];
    check(`paragraph ${i + 1} text`, e?.text ?? null, a?.text ?? null);
    check(`paragraph ${i + 1} section`, e ? e.section : null, a ? a.section : null);
    if (e?.language) check(`paragraph ${i + 1} language`, e.language, a?.language ?? null);
  }
  const notes = rows?.notes ?? [];
  const position = (anchor: string | null) => (anchor === null || anchor === 'title' ? anchor : paragraphs.find((p) => p.paragraph_id === anchor)?.position ?? anchor);
  for (let i = 0; i < Math.max(notes.length, expected.notes.length); i++) {
    const e = expected.notes[i];
    const a = notes[i];
    check(`note ${i + 1}`, e ? { marker: e.marker, text: e.text, anchor: e.anchor } : null, a ? { marker: a.marker, text: a.text, anchor: position(a.anchor) } : null);
  }
  // Provenance: every paragraph and note is its byte range of the raw file, decoded and with its edits replayed.
  if (rows) {
    const raw = readFileSync(file.path);
    const encoding = rows.document.source_encoding;
    const back = [...paragraphs, ...notes].filter((r) => replay(iconv.decode(raw.subarray(r.source_byte_start, r.source_byte_end), encoding), JSON.parse(r.edits)) !== r.text);
    check('byte ranges and edits give every text back', [], back.map((r) => r.text));
  }
  const rules = new Set<string>(file.messages.map((m) => m.rule));
  for (const rule of expected.messages) check(`message ${rule}`, true, rules.has(rule));
  check('no errors', [], file.messages.filter((m) => m.level === 'error').map((m) => `${m.rule}: ${m.message}`));
  return checks;
}

export async function scoreAll(): Promise<{ name: string; checks: Check[] }[]> {
  const out = [];
  for (const name of layoutCases()) {
    const expected = JSON.parse(readFileSync(join(layoutsDir, name, 'expected.json'), 'utf8')) as Expected;
    out.push({ name, checks: score(await runCase(name), expected) });
  }
  return out;
}
