/**
 * One build in a fresh process, reporting wall time, CPU, peak RSS and where
 * the time went as JSON: node dist/bench/measure.js <sources> <out>
 * <concurrency> [formats] [options as JSON, e.g. {"cache":false}].
 */
import { performance } from 'node:perf_hooks';
import { build, type BuildOptions, type Format } from '../pipeline/index.js';

const [sources, out, concurrency, formats, extra] = process.argv.slice(2);
const start = performance.now();
const report = await build({
  sources: sources!,
  out: out!,
  concurrency: Number(concurrency ?? 2),
  sourceDateEpoch: null,
  cache: false,
  ...(formats && formats !== 'all' ? { formats: formats.split(',') as Format[] } : {}),
  ...(extra ? (JSON.parse(extra) as BuildOptions) : {}),
});
const wall = (performance.now() - start) / 1000;
const usage = process.resourceUsage();
const dataset = report.datasets[0];
process.stdout.write(`${JSON.stringify({
  wall_s: wall,
  cpu_s: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
  peak_rss_mib: usage.maxRSS / 1024,
  files: dataset?.inputs.length ?? report.shards[0]?.files ?? 0,
  input_bytes: dataset?.inputs.reduce((s, i) => s + (i.bytes ?? 0), 0) ?? 0,
  rows: dataset?.rows ?? {},
  output_bytes: dataset?.outputs.reduce((s, o) => s + o.bytes, 0) ?? 0,
  outputs: dataset?.outputs.map(({ path, bytes }) => ({ path, bytes })) ?? [],
  cache: report.cache,
  timings: report.timings,
  exit_code: report.exitCode,
})}\n`);
