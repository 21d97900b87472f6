/**
 * docs/scale.md cannot rot: its DuckDB queries run over two datasets built side by side
 * (and laid out hive-style), its YAML parses, and its commands use only options the CLI has.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../pipeline/index.js';
import { tempDir } from './helpers/build.js';
import { duckdbQuery } from './helpers/duckdb.js';
import { repoRoot } from './helpers/paths.js';
import { fixturesDir } from './golden/fixtures.js';

const doc = readFileSync(join(repoRoot, 'docs/scale.md'), 'utf8');
const main = join(repoRoot, 'dist/pipeline/cli/main.js');

interface Block {
  info: string;
  body: string;
}

/** The fenced code blocks of a Markdown text, with their info strings. */
function codeBlocks(markdown: string): Block[] {
  return [...markdown.matchAll(/^```([^\n]*)\n([\s\S]*?)^```[ \t]*$/gm)].map((m) => ({ info: m[1]!.trim(), body: m[2]! }));
}

const blocks = codeBlocks(doc);
const lang = (b: Block) => b.info.split(/\s+/)[0];
/** SQL blocks that read the published datasets; each must be marked `sql runnable`. */
const sqlBlocks = blocks.filter((b) => lang(b) === 'sql' && /read_parquet\('output\//.test(b.body));
const yamlBlocks = blocks.filter((b) => lang(b) === 'yaml' || lang(b) === 'yml');

/** Two fixture datasets under new names (a dataset's name must equal its folder), as the doc lays them out. */
const DATASETS = { 'speeches-2019': 'layout-corpus', 'speeches-2020': 'duplicates' } as const;
type Name = keyof typeof DATASETS;
const NAMES = Object.keys(DATASETS) as Name[];
const yearOf = (name: Name) => Number(name.slice(-4));

let root: string;
const paragraphs = new Map<Name, number>();
const total = () => [...paragraphs.values()].reduce((a, b) => a + b, 0);

beforeAll(async () => {
  root = tempDir();
  const sources = join(root, 'sources');
  for (const name of NAMES) {
    const dir = join(sources, name);
    cpSync(join(fixturesDir, DATASETS[name], 'sources', 'corpus'), dir, { recursive: true });
    const config = join(dir, 'source.json');
    writeFileSync(config, JSON.stringify({ ...JSON.parse(readFileSync(config, 'utf8')), name }));
  }
  // output/<name>/ for every dataset, and output/year=<year>/<name>/ for the hive-style layout.
  const flat = await build({ sources, out: join(root, 'output'), sourceDateEpoch: null, cache: false });
  expect(flat.exitCode).toBe(0);
  for (const name of NAMES) {
    const hive = await build({ sources, only: [name], out: join(root, 'output', `year=${yearOf(name)}`), sourceDateEpoch: null, cache: false });
    expect(hive.exitCode).toBe(0);
    const provenance = JSON.parse(readFileSync(join(root, 'output', name, 'provenance.json'), 'utf8')) as { rows: { paragraphs: number } };
    paragraphs.set(name, provenance.rows.paragraphs);
  }
}, 120_000);

/** Rows of `rows` counted by the value of `column`. */
function tally(rows: Record<string, unknown>[], column: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of rows) out[String(r[column])] = (out[String(r[column])] ?? 0) + 1;
  return out;
}

describe('docs/scale.md', () => {
  it('marks every DuckDB query over output/ as runnable', () => {
    expect(sqlBlocks.length).toBeGreaterThanOrEqual(3);
    for (const b of sqlBlocks) expect(b.info.split(/\s+/), b.body).toContain('runnable');
    expect(blocks.filter((b) => lang(b) === 'sql' && b.info.includes('runnable'))).toEqual(sqlBlocks);
  });

  it('gives one row per paragraph of every dataset from each DuckDB query', async () => {
    expect(paragraphs.get('speeches-2019')).toBeGreaterThan(0);
    expect(paragraphs.get('speeches-2020')).toBeGreaterThan(0);
    for (const { body } of sqlBlocks) {
      const sql = body.trim().replace(/;$/, '');
      expect(sql, 'one statement per block').not.toContain(';');
      const rows = await duckdbQuery(`SELECT * FROM (\n${sql}\n)`, root);
      expect(rows.length, sql).toBe(total());
      // Where a query names the dataset or the hive key of each row, every dataset is all there.
      if ('dataset' in rows[0]!) expect(tally(rows, 'dataset'), sql).toEqual(Object.fromEntries(paragraphs));
      if (sql.includes('hive_partitioning')) {
        expect(tally(rows, 'year'), sql).toEqual(Object.fromEntries(NAMES.map((n) => [String(yearOf(n)), paragraphs.get(n)])));
      }
    }
  });

  it('shows YAML that parses: a GitHub Actions matrix and a merge job, a Kubernetes Indexed Job and a merge Job', () => {
    const docs = yamlBlocks.flatMap((b) => {
      const parsed = parseAllDocuments(b.body);
      const all = Array.isArray(parsed) ? parsed : [parsed];
      for (const d of all) expect(d.errors, b.body).toEqual([]);
      return all.map((d) => d.toJS() as Record<string, any>);
    });

    const workflow = docs.find((d) => d.jobs)!;
    expect(workflow).toBeDefined();
    const shardJob = Object.values(workflow.jobs as Record<string, any>).find((j) => j.strategy?.matrix?.shard)!;
    const mergeJob = Object.values(workflow.jobs as Record<string, any>).find((j) => j.needs)!;
    expect(shardJob.strategy.matrix.shard).toEqual([1, 2, 3]);
    const uses = (job: any) => (job.steps as { uses?: string }[]).map((s) => s.uses?.split('@')[0]);
    expect(uses(shardJob)).toContain('actions/upload-artifact');
    expect(uses(mergeJob)).toContain('actions/download-artifact');
    expect(JSON.stringify(shardJob.steps)).toMatch(/build --shard \$\{\{ matrix\.shard \}\}\//);
    expect(JSON.stringify(mergeJob.steps)).toContain(' merge ');

    const jobs = docs.filter((d) => d.kind === 'Job');
    expect(jobs.map((j) => j.apiVersion)).toEqual(['batch/v1', 'batch/v1']);
    const [indexed, merge] = jobs;
    expect(indexed!.spec.completionMode).toBe('Indexed');
    expect(indexed!.spec.parallelism).toBe(indexed!.spec.completions);
    const shardArgs = JSON.stringify(indexed!.spec.template.spec.containers);
    // JOB_COMPLETION_INDEX is 0-based, shards are 1-based; N is the number of completions.
    expect(shardArgs).toContain('$((JOB_COMPLETION_INDEX + 1))');
    expect(shardArgs).toContain(`--shard \\"$K/${indexed!.spec.completions}\\"`);
    expect(JSON.stringify(merge!.spec.template.spec.containers)).toContain('"merge"');
    // Both write to and read from the same claim.
    const claims = jobs.map((j) => j.spec.template.spec.volumes.map((v: any) => v.persistentVolumeClaim?.claimName));
    expect(claims[0]).toEqual(claims[1]);
  });

  it('uses only options that build --help and merge --help list', () => {
    const help = (command: string) => {
      const r = spawnSync(process.execPath, [main, command, '--help'], { encoding: 'utf8', cwd: repoRoot });
      expect(r.status, `${main} ${command} --help: ${r.stderr}`).toBe(0);
      return new Set([...r.stdout.matchAll(/^\s+(--[a-z][a-z-]*)/gm)].map((m) => m[1]!));
    };
    const options = { build: help('build'), merge: help('merge') };
    expect(options.build).toContain('--shard');
    expect(options.build).toContain('--out');
    expect(options.merge).toContain('--out');

    // Every command line in the code blocks (YAML command arrays are joined into one).
    const lines: string[] = [];
    for (const b of blocks) {
      if (yamlBlocks.includes(b)) {
        const walk = (v: unknown): void => {
          if (typeof v === 'string') lines.push(v);
          else if (Array.isArray(v)) (v.every((x) => typeof x === 'string') ? lines.push(v.join(' ')) : v.forEach(walk));
          else if (v && typeof v === 'object') Object.values(v).forEach(walk);
        };
        for (const d of parseAllDocuments(b.body) as unknown as { toJS(): unknown }[]) walk(d.toJS());
      } else lines.push(...b.body.split('\n'));
    }
    const commands = lines.flatMap((l) => [...l.matchAll(/main\.js (build|merge)\b([^\n#]*)/g)].map((m) => ({ command: m[1] as 'build' | 'merge', args: m[2]! })));
    expect(commands.filter((c) => c.command === 'build' && c.args.includes('--shard')).length).toBeGreaterThanOrEqual(2);
    expect(commands.filter((c) => c.command === 'merge').length).toBeGreaterThanOrEqual(3);
    for (const { command, args } of commands) {
      for (const [flag] of args.matchAll(/--[a-z][a-z-]*/g)) {
        const name = flag.startsWith('--no-') && options[command].has(`--${flag.slice(5)}`) ? `--${flag.slice(5)}` : flag;
        expect(options[command], `${command}${args}`).toContain(name);
      }
    }
  });
});
