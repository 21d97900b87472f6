/** Finding the datasets under sources/: each folder with a source.json and its raw files. */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { SourceConfig } from '../schemas/source.js';
import { createMessage, type Message } from './messages.js';
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

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(path)));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}


export async function loadSources(sourcesDir: string, only?: readonly string[]): Promise<{ sources: LoadedSource[]; problems: SourceProblem[] }> {
  const root = join(sourcesDir, '..');
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
    try {
      paths = await walk(join(dir, 'raw'));
    } catch (error) {
      problems.push({ name, file: toPosix(relative(root, join(dir, 'raw'))), message: `Cannot read the raw/ folder beside source.json: ${(error as Error).message}`, rule: 'source/no-raw-files' });
      continue;
    }
    if (paths.length === 0) {
      problems.push({ name, file: toPosix(relative(root, join(dir, 'raw'))), message: 'The raw/ folder holds no files', rule: 'source/no-raw-files' });
      continue;
    }
    const files = paths.map((path) => ({ path, relPath: toPosix(relative(root, path)) })).sort((a, b) => byPath(a.relPath, b.relPath));
    sources.push({ name, dir, config: parsed.data, configFile: file, files });
  }
  return { sources, problems };
}
