/** Worker threads, the build cache, shards and merge: none of them may change a byte of the output. */
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { quantileSorted } from 'd3-array';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { build, ConfigError, merge } from '../pipeline/index.js';
import { distributionOfCounts } from '../pipeline/metadata/summary.js';
import { inShard } from '../pipeline/shards.js';
import { FirstSeen } from '../pipeline/stages/first-seen.js';
import { BuildCache, CACHE_TAG, CACHE_TAG_FILE } from '../pipeline/cache.js';
import { processedInOrder } from '../pipeline/results.js';
import type { FileStage } from '../pipeline/stage.js';
import { stages } from '../pipeline/stages.js';
import { SourceConfig } from '../schemas/source.js';
import { paragraphsTable } from '../schemas/tables.js';
import { DatasetWriter } from '../pipeline/dataset-writer.js';
import { createMessage } from '../pipeline/messages.js';
import { writers } from '../pipeline/writers/index.js';
import { writeJsonStreamed } from '../pipeline/metadata/files.js';
import { arrowColumn, arrowSchema } from '../pipeline/writers/arrow.js';
import { makeData, RecordBatch, Struct } from 'apache-arrow';
import { config } from './helpers/files.js';

function emptyBatch(): RecordBatch {
  const schema = arrowSchema(paragraphsTable, { dataset: 't', pipelineVersion: '0' });
  const children = paragraphsTable.columns.map((c, i) => arrowColumn(c, schema.fields[i]!.type, []));
  return new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: 0, nullCount: 0, children }));
}
import { buildTo, filesOf, tempDir } from './helpers/build.js';
import { fixturesDir } from './golden/fixtures.js';

function expectSameFiles(actual: Map<string, Buffer>, expected: Map<string, Buffer>) {
  expect([...actual.keys()]).toEqual([...expected.keys()]);
  for (const [path, bytes] of expected) expect(actual.get(path)!.equals(bytes), path).toBe(true);
}

/** The layout corpus plus copies (some exact duplicates, some not), so files spread over workers and shards and later files depend on earlier ones. */
function corpus(): string {
  const root = tempDir();
  cpSync(join(fixturesDir, 'layout-corpus', 'sources'), join(root, 'sources'), { recursive: true });
  const raw = join(root, 'sources', 'corpus', 'raw');
  const names = readdirSync(raw).filter((n) => n.endsWith('.txt') || n.endsWith('.md')).sort();
  names.forEach((name, i) => {
    const bytes = readFileSync(join(raw, name));
    writeFileSync(join(raw, `z-copy-${i}-${name}`), bytes);
  });
  return join(root, 'sources');
}

const expected = (name: string) => filesOf(join(fixturesDir, name, 'expected'));

describe('worker threads', () => {
  it('give every golden fixture byte for byte, at 1 and 3 workers and without workers', async () => {
    for (const name of ['layout-corpus', 'duplicates', 'encodings']) {
      for (const options of [{ workers: true, concurrency: 1 }, { workers: true, concurrency: 3 }, { workers: false }]) {
        const { out } = await buildTo(join(fixturesDir, name, 'sources'), { ...options, cache: false });
        expectSameFiles(filesOf(out), expected(name));
      }
    }
  });
});

