/** Files written into a dataset folder, with their size and SHA-256. */
import { createHash, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
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

/**
 * writeJson for a value with long top-level arrays (provenance.json's inputs
 * and messages): the same bytes as JSON.stringify(value, null, 2), written an
 * element at a time, so a corpus of many files never becomes one string.
 */
export async function writeJsonStreamed(dir: string, path: string, value: Record<string, unknown>, long: readonly string[]): Promise<WrittenFile> {
  // A placeholder no value can hold by chance: the long arrays are written where it stands, in the object's key order.
  const nonce = randomUUID();
  const marker = (key: string) => `\u0000${key}-${nonce}\u0000`;
  const keys = Object.keys(value).filter((k) => long.includes(k) && Array.isArray(value[k]));
  const shell = JSON.stringify(Object.fromEntries(Object.entries(value).map(([k, v]) => [k, keys.includes(k) ? marker(k) : v])), null, 2);
  const file = createWriteStream(join(dir, path));
  let failure: Error | undefined;
  file.on('error', (error) => (failure ??= error));
  const put = async (text: string) => {
    if (failure) throw failure;
    if (!file.write(text) && !file.destroyed) await once(file, 'drain');
  };
  try {
    let rest = `${shell}\n`;
    for (const key of keys) {
      const quoted = JSON.stringify(marker(key));
      const at = rest.indexOf(quoted);
      await put(rest.slice(0, at));
      rest = rest.slice(at + quoted.length);
      const items = value[key] as readonly unknown[];
      if (items.length === 0) {
        await put('[]');
        continue;
      }
      // As JSON.stringify indents an element of a top-level array: four spaces, and two more a level; what it cannot write is null.
      let chunk = '[\n';
      for (const [i, item] of items.entries()) {
        chunk += `    ${(JSON.stringify(item, null, 2) ?? 'null').replaceAll('\n', '\n    ')}${i + 1 < items.length ? ',\n' : '\n  ]'}`;
        if (chunk.length >= 1 << 20) {
          await put(chunk);
          chunk = '';
        }
      }
      await put(chunk);
    }
    await put(rest);
    file.end();
    await finished(file);
    if (failure) throw failure;
  } catch (error) {
    file.destroy();
    throw error;
  }
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
