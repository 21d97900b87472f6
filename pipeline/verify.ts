/**
 * `verify`: checks published dataset folders against their SHA256SUMS and
 * their metadata (like `sha256sum -c`), and with `fresh` against a rebuild
 * from their sources (like `dvc status`). Every problem is a message on the
 * file it concerns; nothing is thrown but bugs, bad options and interrupts.
 */
import { createHash, type Hash } from 'node:crypto';
import { mkdtemp, open, readdir, rm, stat, writeFile, type FileHandle } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, isAbsolute, join, posix, relative, resolve } from 'node:path';
import { checkFolder, DATAPACKAGE_FILE, PROVENANCE_FILE, readJson, short } from './check-folder.js';
import { filesUnder, SUMS_FILE } from './checksums.js';
import { VERIFY_OWNER_FILE, VERIFY_TEMP_PREFIX } from './clean.js';
import { createMessage, type Message, type Place, type RuleId } from './messages.js';
import { describeFile } from './metadata/files.js';
import { build, ConfigError, resolveOptions, type BuildOptions, type Format } from './run.js';
import { byPath, shownPath } from './sources.js';
import { leaveNothing } from './leftovers.js';

export interface VerifyOptions {
  /** Folder the datasets are published into; default 'output' (resolved against cwd). */
  out?: string;
  /** Dataset folders to verify (paths, e.g. 'output/governance-of-china'); default: every folder directly under `out` whose name does not start with '.'. */
  datasets?: string[];
  /** Also rebuild each dataset from its sources into a temporary folder and compare every file byte for byte. */
  fresh?: boolean;
  /** With fresh: folder of the sources (default 'sources'), cache on/off and folder, worker threads — passed on to build(). */
  sources?: string;
  cache?: boolean;
  cacheDir?: string;
  concurrency?: number;
  /** Stops a fresh rebuild; verify then throws `signal.reason`. */
  signal?: AbortSignal;
  /** Progress of a fresh rebuild, as build() reports it. */
  onProgress?: BuildOptions['onProgress'];
}

export interface DatasetVerification {
  name: string;
  /** POSIX, relative to the working directory. */
  dir: string;
  /** No message about this dataset. */
  ok: boolean;
  /** Files whose checksum was checked ok. */
  checked: number;
  /** With fresh: files compared (those of both folders) and those that differ or are on one side only; null without fresh or when no rebuild was made. */
  fresh: null | { compared: number; differing: number };
  messages: Message[];
}

export interface VerifyReport {
  datasets: DatasetVerification[];
  /** Every message, in order. */
  messages: Message[];
  /** 2 a folder is no dataset or cannot be rebuilt; 1 some other check failed; 0 all is well. */
  exitCode: 0 | 1 | 2;
}

/** Files compared line by line as well, so drift is reported with a line. */
const TEXT_FILE = /(\.(jsonl|csv|json|md|cff|svg)|^SHA256SUMS)$/;

/** POSIX path relative to the working directory, as messages name files. */
const shown = shownPath;
const message = (rule: RuleId, file: string, text: string, place?: Place) => createMessage(rule, 'verify', file, text, place);

