/** Files written into a dataset folder, with their size and SHA-256. */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The names of the files beside the tables, in the order they are written. */
export const REJECTED_FILE = 'rejected.jsonl';
export const CHART_FILE = 'paragraph-lengths.svg';
export const CITATION_FILE = 'CITATION.cff';
export const CROISSANT_FILE = 'croissant.json';
export const CARD_FILE = 'README.md';

export interface WrittenFile {
  /** POSIX path relative to the dataset folder. */
  path: string;
  bytes: number;
  sha256: string;
  table?: string;
  format?: string;
  rows?: number;
}

export async function describeFile(dir: string, path: string, extra: Partial<WrittenFile> = {}): Promise<WrittenFile> {
  const full = join(dir, path);
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(full)) hash.update(chunk as Buffer);
  return { path, bytes: (await stat(full)).size, sha256: hash.digest('hex'), ...extra };
}

export async function writeJson(dir: string, path: string, value: unknown): Promise<WrittenFile> {
  await writeFile(join(dir, path), `${JSON.stringify(value, null, 2)}\n`);
  return describeFile(dir, path);
}

export async function writeText(dir: string, path: string, text: string): Promise<WrittenFile> {
  await writeFile(join(dir, path), text);
  return describeFile(dir, path);
}

/** `sha256sum -c` format: "<hex>  <path>" per line, sorted by path. */
export function sha256sums(files: readonly WrittenFile[]): string {
  return [...files]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((f) => `${f.sha256}  ${f.path}\n`)
    .join('');
}
