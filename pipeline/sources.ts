/** Finding the datasets under sources/: each folder with a source.json and its raw files. */
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { isUtf8 } from 'node:buffer';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { SourceConfig } from '../schemas/source.js';
import { createMessage, type Message, type RuleId } from './messages.js';
import { findNodeAtLocation } from 'jsonc-parser';
import { checkJson, placeOf } from './json-file.js';
import { canonicalEncoding } from './text/encoding.js';

export interface LoadedSource {
  /** The folder name, which is also the dataset name. */
  name: string;
  dir: string;
  config: SourceConfig;
  /** POSIX path of its source.json relative to the folder that holds sources/, for messages. */
  configFile: string;
  /** Absolute paths of the raw files, sorted by their POSIX path relative to `root`. */
  files: { path: string; relPath: string }[];
  /** Warnings about entries of raw/ that are left out (links not followed, entries that are not files). */
  messages: Message[];
}

export interface SourceProblem {
  name: string;
  file: string;
  message: string;
  /** Where in source.json, when the problem is in it. */
  line?: number;
  column?: number;
  /** Default: source/invalid-config. */
  rule?: 'source/invalid-config' | 'source/no-raw-files';
}

const SOURCE_KEYS = Object.keys(SourceConfig.shape);

/** A source folder that cannot be read, as a catalogued message placed at its source.json or raw/. */
export const problemMessage = (p: SourceProblem): Message => createMessage(p.rule ?? 'source/invalid-config', 'sources', p.file, p.message, p.line === undefined ? {} : { line: p.line, column: p.column });

export const toPosix = (p: string) => p.split(sep).join('/');

/** A path as reports show it: relative to the working directory, POSIX, so that a report names no machine's folders. */
export const shownPath = (path: string): string => toPosix(relative(process.cwd(), resolve(path))) || '.';

/** Code-unit order, the same on every machine and locale. */
export const byPath = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** raw/ is a link that leads outside the sources folder, and links outside are not followed. */
class OutsideError extends Error {
  override name = 'OutsideError';
}

/** `path` is `dir` or inside it (both real paths). */
const isWithin = (path: string, dir: string) => {
  const r = relative(dir, path);
  return r === '' || (r !== '..' && !r.startsWith(`..${sep}`) && !isAbsolute(r));
};

export interface WalkOptions {
  /** Real path of the sources folder: links are followed only to places inside it, unless `externalLinks`. */
  sourcesRoot: string;
  /** The folder that holds sources/: messages name paths relative to it. */
  root: string;
  externalLinks: boolean;
}

const shownName = (path: string, root: string) => toPosix(relative(root, path));

/**
 * The files under a raw/ folder, at any depth, without following the walk anywhere it should not go:
 * names starting with "." are left out; a link is followed only to a file or folder inside the sources
 * folder (anywhere with `externalLinks`), never to a folder already on its way (a loop) or to a folder or
 * file inside this raw/ folder (walked anyway); raw/ itself too must lie inside the sources folder; entries that are not files, names that are not UTF-8 and folders that
 * cannot be read are left out with a warning each. Iterative, so depth costs no stack.
 */