describe('cache', () => {
  it('serves unchanged files from the cache, re-reads a changed one, and never changes the output', async () => {
    const sources = corpus();
    const cacheDir = tempDir();
    const first = await buildTo(sources, { cacheDir, concurrency: 2 });
    const files = first.report.datasets[0]!.inputs.length;
    expect(first.report.cache).toEqual({ hits: 0, misses: files, error: null });
    const second = await buildTo(sources, { cacheDir, concurrency: 2 });
    expect(second.report.cache).toEqual({ hits: files, misses: 0, error: null });
    expectSameFiles(filesOf(second.out), filesOf(first.out));

    const raw = join(sources, 'corpus', 'raw');
    const touched = readdirSync(raw).sort()[0]!;
    writeFileSync(join(raw, touched), `${readFileSync(join(raw, touched), 'utf8')}\nOne more paragraph at the end.\n`);
    const third = await buildTo(sources, { cacheDir, concurrency: 2 });
    expect(third.report.cache).toEqual({ hits: files - 1, misses: 1, error: null });
    const fresh = await buildTo(sources, { cache: false });
    expect(fresh.report.cache).toEqual({ hits: 0, misses: 0, error: null });
    expectSameFiles(filesOf(third.out), filesOf(fresh.out));
    expect(filesOf(third.out).get('corpus/paragraphs.jsonl')!.toString()).toContain('One more paragraph at the end.');
  });

  it('is a help, never a condition: damaged entries are made again, an unwritable cache is reported, the output is the same', async () => {
    const sources = corpus();
    const cacheDir = tempDir();
    const first = await buildTo(sources, { cacheDir });
    const files = first.report.datasets[0]!.inputs.length;
    // The cache tags its folder (so that backup tools skip it and clean may remove it).
    expect(readFileSync(join(cacheDir, CACHE_TAG_FILE), 'utf8')).toBe(CACHE_TAG);
    for (const sub of readdirSync(cacheDir).filter((n) => n !== CACHE_TAG_FILE)) for (const entry of readdirSync(join(cacheDir, sub))) writeFileSync(join(cacheDir, sub, entry), entry.length % 2 ? '' : 'not v8 data');
    const damaged = await buildTo(sources, { cacheDir });
    expect(damaged.report.cache).toEqual({ hits: 0, misses: files, error: null });
    expectSameFiles(filesOf(damaged.out), filesOf(first.out));

    const blocked = join(tempDir(), 'a-file');
    writeFileSync(blocked, 'not a folder');
    const unwritable = await buildTo(sources, { cacheDir: join(blocked, 'cache') });
    expect(unwritable.report.exitCode).toBe(0);
    expect(unwritable.report.cache.error).toMatch(/ENOTDIR/);
    expectSameFiles(filesOf(unwritable.out), filesOf(first.out));
  });

  it('rejects a file that cannot be read, with the cache on, instead of failing the dataset', async () => {
    const sources = corpus();
    const raw = join(sources, 'corpus', 'raw');
    const files = readdirSync(raw).sort().map((n) => ({ path: join(raw, n), relPath: `sources/corpus/raw/${n}` }));
    files.splice(1, 0, { path: join(raw, 'gone.txt'), relPath: 'sources/corpus/raw/gone.txt' });
    const config = SourceConfig.parse(JSON.parse(readFileSync(join(sources, 'corpus', 'source.json'), 'utf8')));
    const runner = { pool: null, stages: stages.filter((s): s is FileStage => s.scope === 'file'), concurrency: 2, cache: new BuildCache(tempDir(), config), formats: ['jsonl'], timings: {}, cached: { hits: 0, misses: 0, error: null } };
    const results = [];
    for await (const r of processedInOrder(files, config, runner)) results.push(r);
    expect(results.map((r) => r.relPath)).toEqual(files.map((f) => f.relPath));
    expect(results[1]!.messages.map((m) => [m.rule, m.message])).toEqual([['read/unreadable', 'Cannot read the file (ENOENT)']]);
    expect(runner.cached.error).toBeNull();
  });

  it('is keyed by source.json too: a changed configuration reads every file again', async () => {
    const sources = corpus();
    const cacheDir = tempDir();
    await buildTo(sources, { cacheDir });
    const config = join(sources, 'corpus', 'source.json');
    writeFileSync(config, JSON.stringify({ ...JSON.parse(readFileSync(config, 'utf8')), title: 'Another title' }));
    const again = await buildTo(sources, { cacheDir });
    expect(again.report.cache.hits).toBe(0);
  });
});

