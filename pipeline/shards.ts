/**
 * Shards: `build --shard K/N` runs the file stages over the files whose path
 * hashes to shard K of N and stores their results, in source-path order, in
 * a shard folder (`<dataset>.shard-K-of-N/`: shard.json and results.v8, each
 * result a 4-byte little-endian length and the v8-serialised result). `merge`
 * reads the N folders of a dataset, interleaves their results back into
 * source-path order and hands them to the dataset writer, which does the rest
 * exactly as a one-machine build does: so the dataset is the same, byte for
 * byte. The sequence stages (unique ids, duplicates) need every file in
 * order, which is why they run at the merge.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { open, readdir, readFile, writeFile, type FileHandle } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import { basename, join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { pipelineFingerprint } from './cache.js';
import type { DatasetSource } from './dataset-writer.js';
import type { Message } from './messages.js';
import { failed, type ProcessedFile } from './processed.js';
import { discard, publish, stagingDir } from './publish.js';
import { byPath } from './sources.js';
import { PIPELINE } from './version.js';

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

const MANIFEST = 'shard.json';
const RESULTS = 'results.v8';
const FOLDER = /^(.+)\.shard-(\d+)-of-(\d+)$/;

/** Whether a file belongs to a shard: by the SHA-256 of its path, so the split is the same on every machine and even across shards. */
export function inShard(relPath: string, shard: Shard): boolean {
  return createHash('sha256').update(relPath).digest().readUInt32BE(0) % shard.count === shard.index - 1;
}

export const shardFolder = (dataset: string, shard: Shard) => `${dataset}.shard-${shard.index}-of-${shard.count}`;

interface Manifest {
  dataset: string;
  source: DatasetSource;
  shard: Shard;
  pipeline: { name: string; version: string; fingerprint: string };
  /** SHA-256 of the paths of every file of the dataset (all shards'): shards built from different file sets do not merge. */
  inputs: string;
  files: number;
  /** The build options that decided what was read; merge records them in provenance.json. */
  reading: ShardReading;
}

export interface ShardReading {
  maxFileSize: number;
  followExternalLinks: boolean;
}

/** SHA-256 of a dataset's file list, the same on every machine that sees the same files. */
export const inputsHash = (relPaths: readonly string[]): string => createHash('sha256').update(relPaths.join('\n')).digest('hex');

export interface ShardReport {
  name: string;
  dir: string;
  files: number;
  /** The errors of the files the file stages rejected in this shard. */
  rejected: Message[];
}

export class ShardWriter {
  constructor(
    private readonly out: string,
    private readonly source: DatasetSource,
    private readonly shard: Shard,
    /** The paths of every file of the dataset, in order. */
    private readonly allFiles: readonly string[],
    private readonly reading: ShardReading,
  ) {}