export async function walk(rawDir: string, options: WalkOptions): Promise<{ files: string[]; messages: Message[] }> {
  const files: string[] = [];
  const messages: Message[] = [];
  const warn = (rule: RuleId, path: string, text: string) => messages.push(createMessage(rule, 'sources', shownName(path, options.root), text));
  const rawReal = await realpath(rawDir);
  // raw/ itself may be a link: the same rule as for any link in it.
  if (!options.externalLinks && !isWithin(rawReal, options.sourcesRoot)) throw new OutsideError();
  // Each folder still to walk, with the real paths of the folders on its way (a link back to one of them is a loop).
  const stack: { dir: string; above: string[] }[] = [{ dir: rawDir, above: [rawReal] }];
  while (stack.length > 0) {
    const { dir, above } = stack.pop()!;
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true, encoding: 'buffer' });
    } catch (error) {
      if (dir === rawDir) throw error;
      warn('source/folder-unreadable', dir, `The folder cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}); its files are left out`);
      continue;
    }
    const next: { dir: string; above: string[] }[] = [];
    for (const entry of entries.sort((a, b) => Buffer.compare(a.name, b.name))) {
      const bytes = entry.name;
      if (bytes[0] === 0x2e) continue; // "."
      if (!isUtf8(bytes)) {
        warn('source/file-name', join(dir, bytes.toString('utf8')), `The name ${JSON.stringify(bytes.toString('latin1'))} is not valid UTF-8, so it cannot be recorded as it is; the entry is left out`);
        continue;
      }
      const path = join(dir, bytes.toString('utf8'));
      let kind: { isFile(): boolean; isDirectory(): boolean } = entry;
      let real: string | null = null;
      if (entry.isSymbolicLink()) {
        try {
          real = await realpath(path);
          kind = await stat(real);
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code === 'ELOOP') warn('source/link-loop', path, 'The link leads back to itself through other links; it is not followed');
          else warn('source/link-broken', path, `The link leads nowhere (${code ?? String(error)}); it is left out`);
          continue;
        }
        if (!options.externalLinks && !isWithin(real, options.sourcesRoot)) {
          // Not where to: the target's path is of this machine, and messages are published.
          warn('source/link-outside', path, 'The link leads outside the sources folder; it is not followed unless links outside are allowed (--follow-external-links)');
          continue;
        }
      }
      if (kind.isDirectory()) {
        if (real !== null && (above.some((a) => isWithin(a, real!)) || isWithin(real, rawReal))) {
          warn('source/link-loop', path, `The link leads to ${above.some((a) => isWithin(a, real!)) ? 'a folder on its own way (a loop)' : 'a folder inside the same raw/ folder, which is walked anyway'}; it is not followed, so no file is read twice through it`);
          continue;
        }
        const own = real ?? (await realpath(path).catch(() => path));
        next.push({ dir: path, above: [...above, own] });
      } else if (kind.isFile()) {
        if (real !== null && isWithin(real, rawReal)) {
          warn('source/link-loop', path, 'The link leads to a file inside the same raw/ folder, which is read under its own name; it is not followed, so the file is not read twice');
          continue;
        }
        files.push(path);
      } else warn('source/not-a-file', path, 'The entry is not a regular file (a FIFO, a socket or a device), so it is not read');
    }
    // Reversed onto the stack, so folders are walked in name order.
    for (const n of next.reverse()) stack.push(n);
  }
  messages.sort((a, b) => byPath(a.file, b.file));
  return { files, messages };
}

export async function loadSources(sourcesDir: string, only?: readonly string[], { externalLinks = false } = {}): Promise<{ sources: LoadedSource[]; problems: SourceProblem[] }> {
  const root = join(sourcesDir, '..');
  const sourcesRoot = await realpath(sourcesDir);
  const sources: LoadedSource[] = [];
  const problems: SourceProblem[] = [];
  const entries = (await readdir(sourcesDir, { withFileTypes: true }))
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort(byPath);
  for (const name of entries) {
    if (only && !only.includes(name)) continue;
    const dir = join(sourcesDir, name);
    const configPath = join(dir, 'source.json');
    const file = toPosix(relative(root, configPath));
    let text: string;
    try {
      text = await readFile(configPath, 'utf8');
    } catch (error) {
      problems.push({ name, file, message: (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'source.json is missing' : `source.json cannot be read: ${(error as Error).message}` });
      continue;
    }
    const parsed = checkJson(text, SourceConfig, SOURCE_KEYS);
    if ('problems' in parsed) {
      for (const p of parsed.problems) problems.push({ name, file, message: p.message, line: p.line, column: p.column });
      continue;
    }
    const at = (key: string) => {
      const node = findNodeAtLocation(parsed.root, [key]);
      return node ? placeOf(text, node.offset) : {};
    };
    if (parsed.data.name !== name) {
      problems.push({ name, file, message: `\`name\`: "${parsed.data.name}" must equal the folder name "${name}"`, ...at('name') });
      continue;
    }
    if (parsed.data.encoding !== 'auto') {
      const canonical = canonicalEncoding(parsed.data.encoding);
      if (!canonical) {
        problems.push({ name, file, message: `\`encoding\`: "${parsed.data.encoding}" is not a known encoding (e.g. "windows-1252", "iso-8859-15", "gb18030")`, ...at('encoding') });
        continue;
      }
      parsed.data.encoding = canonical;
    }
    let paths: string[];
    let messages: Message[];
    try {
      ({ files: paths, messages } = await walk(join(dir, 'raw'), { sourcesRoot, root, externalLinks }));
    } catch (error) {
      const why = error instanceof OutsideError
        ? 'The raw/ folder is a link that leads outside the sources folder; it is not followed unless links outside are allowed (--follow-external-links)'
        : `Cannot read the raw/ folder beside source.json: ${(error as Error).message}`;
      problems.push({ name, file: toPosix(relative(root, join(dir, 'raw'))), message: why, rule: 'source/no-raw-files' });
      continue;
    }
    if (paths.length === 0) {
      problems.push({ name, file: toPosix(relative(root, join(dir, 'raw'))), message: 'The raw/ folder holds no files', rule: 'source/no-raw-files' });
      continue;
    }
    const files = paths.map((path) => ({ path, relPath: toPosix(relative(root, path)) })).sort((a, b) => byPath(a.relPath, b.relPath));
    sources.push({ name, dir, config: parsed.data, configFile: file, files, messages });
  }
  return { sources, problems };
}
