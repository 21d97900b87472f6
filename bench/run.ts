/**
 * npm run bench: generates a seeded corpus in the sample's layout and
 *  1. builds it (all formats and metadata) several times in fresh processes,
 *     at concurrency 1 and 2;
 *  2. builds it once per format alone, for each format's share of the time
 *     and its file sizes;
 *  3. builds a corpus of the same size in mixed plain-text and Markdown
 *     layouts with "profile": "auto", for the cost of detecting layouts;
 *  4. loads the paragraphs table into DuckDB from Parquet, CSV and JSON Lines
 *     (CREATE TABLE AS, and a scan that sums a column), in one process;
 * then prints the medians and appends them to BENCHMARKS.md.
 *   BENCH_MIB=20 BENCH_RUNS=3 npm run bench
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DuckDBInstance } from '@duckdb/node-api';
import { read } from '../pipeline/card/snippets.js';
import { FORMATS } from '../pipeline/index.js';
import { PIPELINE } from '../pipeline/version.js';
import { generate } from './generate.js';

const mib = Number(process.env.BENCH_MIB ?? 20);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const dir = mkdtempSync(join(tmpdir(), 'bench-'));
const corpus = generate(dir, mib, 1);
const measure = join(PIPELINE.root, 'dist/bench/measure.js');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const MiB = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MiB`;
const out: string[] = [];
const say = (line: string) => {
  out.push(line);
  process.stdout.write(`${line}\n`);
};

interface Result { wall_s: number; cpu_s: number; peak_rss_mib: number; rows: Record<string, number>; output_bytes: number; outputs: { path: string; bytes: number }[]; exit_code: number }

function builds(concurrency: number, formats: string | undefined, keep: string | null, sources = join(dir, 'sources')): Result[] {
  const results: Result[] = [];
  for (let i = 0; i < runs; i++) {
    const target = keep && i === 0 ? keep : join(dir, `out-${concurrency}-${formats ?? 'all'}-${i}`);
    const args = [measure, sources, target, String(concurrency), ...(formats ? [formats] : [])];
    results.push(JSON.parse(execFileSync(process.execPath, args, { encoding: 'utf8' })) as Result);
    if (target !== keep) rmSync(target, { recursive: true, force: true });
  }
  return results;
}

say(`### ${PIPELINE.version}, ${mib} MiB corpus (${corpus.files} files), ${runs} runs each, node ${process.version}, ${cpus().length} cores`);
say('');
say('| build | concurrency | wall (median) | input MB/s | paragraphs/s | peak RSS | output |');
say('|---|---|---|---|---|---|---|');
const kept = join(dir, 'kept');
for (const concurrency of [1, 2]) {
  const results = builds(concurrency, undefined, concurrency === 2 ? kept : null);
  const wall = median(results.map((r) => r.wall_s));
  const paragraphs = results[0]!.rows.paragraphs!;
  say(`| all formats | ${concurrency} | ${wall.toFixed(2)} s | ${(corpus.bytes / 1048576 / wall).toFixed(1)} | ${Math.round(paragraphs / wall)} | ${median(results.map((x) => x.peak_rss_mib)).toFixed(0)} MiB | ${MiB(results[0]!.output_bytes)} |`);
}
for (const format of FORMATS) {
  const results = builds(2, format, null);
  const wall = median(results.map((r) => r.wall_s));
  const tables = results[0]!.outputs.filter((o) => o.path.endsWith(`.${format}`)).reduce((n, o) => n + o.bytes, 0);
  say(`| ${format} only | 2 | ${wall.toFixed(2)} s | ${(corpus.bytes / 1048576 / wall).toFixed(1)} | ${Math.round(results[0]!.rows.paragraphs! / wall)} | ${median(results.map((x) => x.peak_rss_mib)).toFixed(0)} MiB | ${MiB(tables)} of tables |`);
}

{
  const mixedDir = join(dir, 'mixed');
  const mixed = generate(mixedDir, mib, 1, 'mixed');
  const results = builds(2, undefined, null, join(mixedDir, 'sources'));
  const wall = median(results.map((r) => r.wall_s));
  say(`| all formats, ${mixed.files} files in mixed layouts, "auto" | 2 | ${wall.toFixed(2)} s | ${(mixed.bytes / 1048576 / wall).toFixed(1)} | ${Math.round(results[0]!.rows.paragraphs! / wall)} | ${median(results.map((x) => x.peak_rss_mib)).toFixed(0)} MiB | ${MiB(results[0]!.output_bytes)} |`);
}

say('');
say('| DuckDB, paragraphs from | file size | CREATE TABLE AS (median) | scan: count, sum(word_count) (median) |');
say('|---|---|---|---|');
const dataset = join(kept, 'bench');
const sizes = new Map((JSON.parse(readFileSync(join(dataset, 'provenance.json'), 'utf8')).outputs as { path: string; bytes: number }[]).map((o) => [o.path, o.bytes]));
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
await connection.run(`SET file_search_path = '${dataset}'`);
const time = async (sql: string) => {
  const start = performance.now();
  await connection.runAndReadAll(sql);
  return (performance.now() - start) / 1000;
};
for (const [format, call] of [['parquet', read.duckdbParquet], ['csv', read.duckdbCsv], ['jsonl', read.duckdbJsonl]] as const) {
  const source = call(`paragraphs.${format}`);
  const create: number[] = [];
  const scan: number[] = [];
  for (let i = 0; i < runs; i++) {
    create.push(await time(`CREATE OR REPLACE TABLE p AS ${source}`));
    scan.push(await time(`SELECT count(*), sum(word_count) FROM (${source})`));
  }
  say(`| ${format} | ${MiB(sizes.get(`paragraphs.${format}`)!)} | ${median(create).toFixed(3)} s | ${median(scan).toFixed(3)} s |`);
}
connection.closeSync();
instance.closeSync();
rmSync(dir, { recursive: true, force: true });

appendFileSync(join(PIPELINE.root, 'BENCHMARKS.md'), `\n${out.join('\n')}\n`);
process.stdout.write('appended to BENCHMARKS.md\n');