describe('shards', () => {
  it('split files by path hash into disjoint shards that cover everything', () => {
    const paths = Array.from({ length: 500 }, (_, i) => `sources/x/raw/${i}.txt`);
    for (const count of [1, 3, 7]) {
      const owners = paths.map((p) => Array.from({ length: count }, (_, k) => inShard(p, { index: k + 1, count })).filter(Boolean).length);
      expect(owners.every((n) => n === 1)).toBe(true);
    }
  });

  it('merged from 1, 3 and 7 shards give the one-machine dataset byte for byte', async () => {
    const sources = corpus();
    const whole = filesOf((await buildTo(sources, { cache: false })).out);
    for (const count of [1, 3, 7]) {
      const shardDirs: string[] = [];
      for (let index = 1; index <= count; index++) {
        const out = tempDir();
        const report = await build({ sources, out, shard: `${index}/${count}`, cache: false, sourceDateEpoch: null });
        expect(report.exitCode).toBe(0);
        expect(report.datasets).toEqual([]);
        shardDirs.push(out);
      }
      const out = tempDir();
      const merged = await merge({ shards: shardDirs, out, sourceDateEpoch: null });
      expect(merged.exitCode).toBe(0);
      expectSameFiles(filesOf(out), whole);
    }
  });

  it('refuses to merge an incomplete or mixed set of shards, saying which', async () => {
    const sources = corpus();
    const dirs = [tempDir(), tempDir(), tempDir()];
    for (const [i, out] of dirs.entries()) await build({ sources, out, shard: `${i + 1}/3`, cache: false });
    await expect(merge({ shards: dirs.slice(0, 2), out: tempDir() })).rejects.toThrow('expected shards 1 to 3 of 3 once each, got 1/3, 2/3');
    const other = tempDir();
    await build({ sources, out: other, shard: '1/2', cache: false });
    await expect(merge({ shards: [...dirs, other], out: tempDir() })).rejects.toThrow('expected shards 1 to 3 of 3 once each');
    await expect(merge({ shards: [tempDir()], out: tempDir() })).rejects.toThrow('No shard folders');
    await expect(build({ sources, out: tempDir(), shard: '4/3' })).rejects.toThrow('Expected `shard` to be K/N with 1 ≤ K ≤ N (e.g. 2/7), got "4/3"');
    await expect(build({ sources, out: tempDir(), shard: '1/3', formats: ['csv'] })).rejects.toThrow('Expected no `formats` with `shard`');
  });

  it('refuses a damaged shard as a usage problem, saying to build it again', async () => {
    const sources = corpus();
    const dirs = [tempDir(), tempDir()];
    for (const [i, out] of dirs.entries()) await build({ sources, out, shard: `${i + 1}/2`, cache: false });
    const results = join(dirs[1]!, 'corpus.shard-2-of-2', 'results.v8');
    const whole = readFileSync(results);
    writeFileSync(results, whole.subarray(0, 100));
    await expect(merge({ shards: dirs, out: tempDir() })).rejects.toThrow(/results\.v8 ends inside a record: the shard folder is damaged; build the shard again/);
    await expect(merge({ shards: dirs, out: tempDir() })).rejects.toThrow(ConfigError);
    // A damaged length is refused before it becomes an allocation, and before anything is published.
    const huge = Buffer.from(whole);
    huge.writeUInt32LE(0xfffffff0, 0);
    writeFileSync(results, huge);
    const out = tempDir();
    await expect(merge({ shards: dirs, out })).rejects.toThrow(/ends inside a record/);
    expect(readdirSync(out)).toEqual([]);
  });

  it('refuses to merge shards that saw different files, and a shard with a rejected file exits 1', async () => {
    const sources = corpus();
    const first = tempDir();
    await build({ sources, out: first, shard: '1/2', cache: false });
    const raw = join(sources, 'corpus', 'raw');
    const second = { index: 2, count: 2 };
    const gone = readdirSync(raw).sort().find((n) => inShard(`sources/corpus/raw/${n}`, second))!;
    rmSync(join(raw, gone));
    const empty = Array.from({ length: 20 }, (_, i) => `zz-empty-${i}.txt`).find((n) => inShard(`sources/corpus/raw/${n}`, second))!;
    writeFileSync(join(raw, empty), '');
    const out = tempDir();
    const report = await build({ sources, out, shard: '2/2', cache: false });
    expect(report.shards[0]!.rejected.map((m) => [m.file, m.rule])).toEqual([[`sources/corpus/raw/${empty}`, 'read/empty-file']]);
    expect(report.exitCode).toBe(1);
    await expect(merge({ shards: [first, out], out: tempDir() })).rejects.toThrow('saw different files in corpus (a file missing or added on one machine)');
  });
});