  /** Stores the results; returns what it stored and the messages of the files the file stages rejected (the merge reports every message). */
  async write(results: AsyncIterable<ProcessedFile>, beforePublish?: () => Promise<void>): Promise<ShardReport> {
    const destination = join(this.out, shardFolder(this.source.name, this.shard));
    const staging = await stagingDir(destination);
    const stream = createWriteStream(join(staging, RESULTS));
    let failure: Error | undefined;
    stream.on('error', (error) => (failure ??= error));
    let files = 0;
    const rejected: Message[] = [];
    try {
      for await (const file of results) {
        if (failed(file)) for (const m of file.messages) if (m.level === 'error') rejected.push(m);
        const blob = serialize(file);
        const length = Buffer.alloc(4);
        length.writeUInt32LE(blob.length);
        // A write error can come while the results are being made: a destroyed stream never drains.
        if (failure) throw failure;
        stream.write(length);
        if (!stream.write(blob) && !stream.destroyed) await once(stream, 'drain');
        if (failure) throw failure;
        files++;
      }
      stream.end();
      await finished(stream);
      if (failure) throw failure;
      const manifest: Manifest = {
        dataset: this.source.name,
        source: { name: this.source.name, config: this.source.config, configFile: this.source.configFile, messages: this.source.messages ?? [] },
        shard: this.shard,
        pipeline: { name: PIPELINE.name, version: PIPELINE.version, fingerprint: pipelineFingerprint() },
        inputs: inputsHash(this.allFiles),
        files,
        reading: this.reading,
      };
      await writeFile(join(staging, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
      await beforePublish?.();
      await publish(staging, destination);
    } catch (error) {
      stream.destroy();
      await discard(staging);
      throw error;
    }
    return { name: this.source.name, dir: destination, files, rejected };
  }
}

/** A shard folder that cannot be read as its manifest says: a problem of the input (exit 2), not a bug. */
export class ShardError extends Error {
  override name = 'ShardError';
}

/**
 * The records of a shard's results file, in order, each as its place and the
 * handle to read it by: every length is checked against the file's size (a
 * damaged one must not become a huge allocation), and the count against the
 * manifest's, once the file has been walked.
 */
async function* recordSpans(dir: string, expected: number): AsyncGenerator<{ handle: FileHandle; position: number; length: number; damaged: (why: string) => ShardError }> {
  const path = join(dir, RESULTS);
  const damaged = (why: string) => new ShardError(`${path} ${why}: the shard folder is damaged; build the shard again`);
  const handle = await open(path, 'r').catch(() => {
    throw damaged('cannot be opened');
  });
  try {
    const size = (await handle.stat()).size;
    const head = Buffer.alloc(4);
    let position = 0;
    let count = 0;
    while (position < size) {
      if ((await handle.read(head, 0, 4, position)).bytesRead < 4) throw damaged('ends inside a record');
      const length = head.readUInt32LE(0);
      if (length > size - position - 4) throw damaged('ends inside a record');
      yield { handle, position: position + 4, length, damaged };
      position += 4 + length;
      count++;
    }
    if (count !== expected) throw damaged(`holds ${count} results where ${MANIFEST} says ${expected}`);
  } finally {
    await handle.close();
  }
}

/** Walks a shard's record headers without reading the records: run on every shard before anything is published. */
async function checkRecords(dir: string, expected: number): Promise<void> {
  for await (const _ of recordSpans(dir, expected));
}

async function* records(dir: string, expected: number): AsyncGenerator<ProcessedFile> {
  for await (const { handle, position, length, damaged } of recordSpans(dir, expected)) {
    const blob = Buffer.alloc(length);
    if ((await handle.read(blob, 0, length, position)).bytesRead < length) throw damaged('ends inside a record');
    let file: ProcessedFile;
    try {
      file = deserialize(blob) as ProcessedFile;
    } catch {
      throw damaged(`holds a record that cannot be read (at byte ${position - 4})`);
    }
    yield file;
  }
}

/** The results of N sorted shards as one sorted stream; stopped early, it closes every shard's file. */
async function* interleave(streams: AsyncGenerator<ProcessedFile>[]): AsyncGenerator<ProcessedFile> {
  try {
    const heads = await Promise.all(streams.map((s) => s.next()));
    for (;;) {
      let best = -1;
      for (let i = 0; i < heads.length; i++) {
        if (heads[i]!.done) continue;
        if (best === -1 || byPath((heads[i]!.value as ProcessedFile).relPath, (heads[best]!.value as ProcessedFile).relPath) < 0) best = i;
      }
      if (best === -1) return;
      yield heads[best]!.value as ProcessedFile;
      heads[best] = await streams[best]!.next();
    }
  } finally {
    await Promise.all(streams.map((s) => s.return(undefined)));
  }
}

export interface ShardedDataset {
  source: DatasetSource;
  reading: ShardReading;
  /** The files of the dataset, over all its shards. */
  files: number;
  results(): AsyncGenerator<ProcessedFile>;
}

/** Finds the shard folders in `dirs`, checks that each dataset has all N of one split from this very pipeline, and opens them. */
export async function readShards(dirs: string[]): Promise<ShardedDataset[]> {
  const found: { dir: string; manifest: Manifest }[] = [];
  for (const dir of dirs) {
    const candidates = FOLDER.test(basename(dir)) ? [dir] : (await readdir(dir).catch(() => { throw new Error(`No folder ${dir}`); })).filter((n) => FOLDER.test(n)).map((n) => join(dir, n));
    if (candidates.length === 0) throw new Error(`No shard folders (<dataset>.shard-K-of-N) in ${dir}: give the --out folder of each shard build, or the shard folders themselves`);
    for (const c of candidates) {
      let manifest: Manifest;
      try {
        manifest = JSON.parse(await readFile(join(c, MANIFEST), 'utf8')) as Manifest;
      } catch {
        throw new Error(`${c} has no readable ${MANIFEST}: it is not a finished shard; build it again`);
      }
      const looksRight =
        typeof manifest?.dataset === 'string' && Number.isInteger(manifest.shard?.index) && Number.isInteger(manifest.shard?.count) &&
        typeof manifest.pipeline?.fingerprint === 'string' && typeof manifest.inputs === 'string' && Number.isInteger(manifest.files) && typeof manifest.source?.configFile === 'string' && typeof manifest.reading?.maxFileSize === 'number';
      if (!looksRight) throw new Error(`${join(c, MANIFEST)} is not a shard manifest of this pipeline (a field is missing or of the wrong type); build the shard again`);
      found.push({ dir: c, manifest });
    }
  }
  if (found.length === 0) throw new Error(`No shard folders (<dataset>.shard-K-of-N) in ${dirs.join(', ')}`);
  const byDataset = new Map<string, typeof found>();
  for (const f of found) byDataset.set(f.manifest.dataset, [...(byDataset.get(f.manifest.dataset) ?? []), f]);
  const fingerprint = pipelineFingerprint();
  const out: ShardedDataset[] = [];
  for (const name of [...byDataset.keys()].sort(byPath)) {
    const shards = byDataset.get(name)!;
    const count = shards[0]!.manifest.shard.count;
    const indexes = shards.map((s) => s.manifest.shard.index).sort((a, b) => a - b);
    if (shards.some((s) => s.manifest.shard.count !== count) || indexes.length !== count || indexes.some((k, i) => k !== i + 1)) {
      throw new Error(`Dataset "${name}": expected shards 1 to ${count} of ${count} once each, got ${shards.map((s) => `${s.manifest.shard.index}/${s.manifest.shard.count}`).join(', ')}`);
    }
    const other = shards.find((s) => s.manifest.pipeline.fingerprint !== fingerprint);
    if (other) {
      throw new Error(
        `${other.dir} was built by other pipeline code or another runtime than this merge (fingerprint ${other.manifest.pipeline.fingerprint.slice(0, 12)}, here ${fingerprint.slice(0, 12)}: ` +
          'the compiled code, a dependency version or Node\'s Unicode/ICU version differs); build every shard and merge from the same clean checkout, installed with npm ci, on the same Node version',
      );
    }
    const first = shards[0]!;
    for (const s of shards.slice(1)) {
      if (s.manifest.source.configFile !== first.manifest.source.configFile) {
        throw new Error(`${s.dir} was built from ${s.manifest.source.configFile}, ${first.dir} from ${first.manifest.source.configFile}: paths are part of the data (source_path), so build every shard from the same sources folder`);
      }
      if (JSON.stringify(s.manifest.source.config) !== JSON.stringify(first.manifest.source.config)) {
        throw new Error(`${s.dir} was built from another ${first.manifest.source.configFile} than ${first.dir}; build every shard from the same sources`);
      }
      if (JSON.stringify(s.manifest.reading) !== JSON.stringify(first.manifest.reading)) {
        throw new Error(`${s.dir} was built with other reading options (--max-file-size, --follow-external-links) than ${first.dir}; build every shard with the same options`);
      }
      if (s.manifest.inputs !== first.manifest.inputs) {
        throw new Error(`${s.dir} and ${first.dir} saw different files in ${first.manifest.dataset} (a file missing or added on one machine); build every shard from the same sources`);
      }
    }
    for (const s of shards) await checkRecords(s.dir, s.manifest.files);
    out.push({ source: shards[0]!.manifest.source, reading: shards[0]!.manifest.reading, files: shards.reduce((n, s) => n + s.manifest.files, 0), results: () => interleave(shards.map((s) => records(s.dir, s.manifest.files))) });
  }
  return out;
}
