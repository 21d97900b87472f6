/** The benchmark corpus: seeded, so runs compare like with like, and readable in full by the pipeline. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generate } from '../bench/generate.js';
import type { Document } from '../schemas/document.js';
import { buildTo, filesOf, readJsonl, tempDir } from './helpers/build.js';
import { repoRoot } from './helpers/paths.js';

describe('bench corpus', () => {
  it('is the same for the same seed, and differs for another', () => {
    const [a, b, c] = [tempDir(), tempDir(), tempDir()];
    generate(a, 0.1, 7);
    generate(b, 0.1, 7);
    generate(c, 0.1, 8);
    const [fa, fb, fc] = [filesOf(a), filesOf(b), filesOf(c)];
    expect([...fa.keys()]).toEqual([...fb.keys()]);
    for (const [k, v] of fa) expect(fb.get(k)!.equals(v)).toBe(true);
    expect([...fa].some(([k, v]) => !fc.get(k)?.equals(v))).toBe(true);
  });

  it('builds with every page published and every note anchored', async () => {
    const dir = tempDir();
    const { files } = generate(dir, 0.2, 3);
    const { out, report } = await buildTo(join(dir, 'sources'));
    const dataset = report.datasets[0]!;
    expect(dataset.rows.documents).toBe(files);
    expect(dataset.rejected).toEqual([]);
    expect(dataset.messages.filter((m) => m.rule !== 'identify/duplicate-id')).toEqual([]);
    const notes = readJsonl<{ anchor: string | null }>(join(out, 'bench', 'notes.jsonl'));
    expect(notes.length).toBeGreaterThan(0);
    expect(notes.every((n) => n.anchor !== null)).toBe(true);
  });

  it('in mixed layouts, is read by "auto" with every file in the layout it was written in', async () => {
    const dir = tempDir();
    const { files, layouts, paragraphs } = generate(dir, 0.3, 5, 'mixed');
    const { out, report } = await buildTo(join(dir, 'sources'));
    expect(report.datasets[0]!.rows).toMatchObject({ documents: files, paragraphs });
    const documents = readJsonl<Document>(join(out, 'bench', 'documents.jsonl'));
    const found: Record<string, number> = {};
    for (const d of documents) found[d.layout] = (found[d.layout] ?? 0) + 1;
    expect(found).toEqual(layouts);
    expect(documents.every((d) => d.title !== null && d.date !== null)).toBe(true);
  });
});

describe('npm run bench', () => {
  it('runs end to end on a tiny corpus, with every measurement in its report', () => {
    const report = join(tempDir(), 'BENCHMARKS.md');
    const env = { ...process.env, BENCH_SIZES: '0.3,0.6', BENCH_RUNS: '1', BENCH_INCREMENTAL_FILES: '30', BENCH_LINE_MB: '2', BENCH_TINY_FILES: '300', BENCH_APPEND: report };
    const run = spawnSync(process.execPath, [join(repoRoot, 'dist/bench/run.js')], { env, encoding: 'utf8', timeout: 180_000 });
    expect(run.status, run.stderr).toBe(0);
    const text = readFileSync(report, 'utf8');
    for (const row of ['| ours, 2 workers |', '| DuckDB baseline |', '| ours, 1 worker |', '| ours, no worker (one thread) |']) expect(text).toContain(row);
    expect(text).toMatch(/\| 0\.3 MiB, \d+ files \| ours, 2 workers \| [\d.]+ s \| [\d.]+ \| \d+ \| \d+ MiB \| [\d.]+ \| [\d.]+ \|/);
    expect(text).toMatch(/stages \(summed over the workers\) read [\d.]+ s, decode/);
    expect(text).toMatch(/Peak RSS at 0\.6 MiB over 0\.3 MiB: [\d.]+×/);
    expect(text).toMatch(/Incremental, 30 files .*rebuild after changing one file [\d.]+ s \(29 files from the cache\)/);
    expect(text).toMatch(/`--help`: [\d.]+ s; the sample build/);
    expect(text).toMatch(/One line of 2 MB over --max-file-size: rejected unread \(read\/too-large, exit 1\) in [\d.]+ s/);
    expect(text).toMatch(/The same line under a raised --max-file-size: exit 0, 1 paragraph in [\d.]+ s, peak RSS \d+ MiB/);
    expect(text).toMatch(/300 tiny files: exit 0, 300 documents in [\d.]+ s/);
  }, 200_000);
});
