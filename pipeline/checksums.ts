/**
 * Checking a published dataset folder against its SHA256SUMS, as
 * `sha256sum -c SHA256SUMS` does, and also for files the list does not name.
 * `verify` reports it; `inspect` shows its status.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describeFile } from './metadata/files.js';
import { byPath } from './sources.js';

export const SUMS_FILE = 'SHA256SUMS';

export interface SumsEntry {
  sha256: string;
  /** POSIX path relative to the dataset folder. */
  path: string;
  /** 1-based line of SHA256SUMS that lists the file. */
  line: number;
}

export interface ChecksumStatus {
  /** False when the folder has no SHA256SUMS: nothing else can be said. */
  found: boolean;
  /** Lines of SHA256SUMS that are not "<64 hex>  <path>". */
  malformed: { line: number; text: string }[];
  listed: number;
  /** Listed files whose bytes hash to the listed value. */
  ok: string[];
  mismatched: { path: string; line: number; expected: string; actual: string }[];
  missing: { path: string; line: number }[];
  /** Files in the folder that SHA256SUMS does not list (SHA256SUMS itself excepted). */
  unlisted: string[];
}

export const checksumsOk = (s: ChecksumStatus): boolean =>
  s.found && s.malformed.length === 0 && s.mismatched.length === 0 && s.missing.length === 0 && s.unlisted.length === 0;

export function parseSums(text: string): { entries: SumsEntry[]; malformed: { line: number; text: string }[] } {
  const entries: SumsEntry[] = [];
  const malformed: { line: number; text: string }[] = [];
  text.split('\n').forEach((line, i) => {
    const raw = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (raw === '') return;
    // sha256sum's text mode ("  ") and binary mode (" *") markers.
    const m = /^([0-9a-f]{64}) [ *](.+)$/.exec(raw);
    // A path out of the folder is never ours: a downloaded SHA256SUMS must not make us hash other files.
    const inside = m && !m[2]!.startsWith('/') && !m[2]!.split('/').includes('..') && !/^[A-Za-z]:/.test(m[2]!);
    if (m && inside) entries.push({ sha256: m[1]!, path: m[2]!, line: i + 1 });
    else malformed.push({ line: i + 1, text: raw });
  });
  return { entries, malformed };
}

/** Every file below a folder, as POSIX paths relative to it, in code-unit order. */
export async function filesUnder(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(join(dir, prefix), { withFileTypes: true })) {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await filesUnder(dir, path)));
    else out.push(path);
  }
  return out.sort(byPath);
}

/** Hashes every listed file again; a file that cannot be read counts as missing. */
export async function checkSums(dir: string): Promise<ChecksumStatus> {
  let text: string;
  try {
    text = await readFile(join(dir, SUMS_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    return { found: false, malformed: [], listed: 0, ok: [], mismatched: [], missing: [], unlisted: [] };
  }
  const { entries, malformed } = parseSums(text);
  const status: ChecksumStatus = { found: true, malformed, listed: entries.length, ok: [], mismatched: [], missing: [], unlisted: [] };
  for (const entry of entries) {
    let actual: string;
    try {
      actual = (await describeFile(dir, entry.path)).sha256;
    } catch {
      status.missing.push({ path: entry.path, line: entry.line });
      continue;
    }
    if (actual === entry.sha256) status.ok.push(entry.path);
    else status.mismatched.push({ path: entry.path, line: entry.line, expected: entry.sha256, actual });
  }
  const listed = new Set(entries.map((e) => e.path));
  status.unlisted = (await filesUnder(dir)).filter((p) => p !== SUMS_FILE && !listed.has(p)).sort();
  return status;
}