describe('bounded-memory helpers', () => {
  it('FirstSeen returns the first holder of every repeated hash, across growth', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 300 }), { maxLength: 3000 }), (keys) => {
        const seen = new FirstSeen(16);
        const first = new Map<number, number>();
        keys.forEach((k, i) => {
          const hex = k.toString(16).padStart(16, '0') + 'f'.repeat(48);
          const got = seen.firstOr(hex, i, k);
          if (first.has(k)) expect(got).toEqual([first.get(k), k]);
          else {
            expect(got).toBeUndefined();
            first.set(k, i);
          }
        });
        expect(seen.size).toBe(first.size);
      }),
      { seed: 20261130, numRuns: 200 },
    );
  });

  it('distributionOfCounts gives what d3 gives over the values themselves', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 500 }), { minLength: 1, maxLength: 400 }), (values) => {
        const counts = new Map<number, number>();
        for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
        const sorted = [...values].sort((a, b) => a - b);
        expect(distributionOfCounts(counts)).toEqual({
          min: sorted[0],
          p25: quantileSorted(sorted, 0.25),
          median: quantileSorted(sorted, 0.5),
          p75: quantileSorted(sorted, 0.75),
          max: sorted.at(-1),
          mean: sorted.reduce((a, b) => a + b, 0) / sorted.length,
        });
      }),
      { seed: 20261130, numRuns: 300 },
    );
  });
});

describe('robustness of the streaming writers', () => {
  it('turns a write error into a rejected promise, never an unhandled error event', async () => {
    const dir = tempDir();
    for (const w of writers) {
      const out = w.open(dir, paragraphsTable, { dataset: 't', pipelineVersion: '0' });
      await expect(
        (async () => {
          await out.write({ rows: [], arrow: () => emptyBatch() });
          await out.close();
        })(),
        w.format,
      ).rejects.toThrow();
    }
  });

  it('takes a file with more messages than a call has room for arguments', async () => {
    const out = tempDir();
    const source = { name: 'many', config: config(), configFile: 'sources/many/source.json' };
    const writer = new DatasetWriter(source, { out, formats: ['jsonl'], stages, gitCommit: null, sourceDateEpoch: null, maxFileSize: 1e9, followExternalLinks: false, csvExcelSafe: false });
    await writer.open();
    const messages = Array.from({ length: 150_000 }, (_, i) => createMessage('read/empty-file', 'read', 'sources/many/raw/a.txt', `problem ${i}`));
    await writer.add({ relPath: 'sources/many/raw/a.txt', bytes: 1, sha256: 'a'.repeat(64), profile: null, layout: null, encoding: null, messages, rows: null, paragraphColumns: [], stages: [[150_000, 0, 0]] });
    const report = await writer.finish();
    expect(report.published).toBe(false);
    expect(report.messages.length).toBeGreaterThanOrEqual(150_000);
    expect(readdirSync(out)).toEqual([]);
  });
});

describe('writeJsonStreamed', () => {
  it('writes exactly what JSON.stringify(value, null, 2) writes', async () => {
    const dir = tempDir();
    await fc.assert(
      fc.asyncProperty(fc.array(fc.jsonValue(), { maxLength: 5 }), fc.array(fc.jsonValue(), { maxLength: 5 }), fc.jsonValue(), async (inputs, messages, other) => {
        const value = { dataset: 'd', messages, other, inputs: [...inputs, undefined], rejected: [] };
        await writeJsonStreamed(dir, 'p.json', value, ['inputs', 'messages', 'rejected', 'absent']);
        expect(readFileSync(join(dir, 'p.json'), 'utf8')).toBe(`${JSON.stringify(value, null, 2)}\n`);
      }),
      { seed: 20261130, numRuns: 300 },
    );
  });
});
