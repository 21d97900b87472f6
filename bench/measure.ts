/** One build in a fresh process, reporting wall time, CPU and peak RSS as JSON: node dist/bench/measure.js <sources> <out> <concurrency> [formats]. */
import { performance } from 'node:perf_hooks';
import { build, type Format } from '../pipeline/index.js';

const [sources, out, concurrency, formats] = process.argv.slice(2);
const start = performance.now();
const report = await build({
  sources: sources!,
  out: out!,
  concurrency: Number(concurrency ?? 2),
  sourceDateEpoch: null,
  ...(formats ? { formats: formats.split(',') as Format[] } : {}),
});
const wall = (performance.now() - start) / 1000;
const usage = process.resourceUsage();
const dataset = report.datasets[0]!;
process.stdout.write(`${JSON.stringify({
  wall_s: wall,
  cpu_s: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
  peak_rss_mib: usage.maxRSS / 1024,
  files: dataset.inputs.length,
  input_bytes: dataset.inputs.reduce((s, i) => s + (i.bytes ?? 0), 0),
  rows: dataset.rows,
  output_bytes: dataset.outputs.reduce((s, o) => s + o.bytes, 0),
  outputs: dataset.outputs.map(({ path, bytes }) => ({ path, bytes })),
  exit_code: report.exitCode,
})}\n`);