async function isDirectory(path: string): Promise<boolean | null> {
  try {
    return (await stat(path)).isDirectory();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Reads `handle` until `buffer` is full or the file ends. */
async function fill(handle: FileHandle, buffer: Buffer): Promise<number> {
  let n = 0;
  while (n < buffer.length) {
    const { bytesRead } = await handle.read(buffer, n, buffer.length - n, null);
    if (bytesRead === 0) break;
    n += bytesRead;
  }
  return n;
}

interface Side {
  bytes: number;
  sha256: string;
  /** The byte at the first difference; null where the file has ended. */
  at: number | null;
}

/** The first byte at which two files differ (null when they are equal), with the 1-based line of that byte; both are read in lockstep, a chunk at a time. */
async function firstDifference(a: string, b: string): Promise<{ offset: number; line: number; a: Side; b: Side } | null> {
  const CHUNK = 1 << 16;
  const first = await open(a);
  const files = [first, await open(b).catch(async (error: unknown) => {
    await first.close();
    throw error;
  })] as const;
  try {
    const buffers = [Buffer.alloc(CHUNK), Buffer.alloc(CHUNK)] as const;
    const hashes: [Hash, Hash] = [createHash('sha256'), createHash('sha256')];
    const sides: [Side, Side] = [{ bytes: 0, sha256: '', at: null }, { bytes: 0, sha256: '', at: null }];
    let offset = -1;
    let line = 1;
    for (;;) {
      const [na, nb] = [await fill(files[0], buffers[0]), await fill(files[1], buffers[1])];
      if (offset === -1) {
        let i = 0;
        const n = Math.min(na, nb);
        if (buffers[0].compare(buffers[1], 0, n, 0, n) === 0) i = n;
        else while (buffers[0][i] === buffers[1][i]) i++;
        for (let nl = buffers[0].indexOf(0x0a); nl !== -1 && nl < i; nl = buffers[0].indexOf(0x0a, nl + 1)) line++;
        if (i < na || i < nb) {
          offset = sides[0].bytes + i;
          sides[0].at = i < na ? buffers[0][i]! : null;
          sides[1].at = i < nb ? buffers[1][i]! : null;
        }
      }
      hashes[0].update(buffers[0].subarray(0, na));
      hashes[1].update(buffers[1].subarray(0, nb));
      sides[0].bytes += na;
      sides[1].bytes += nb;
      if (na === 0 && nb === 0) break;
    }
    if (offset === -1) return null;
    sides[0].sha256 = hashes[0].digest('hex');
    sides[1].sha256 = hashes[1].digest('hex');
    return { offset, line, a: sides[0], b: sides[1] };
  } finally {
    await Promise.all(files.map((f) => f.close()));
  }
}

const hex = (byte: number | null) => (byte === null ? 'the end of the file' : `0x${byte.toString(16).padStart(2, '0').toUpperCase()}`);

/** One drift message per file that differs between the published folder and the fresh one, or is in one only. */
async function compareFolders(published: string, fresh: string, shownDir: string): Promise<{ messages: Message[]; compared: number }> {
  const [ours, theirs] = [new Set(await filesUnder(published)), new Set(await filesUnder(fresh))];
  const all = [...new Set([...ours, ...theirs])].sort(byPath);
  const messages: Message[] = [];
  for (const path of all) {
    const file = posix.join(shownDir, path);
    if (!theirs.has(path)) {
      const { bytes } = await describeFile(published, path);
      messages.push(message('verify/drift', file, `${path} (${bytes} bytes) is published, but a fresh build makes no such file`));
    } else if (!ours.has(path)) {
      const { bytes, sha256 } = await describeFile(fresh, path);
      messages.push(message('verify/drift', file, `A fresh build makes ${path} (${bytes} bytes, SHA-256 ${short(sha256)}), which is not published`));
    } else {
      const d = await firstDifference(join(published, path), join(fresh, path));
      if (!d) continue;
      const text = TEXT_FILE.test(path);
      messages.push(
        message(
          'verify/drift',
          file,
          `Differs from a fresh build from byte ${d.offset}${text ? ` (line ${d.line})` : ''}: ${hex(d.a.at)} where the fresh build has ${hex(d.b.at)}; published ${d.a.bytes} bytes, SHA-256 ${short(d.a.sha256)}, fresh ${d.b.bytes} bytes, SHA-256 ${short(d.b.sha256)}`,
          text ? { line: d.line, byte_offset: d.offset } : { byte_offset: d.offset },
        ),
      );
    }
  }
  return { messages, compared: all.length };
}

/** How the dataset was built, from its provenance.json; a build without SOURCE_DATE_EPOCH or commit, in every format, when it cannot be read. */
async function buildSettings(dir: string) {
  const json = await readJson(join(dir, PROVENANCE_FILE));
  const p = (json && 'value' in json ? json.value : {}) as {
    dataset?: unknown;
    options?: { formats?: unknown; max_file_size?: unknown; follow_external_links?: unknown; csv_excel_safe?: unknown };
    pipeline?: { git_commit?: unknown };
    build?: { source_date_epoch?: unknown };
    runtime?: { unicode?: unknown };
  };
  return {
    unicode: typeof p.runtime?.unicode === 'string' ? p.runtime.unicode : null,
    name: typeof p.dataset === 'string' ? p.dataset : basename(dir),
    formats: Array.isArray(p.options?.formats) ? (p.options.formats as Format[]) : undefined,
    maxFileSize: typeof p.options?.max_file_size === 'number' ? p.options.max_file_size : undefined,
    followExternalLinks: p.options?.follow_external_links === true,
    csvExcelSafe: p.options?.csv_excel_safe === true,
    gitCommit: typeof p.pipeline?.git_commit === 'string' ? p.pipeline.git_commit : null,
    sourceDateEpoch: typeof p.build?.source_date_epoch === 'number' ? p.build.source_date_epoch : null,
  };
}

/** Rebuilds one dataset into a temporary folder, removed afterwards, and compares it with the published one. */
async function rebuild(dir: string, shownDir: string, options: VerifyOptions): Promise<{ messages: Message[]; fresh: DatasetVerification['fresh'] }> {
  const sources = resolve(options.sources ?? 'sources');
  const settings = await buildSettings(dir);
  const sourceDir = join(sources, settings.name);
  const noSources = (file: string, text: string) => ({ messages: [message('verify/no-sources', file, text)], fresh: null });
  if (!(await isDirectory(sourceDir))) return noSources(shown(sourceDir), `No source folder ${shown(sourceDir)} to rebuild ${shownDir} from`);
  // NFC, word counts and script classes follow the runtime's Unicode version, which provenance.json records: another one is not drift.
  if (settings.unicode !== null && settings.unicode !== process.versions.unicode) {
    const text = `${shownDir} was built by a Node with Unicode ${settings.unicode}, this one has Unicode ${process.versions.unicode} (Node ${process.version}): a rebuild here would differ without any drift; verify with the Node version the dataset was built with (.nvmrc)`;
    return { messages: [message('verify/other-runtime', `${shownDir}/provenance.json`, text)], fresh: null };
  }
  const tmp = await mkdtemp(join(tmpdir(), VERIFY_TEMP_PREFIX));
  const forget = leaveNothing(() => rmSync(tmp, { recursive: true, force: true }));
  // Which process owns the folder, so that `clean` leaves the folder of a verify still running alone.
  await writeFile(join(tmp, VERIFY_OWNER_FILE), `${process.pid}\n`);
  // A cache inside the dataset being verified would become part of it (and of the comparison): rebuild without one then.
  const cacheDir = resolve(options.cacheDir ?? join('.cache', 'speech-datasets'));
  const cacheInside = !relative(dir, cacheDir).startsWith('..') && !isAbsolute(relative(dir, cacheDir));
  try {
    let report;
    try {
      report = await build({
        sources,
        out: tmp,
        only: [settings.name],
        formats: settings.formats,
        maxFileSize: settings.maxFileSize,
        followExternalLinks: settings.followExternalLinks,
        csvExcelSafe: settings.csvExcelSafe,
        gitCommit: settings.gitCommit,
        // Given even when null, so that SOURCE_DATE_EPOCH in the environment cannot change the rebuild.
        sourceDateEpoch: settings.sourceDateEpoch,
        cache: cacheInside ? false : options.cache,
        cacheDir: options.cacheDir,
        concurrency: options.concurrency,
        signal: options.signal,
        onProgress: options.onProgress,
      });
    } catch (error) {
      // The build names the sources folder by its absolute path, which would make the message differ from machine to machine.
      if (error instanceof ConfigError) return noSources(shown(sourceDir), `Cannot rebuild ${shownDir}: ${error.message.replaceAll(sources, shown(sources))}`);
      throw error;
    }
    options.signal?.throwIfAborted();
    if (report.failures.length) throw report.failures[0]!.error;
    if (report.problems.length) {
      // SourceProblem.file is relative to the folder that holds the sources.
      return { messages: report.problems.map((p) => message('verify/no-sources', shown(join(dirname(sources), p.file)), `Cannot rebuild ${shownDir}: ${p.message}`)), fresh: null };
    }
    const fresh = join(tmp, settings.name);
    if (!(await isDirectory(fresh))) {
      return { messages: [message('verify/drift', shownDir, `A fresh build publishes nothing: every input of ${shown(sourceDir)} is rejected now`)], fresh: { compared: 0, differing: 1 } };
    }
    const { messages, compared } = await compareFolders(dir, fresh, shownDir);
    return { messages, fresh: { compared, differing: messages.length } };
  } finally {
    await rm(tmp, { recursive: true, force: true });
    forget();
  }
}

async function verifyDataset(path: string, options: VerifyOptions): Promise<DatasetVerification> {
  const dir = resolve(path);
  const shownDir = shown(dir);
  const result: DatasetVerification = { name: basename(dir), dir: shownDir, ok: false, checked: 0, fresh: null, messages: [] };
  const isDir = await isDirectory(dir);
  if (!isDir) {
    result.messages.push(message('verify/not-a-dataset', shownDir, isDir === null ? `${shownDir} does not exist` : `${shownDir} is a file, not a dataset folder`));
    return result;
  }
  const [sums, datapackage] = await Promise.all([stat(join(dir, SUMS_FILE)).catch(() => null), stat(join(dir, DATAPACKAGE_FILE)).catch(() => null)]);
  if (!sums && !datapackage) {
    result.messages.push(message('verify/not-a-dataset', shownDir, `${shownDir} has no SHA256SUMS and no datapackage.json`));
    return result;
  }
  const { messages, checked } = await checkFolder(dir, shownDir);
  result.messages.push(...messages);
  result.checked = checked;
  if (options.fresh) {
    const rebuilt = await rebuild(dir, shownDir, options);
    result.messages.push(...rebuilt.messages);
    result.fresh = rebuilt.fresh;
  }
  result.ok = result.messages.length === 0;
  return result;
}

/** Verifies each dataset folder; data problems are messages, and only bad options (ConfigError), interrupts and bugs throw. */
export async function verify(options: VerifyOptions = {}): Promise<VerifyReport> {
  // The build options are checked at the door, not reported as a dataset that cannot be rebuilt.
  if (options.fresh) resolveOptions({ sources: options.sources, concurrency: options.concurrency, cache: options.cache, cacheDir: options.cacheDir, sourceDateEpoch: null });
  const out = resolve(options.out ?? 'output');
  let folders = options.datasets;
  if (!folders) {
    const entries = await readdir(out, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return [];
      throw error;
    });
    folders = entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => join(out, e.name)).sort(byPath);
  }
  if (folders.length === 0) {
    const messages = [message('verify/not-a-dataset', shown(out), `${shown(out)} holds no dataset folder`)];
    return { datasets: [], messages, exitCode: 2 };
  }
  const datasets: DatasetVerification[] = [];
  for (const folder of folders) {
    options.signal?.throwIfAborted();
    datasets.push(await verifyDataset(folder, options));
  }
  const messages = datasets.flatMap((d) => d.messages);
  // Checking a whole output folder against its sources, a collection with no dataset is drift too.
  if (options.fresh && !options.datasets) {
    const sources = resolve(options.sources ?? 'sources');
    const published = new Set(datasets.map((d) => d.name));
    for (const entry of await readdir(sources, { withFileTypes: true }).catch(() => [])) {
      if (!entry.isDirectory() || entry.name.startsWith('.') || published.has(entry.name) || (await isDirectory(join(sources, entry.name, 'source.json'))) !== false) continue;
      messages.push(message('verify/drift', shown(join(out, entry.name)), `${shown(join(sources, entry.name))} has no published dataset ${shown(join(out, entry.name))}: a fresh build would make one`));
    }
  }
  const fatal = messages.some((m) => m.rule === 'verify/not-a-dataset' || m.rule === 'verify/no-sources' || m.rule === 'verify/other-runtime');
  return { datasets, messages, exitCode: fatal ? 2 : messages.some((m) => m.level === 'error') ? 1 : 0 };
}
