/**
 * A dataset folder checked against itself: every file against SHA256SUMS
 * (like `sha256sum -c`, plus files it does not list), and the sizes, hashes
 * and row counts that datapackage.json, croissant.json and provenance.json
 * record against the files. `verify` runs it on published datasets, and the
 * dataset writer on its staging folder before publishing it.
 */
import { readFile, stat } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { checkSums, parseSums, SUMS_FILE } from './checksums.js';
import { createMessage, type Message, type Place, type RuleId } from './messages.js';
import { countJsonlRows } from './inspect/text.js';
import { formatOf, readTable } from './inspect/read.js';
import { CROISSANT_FILE, describeFile, type WrittenFile } from './metadata/files.js';

export const DATAPACKAGE_FILE = 'datapackage.json';
export const PROVENANCE_FILE = 'provenance.json';

export const short = (sha256: string) => `${sha256.slice(0, 12)}…`;
const message = (rule: RuleId, file: string, text: string, place?: Place) => createMessage(rule, 'verify', file, text, place);

export async function readJson(path: string): Promise<{ value: unknown } | { error: string } | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** What one metadata file records about one file; only the fields it records. */
interface Recorded {
  path: string;
  bytes?: number | string;
  sha256?: string;
  rows?: number;
}

type Json = Record<string, unknown>;
const list = (value: unknown, key: string): Json[] | null => {
  const items = (value as Json | null)?.[key];
  return Array.isArray(items) && items.every((i) => i && typeof i === 'object') ? (items as Json[]) : null;
};

/** The three metadata files, each as the list of files it describes and the fields that describe them. */
const METADATA: { file: string; key: string; read: (entry: Json) => Recorded }[] = [
  { file: DATAPACKAGE_FILE, key: 'resources', read: (r) => ({ path: r.path as string, bytes: r.bytes as number, sha256: r.hash as string }) },
  { file: PROVENANCE_FILE, key: 'outputs', read: (o) => ({ path: o.path as string, bytes: o.bytes as number, sha256: o.sha256 as string, rows: o.rows as number }) },
  { file: CROISSANT_FILE, key: 'distribution', read: (d) => ({ path: d.contentUrl as string, bytes: d.contentSize as string, sha256: d.sha256 as string }) },
];

/** How each metadata file writes a size and a hash, so that values compare as written. */
const asWritten = (file: string, bytes: number, sha256: string) =>
  file === DATAPACKAGE_FILE ? { bytes, sha256: `sha256:${sha256}` } : file === CROISSANT_FILE ? { bytes: `${bytes} B`, sha256 } : { bytes, sha256 };

const inside = (path: string) => !posix.isAbsolute(path) && !posix.normalize(path).split('/').includes('..');

