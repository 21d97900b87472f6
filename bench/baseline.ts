/**
 * The baseline our pipeline is compared against: the naive job in DuckDB SQL,
 * in a fresh process. `node dist/bench/baseline.js <raw-dir> <out-dir> [threads]`
 * reads every .txt under <raw-dir>, splits each file into paragraphs on blank
 * lines, trims them, drops empty ones and writes (filename, position, text) to
 * Parquet (zstd), CSV (header) and JSON Lines in <out-dir>, then prints one
 * JSON line: wall_s, cpu_s, peak_rss_mib, rows, output_bytes.
 *
 * It is the floor for "text files in, paragraph tables out": no parsing of
 * titles, dates or notes, no normalisation, no validation, no provenance, no
 * metadata files. Whatever the pipeline spends above this is the price of
 * those; DuckDB is what a reader would reach for to do the job by hand.
 */
import { mkdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DuckDBInstance } from '@duckdb/node-api';

const [rawArg, outArg, threadsArg] = process.argv.slice(2);
if (!rawArg || !outArg) {
  process.stderr.write('usage: node dist/bench/baseline.js <raw-dir> <out-dir> [threads]\n');
  process.exit(2);
}
const raw = resolve(rawArg);
const out = resolve(outArg);
const threads = threadsArg ? Number(threadsArg) : availableParallelism();
const sql = (s: string) => `'${s.replace(/'/g, "''")}'`;
// Named as the pipeline names its paragraph tables, so sizes line up file by file.
const outputs = [
  [join(out, 'paragraphs.parquet'), 'FORMAT parquet, COMPRESSION zstd'],
  [join(out, 'paragraphs.csv'), 'FORMAT csv, HEADER'],
  [join(out, 'paragraphs.jsonl'), 'FORMAT json'], // DuckDB's JSON COPY is newline-delimited by default.
] as const;

// Blank line = a line break, then one or more lines of only spaces or tabs, each ending
// in \n or \r\n, so CRLF files split the same as LF ones and no \r is left on a paragraph.
const blankLines = sql('\\r?\\n([ \\t]*\\r?\\n)+');
// DuckDB's trim() with no characters leaves \t, \r and \n, and never strips a BOM (10%
// of the corpus starts with one), so name what to trim: space, tab, LF, CR, NBSP, BOM.
const trimmed = 'chr(32) || chr(9) || chr(10) || chr(13) || chr(160) || chr(65279)';
// Splitting, trimming and filtering as list functions, once per file, then unnesting the
// list beside its 1-based subscripts, numbers paragraphs without a window function
// (row_number() over the unnested rows measured ~1.8x slower). The filename is made
// relative to <raw-dir> per file, not per row, to keep /tmp/... out of the outputs.
const paragraphs = `
  SELECT filename, unnest(generate_series(1, len(ps)))::INTEGER AS position, unnest(ps) AS text
  FROM (
    SELECT substr(filename, length(${sql(raw)}) + 2) AS filename,
           list_filter(list_transform(string_split_regex(content, ${blankLines}), p -> trim(p, ${trimmed})), p -> p <> '') AS ps
    FROM read_text(${sql(`${raw}/**/*.txt`)})
  )`;

mkdirSync(out, { recursive: true });
// Wall time covers creating the instance and closing it; the import of the native
// binding above is left out, as bench/measure.ts leaves out the pipeline's imports.
const start = performance.now();
const instance = await DuckDBInstance.create(':memory:', { threads: String(threads) });
const connection = await instance.connect();
// A temp table then three COPYs, not three COPY (query): the pipeline parses once and
// writes three formats, and so does this; on 20 MiB at 2 threads it took ~1.0 s
// against ~1.9 s for reading and splitting the files three times. DuckDB's default
// preserve_insertion_order stays on: rows come out in file order, as the pipeline's do
// (turning it off made the 100 MiB job ~40% faster but shuffled the rows).
await connection.run(`CREATE TEMP TABLE paragraphs AS ${paragraphs}`);
// Rows as COPY reports them written (CREATE TABLE AS reports 0); the three must agree.
const written = new Set<number>();
for (const [path, options] of outputs) written.add((await connection.run(`COPY paragraphs TO ${sql(path)} (${options})`)).rowsChanged);
if (written.size !== 1) throw new Error(`the three COPYs wrote different row counts: ${[...written].join(', ')}`);
const [rows] = written;
connection.closeSync();
instance.closeSync();
const wall = (performance.now() - start) / 1000;

const usage = process.resourceUsage();
process.stdout.write(`${JSON.stringify({
  wall_s: wall,
  cpu_s: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
  peak_rss_mib: usage.maxRSS / 1024,
  rows,
  output_bytes: outputs.reduce((sum, [path]) => sum + statSync(path).size, 0),
})}\n`);
