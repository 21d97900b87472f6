/**
 * npm run bench: generates a seeded corpus in the sample's layout, builds it
 * (all formats and metadata) several times in fresh processes, prints the
 * medians and appends them to BENCHMARKS.md.
 *   BENCH_MIB=20 BENCH_RUNS=3 npm run bench
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PIPELINE } from '../pipeline/version.js';
import { generate } from './generate.js';

const mib = Number(process.env.BENCH_MIB ?? 20);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const dir = mkdtempSync(join(tmpdir(), 'bench-'));
const corpus = generate(dir, mib, 1);
const measure = join(PIPELINE.root, 'dist/bench/measure.js');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

interface Result { wall_s: number; cpu_s: number; peak_rss_mib: number; rows: Record<string, number>; output_bytes: number; exit_code: number }
const rows: string[] = [];
for (const concurrency of [1, 2]) {
  const results: Result[] = [];
  for (let i = 0; i < runs; i++) {
    const out = join(dir, `out-${concurrency}-${i}`);
    results.push(JSON.parse(execFileSync(process.execPath, [measure, join(dir, 'sources'), out, String(concurrency)], { encoding: 'utf8' })) as Result);
    rmSync(out, { recursive: true, force: true });
  }
  const wall = median(results.map((r) => r.wall_s));
  const r = results[0]!;
  const paragraphs = r.rows.paragraphs!;
  const line = `| ${PIPELINE.version} | ${mib} MiB, ${corpus.files} files | ${concurrency} | ${wall.toFixed(2)} s | ${(corpus.bytes / 1048576 / wall).toFixed(1)} MB/s | ${Math.round(paragraphs / wall)} | ${median(results.map((x) => x.peak_rss_mib)).toFixed(0)} MiB | ${(r.output_bytes / 1048576).toFixed(1)} MiB |`;
  rows.push(line);
  process.stdout.write(`${line}\n`);
}
rmSync(dir, { recursive: true, force: true });

// BENCHMARKS.md ends with the results table, so new rows go at its end.
const file = join(PIPELINE.root, 'BENCHMARKS.md');
if (!existsSync(file)) {
  appendFileSync(file, '# Benchmarks\n\n| version | corpus | concurrency | wall (median) | input MB/s | paragraphs/s | peak RSS | output |\n|---|---|---|---|---|---|---|---|\n');
}
appendFileSync(file, `${rows.join('\n')}\n`);
process.stdout.write(`appended to BENCHMARKS.md (${cpus().length} cores, ${runs} runs each, node ${process.version})\n`);