/** SHA256SUMS and the metadata files, checked against the files of one dataset folder. */
export async function checkFolder(dir: string, shownDir: string): Promise<{ messages: Message[]; checked: number }> {
  const at = (path: string) => posix.join(shownDir, path);
  const status = await checkSums(dir);
  const messages: Message[] = [];
  // A file SHA256SUMS already faults is reported once: the metadata about it (or in it, when it is a metadata file) would only repeat that.
  const faulted = new Set([...status.mismatched, ...status.missing].map((f) => f.path));

  // The hash of a file that checked ok is the listed one: nothing is read twice.
  const listedOk = new Map<string, string>();
  if (status.found) {
    const ok = new Set(status.ok);
    for (const entry of parseSums(await readFile(join(dir, SUMS_FILE), 'utf8')).entries) if (ok.has(entry.path)) listedOk.set(entry.path, entry.sha256);
  }
  const actual = new Map<string, Promise<{ bytes: number; sha256: string } | null>>();
  const describe = (path: string) => {
    if (!actual.has(path)) {
      const sha256 = listedOk.get(path);
      const full = join(dir, path);
      const described = sha256 ? stat(full).then((s) => ({ bytes: s.size, sha256 })) : describeFile(dir, path);
      actual.set(path, described.catch(() => null));
    }
    return actual.get(path)!;
  };

  // Metadata first, so a checksum message can say which size was recorded.
  const metadata: Message[] = [];
  const recordedBytes = new Map<string, { bytes: number; by: string }>();
  for (const { file, key, read } of METADATA) {
    if (faulted.has(file)) continue;
    const json = await readJson(join(dir, file));
    if (json === null) continue; // SHA256SUMS says whether it should be there
    const entries = 'value' in json ? list(json.value, key) : null;
    if (!entries) {
      metadata.push(message('verify/metadata-mismatch', at(file), 'error' in json ? `${file} is not valid JSON: ${json.error}` : `${file} has no "${key}" list of files`));
      continue;
    }
    for (const [i, entry] of entries.entries()) {
      const record = read(entry);
      if (typeof record.path !== 'string' || !inside(record.path)) {
        metadata.push(message('verify/metadata-mismatch', at(file), `${file} lists ${JSON.stringify(record.path)} (entry ${i + 1} of "${key}"), which is not a path inside the dataset folder`));
        continue;
      }
      if (typeof record.bytes === 'number' && !recordedBytes.has(record.path)) recordedBytes.set(record.path, { bytes: record.bytes, by: file });
      if (faulted.has(record.path)) continue;
      const found = await describe(record.path);
      if (!found) {
        metadata.push(message('verify/metadata-mismatch', at(record.path), `${file} lists ${record.path}, which is not in the folder`));
        continue;
      }
      const written = asWritten(file, found.bytes, found.sha256);
      const recorded: string[] = [];
      const has: string[] = [];
      if (record.bytes !== written.bytes) {
        recorded.push(typeof record.bytes === 'number' ? `${record.bytes} bytes` : `size ${JSON.stringify(record.bytes ?? null)}`);
        has.push(`${found.bytes} bytes`);
      }
      if (record.sha256 !== written.sha256) {
        recorded.push(`SHA-256 ${typeof record.sha256 === 'string' ? short(record.sha256.replace(/^sha256:/, '')) : JSON.stringify(record.sha256 ?? null)}`);
        has.push(`SHA-256 ${short(found.sha256)}`);
      }
      if (file === PROVENANCE_FILE && record.path.endsWith('.jsonl') && record.rows !== undefined) {
        const lines = await countJsonlRows(join(dir, record.path));
        if (record.rows !== lines) {
          recorded.push(`${JSON.stringify(record.rows)} rows`);
          has.push(`${lines} lines`);
        }
      }
      if (recorded.length) metadata.push(message('verify/metadata-mismatch', at(record.path), `${file} records ${recorded.join(', ')}; the file has ${has.join(', ')}`));
    }
  }

  for (const { line, text } of status.malformed) {
    messages.push(message('verify/malformed-sums', at(SUMS_FILE), `Line ${line} is not "<64 hexadecimal digits>  <path>": ${JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text)}`, { line }));
  }
  const faults = [...status.mismatched.map((m) => ({ ...m, mismatch: true as const })), ...status.missing.map((m) => ({ ...m, mismatch: false as const }))];
  for (const f of faults.sort((a, b) => a.line - b.line)) {
    if (!f.mismatch) {
      messages.push(message('verify/missing-file', at(f.path), `SHA256SUMS lists ${f.path} (line ${f.line}), which is not in the folder or cannot be read`));
      continue;
    }
    const size = (await stat(join(dir, f.path))).size;
    const record = recordedBytes.get(f.path);
    const sizes = record === undefined ? `${size} bytes` : record.bytes === size ? `${size} bytes, as ${record.by} records` : `${size} bytes where ${record.by} records ${record.bytes}`;
    messages.push(message('verify/checksum-mismatch', at(f.path), `SHA-256 is ${short(f.actual)} where SHA256SUMS (line ${f.line}) lists ${short(f.expected)}; ${sizes}`));
  }
  for (const path of status.unlisted) messages.push(message('verify/unlisted-file', at(path), `${path} is in the folder but SHA256SUMS does not list it`));
  if (!status.found) {
    messages.push(message('verify/missing-file', at(SUMS_FILE), 'The folder has no SHA256SUMS, so no checksum vouches for its files; only the metadata was checked'));
  }
  return { messages: [...messages, ...metadata], checked: status.ok.length };
}

/** A dataset written into its staging folder does not check out: it is not published. */
export class StagedCheckError extends Error {
  override name = 'StagedCheckError';
  constructor(
    readonly dataset: string,
    readonly problems: string[],
  ) {
    super(`The dataset ${dataset} as written does not check out, so it was not published (what was published before is kept): ${problems.join('; ')}`);
  }
}

/**
 * The last step before publishing: the staging folder passes `verify`'s checks, and each table file,
 * read back by its format's reader, holds the rows the build counted. Throws StagedCheckError.
 */
export async function checkStaged(dataset: string, dir: string, tables: readonly WrittenFile[]): Promise<void> {
  const { messages } = await checkFolder(dir, '.');
  const problems = messages.map((m) => `${m.file}: ${m.message}`);
  for (const file of tables) {
    const format = formatOf(file.path);
    // JSON Lines rows were counted above, against provenance.json, which records the build's counts.
    if (!format || format === 'jsonl' || file.rows === undefined) continue;
    const found = await readTable(join(dir, file.path), format, 0, null).then((t) => t.rows, (error: Error) => error.message);
    if (found !== file.rows) problems.push(`${file.path}: ${typeof found === 'number' ? `${found} rows read back where the build wrote ${file.rows}` : found}`);
  }
  if (problems.length) throw new StagedCheckError(dataset, problems);
}
