/**
 * The command line's care at the edges: values checked at the door, the project
 * configuration file, clean removing only what is ours, and the streams.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sampleSources, tempDir } from './helpers/build.js';
import { cli, project } from './helpers/cli.js';
import { repoRoot } from './helpers/paths.js';

const HINT = {
    configInvalid: '    hint: Fix the field named in the message; schemas/pipeline.config.schema.json lists every field, and editors check the file against it through its "$schema" key.\n',
};

describe('pipeline.config.json', () => {
  it('gives defaults that flags override, with paths relative to the file', () => {
    const { root, out } = project();
    writeFileSync(join(root, 'pipeline.config.json'), JSON.stringify({ $schema: './schemas/pipeline.config.schema.json', formats: ['csv'], cache: false }));
    expect(cli(['build'], { cwd: root }).code).toBe(0);
    expect(readdirSync(join(out, 'governance-of-china')).filter((f) => f.startsWith('paragraphs.'))).toEqual(['paragraphs.csv']);
    expect(existsSync(join(root, '.cache'))).toBe(false);
    mkdirSync(join(root, 'conf'));
    writeFileSync(join(root, 'conf', 'other.json'), JSON.stringify({ out: '../elsewhere', formats: ['csv'] }));
    expect(cli(['build', '--config', 'conf/other.json', '--formats', 'jsonl', '--no-cache'], { cwd: root }).code).toBe(0);
    expect(readdirSync(join(root, 'elsewhere', 'governance-of-china')).filter((f) => f.startsWith('paragraphs.'))).toEqual(['paragraphs.jsonl']);
  });

  it('reports every kind of mistake at its line and column, with the rule id, and exits 2', () => {
    const { root } = project();
    const config = (text: string) => {
      writeFileSync(join(root, 'pipeline.config.json'), text);
      const r = cli(['build', '--no-cache'], { cwd: root });
      expect(r.code).toBe(2);
      expect(existsSync(join(root, 'output'))).toBe(false);
      return r.stderr;
    };
    expect(config('{\n  "formats": ["csv"],\n  "formts": ["csv"]\n}\n')).toBe(
      `pipeline.config.json:3:3  error  Unknown field "formts"; did you mean "formats"?  config/invalid\n${HINT.configInvalid}`,
    );
    expect(config('{\n  "formats": ["csv", "xlsx"]\n}\n')).toBe(
      `pipeline.config.json:2:22  error  \`formats[1]\`: Invalid option: expected one of "parquet"|"jsonl"|"csv"|"arrow", got "xlsx"  config/invalid\n${HINT.configInvalid}`,
    );
    expect(config('{ "concurrency": "two" }')).toBe(`pipeline.config.json:1:18  error  \`concurrency\`: Invalid input: expected number, received string, got "two"  config/invalid\n${HINT.configInvalid}`);
    expect(config('{\n  "strict": true,\n}\n')).toBe(`pipeline.config.json:3:1  error  Not valid JSON: a field name in double quotes was expected (a comma too many?)  config/invalid\n${HINT.configInvalid}`);
    expect(config('{ "strict": true } // on\n')).toBe(`pipeline.config.json:1:20  error  Not valid JSON: JSON has no comments  config/invalid\n${HINT.configInvalid}`);
    const missing = cli(['build', '--config', 'nope.json'], { cwd: root });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.json  error  No configuration file nope.json  config/not-found');
  });
});

describe('values checked at the door', () => {
  const usage = (args: string[], cwd?: string) => {
    const r = cli(args, { cwd });
    expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
    return r.stderr.split('\n')[0];
  };

  it('refuses repeated, negated, empty and non-numeric values instead of passing them on', () => {
    expect(usage(['build', '--out', 'a', '--out', 'b'])).toBe('error  --out was given more than once ("a", "b"); give it once  usage/invalid-value');
    expect(usage(['build', '--formats', 'csv', '--formats', 'jsonl'])).toBe('error  --formats was given more than once ("csv", "jsonl"); give it once  usage/invalid-value');
    expect(usage(['build', '--no-sources'])).toBe('error  --no-sources is not an option; leave --sources out to use its default  usage/invalid-value');
    expect(usage(['build', '--out', ''])).toBe('error  Expected --out to be a non-empty value, got ""  usage/invalid-value');
    expect(usage(['build', '--only'])).toBe('error  Expected --only to be followed by at least one value  usage/invalid-value');
    expect(usage(['build', '--concurrency', 'abc'])).toBe('error  Expected --concurrency to be a number  usage/invalid-value');
    expect(usage(['--config', '', 'validate'])).toBe('error  Expected --config to be a non-empty value, got ""  usage/invalid-value');
  });

  it('tells a stray word from an unknown option, finds the command after a global option, and names each option once', () => {
    expect(usage(['validate', 'sources'])).toBe('error  Unexpected argument for validate: "sources" (options start with --)  usage/invalid-value');
    expect(usage(['--config', 'x.json', 'validate', '--onyl', 'a'])).toBe('error  Unknown option for validate: --onyl (did you mean --only?)  usage/unknown-option');
    expect(usage(['build', '--allow-warnings', 'x'])).toBe('error  Unknown option for build: --allow-warnings (did you mean --allow-warning?)  usage/unknown-option');
    expect(usage(['build', '-q'])).toBe('error  Unknown option for build: -q  usage/unknown-option');
    // Options are kebab-case only: a camelCase spelling is a mistake, named as typed.
    expect(usage(['build', '--cacheDir', 'x'])).toBe('error  Unknown option for build: --cacheDir (did you mean --cache-dir?)  usage/unknown-option');
    expect(usage(['clean', '--out', 'package.json'], repoRoot)).toMatch(/^error  Expected `out` to be a folder, but .*package\.json is a file  usage\/invalid-value$/);
    const json = cli(['validate', '--format', 'json', '--bogus']);
    expect(JSON.parse(json.stdout)).toMatchObject({ command: 'validate', ok: false, exit_code: 2 });
  });

  it('refuses an output path that is a file, a sources folder with no collection, and a library call with an empty path', async () => {
    const root = tempDir();
    writeFileSync(join(root, 'a-file'), '');
    expect(usage(['build', '--sources', sampleSources, '--out', join(root, 'a-file')])).toMatch(/^error  Expected `out` to be a folder, but .*a-file is a file  usage\/invalid-value$/);
    mkdirSync(join(root, 'empty'));
    expect(usage(['validate', '--sources', join(root, 'empty')])).toMatch(/^error  No source folders in .*empty: it should hold one folder per collection/);
    const { build } = await import('../pipeline/run.js');
    await expect(build({ sources: sampleSources, out: '' })).rejects.toThrow('Expected `out` to be a non-empty string, got ""');
    await expect(build({ sources: sampleSources, out: root, only: [] })).rejects.toThrow('Expected `only` to name at least one dataset, got []');
  });

  it('checks pipeline.config.json for repeated fields and rules that are not warnings', () => {
    const { root } = project();
    writeFileSync(join(root, 'pipeline.config.json'), '{\n  "out": "a",\n  "out": "b"\n}\n');
    expect(usage(['build'], root)).toBe('pipeline.config.json:3:3  error  Field "out" is given twice; give it once  config/invalid');
    writeFileSync(join(root, 'pipeline.config.json'), '{ "strict": true, "allowWarnings": ["rights/not-opn"] }');
    expect(usage(['build'], root)).toBe('pipeline.config.json:1:37  error  `allowWarnings[0]`: "rights/not-opn" is not a rule whose level is warning (see docs/messages.md); did you mean "rights/not-open"?  config/invalid');
  });
});

describe('clean is careful', () => {
  it('leaves a folder that is not its cache, restores a dataset a killed build set aside, and spares a running verify', () => {
    const { root, out } = project();
    mkdirSync(join(root, 'precious'));
    writeFileSync(join(root, 'precious', 'thesis.tex'), 'years of work');
    const r = cli(['clean', '--cache-dir', 'precious', '--out', 'output'], { cwd: root, env: { TMPDIR: tempDir() } });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('left precious: no CACHEDIR.TAG of this pipeline in it, so it is not (or not only) its cache; remove it by hand if it is\nnothing to remove\n');
    expect(readFileSync(join(root, 'precious', 'thesis.tex'), 'utf8')).toBe('years of work');

    expect(cli(['build', '--no-cache'], { cwd: root }).code).toBe(0);
    const aside = join(out, '.old-governance-of-china-0f8fad5b-d9cb-469f-a165-70867728950e');
    cpSync(join(out, 'governance-of-china'), aside, { recursive: true });
    rmSync(join(out, 'governance-of-china'), { recursive: true });
    const temp = tempDir();
    mkdirSync(join(temp, 'speech-datasets-verify-live'));
    writeFileSync(join(temp, 'speech-datasets-verify-live', '.owner'), `${process.pid}\n`);
    mkdirSync(join(temp, 'speech-datasets-verify-dead'));
    writeFileSync(join(temp, 'speech-datasets-verify-dead', '.owner'), '999999999\n');
    const c = cli(['clean', '--json'], { cwd: root, env: { TMPDIR: temp } });
    expect(c.code).toBe(0);
    const report = JSON.parse(c.stdout);
    expect(report.restored).toEqual([{ path: 'output/governance-of-china', from: 'output/.old-governance-of-china-0f8fad5b-d9cb-469f-a165-70867728950e' }]);
    expect(report.removed.map((x: { kind: string }) => x.kind)).toEqual(['verify-temp']);
    expect(report.skipped.map((x: { reason: string }) => x.reason)).toEqual([`in use by a verify still running (process ${process.pid})`]);
    expect(readdirSync(temp)).toEqual(['speech-datasets-verify-live']);
    expect(cli(['verify'], { cwd: root }).code).toBe(0);
  });
});

describe('streams', () => {
  it('decides colour per stream: a result piped into a file gets none while the report on a terminal does', async () => {
    const { Output } = await import('../pipeline/cli/output.js');
    const out = new Output({}, { stdout: { isTTY: false } as never, stderr: { isTTY: true } as never }, {});
    expect(out.paint.bad('x')).toBe('\u001b[31mx\u001b[39m');
    expect(out.paintOut.bad('x')).toBe('x');
  });

  it('stops quietly when its reader goes away (| head)', async () => {
    const { spawn } = await import('node:child_process');
    const { main } = await import('./helpers/cli.js');
    const { generate } = await import('../bench/generate.js');
    const root = tempDir();
    generate(root, 1, 7);
    expect(cli(['build', '--sources', join(root, 'sources'), '--out', join(root, 'output'), '--no-cache']).code).toBe(0);
    // Far more than a pipe holds (64 KiB), so the writer meets the closed pipe.
    const args = [main, 'inspect', join(root, 'output', 'bench'), '--sample', '500', '--json'];
    const child = spawn(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += String(d)));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  }, 60_000);

  it('verify --fresh from inside a dataset keeps its cache out of the dataset', () => {
    const { root, out } = project();
    expect(cli(['build', '--no-cache'], { cwd: root }).code).toBe(0);
    const inside = join(out, 'governance-of-china');
    const r = cli(['verify', '.', '--fresh', '--sources', join(root, 'sources')], { cwd: inside });
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(inside, '.cache'))).toBe(false);
  });
});

describe('verify --fresh, the drift check', () => {
  it('counts a collection with no published dataset as drift', () => {
    const { root, sources } = project();
    expect(cli(['build', '--no-cache'], { cwd: root }).code).toBe(0);
    cpSync(join(sources, 'governance-of-china'), join(sources, 'second'), { recursive: true });
    const config = join(sources, 'second', 'source.json');
    writeFileSync(config, readFileSync(config, 'utf8').replace('"name": "governance-of-china"', '"name": "second"'));
    const r = cli(['verify', '--fresh', '--no-cache'], { cwd: root });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('output/second  error  sources/second has no published dataset output/second: a fresh build would make one  verify/drift');
  });

  it('refuses to compare a dataset built by a Node with another Unicode version, and says why', () => {
    const { root, out } = project();
    expect(cli(['build', '--no-cache'], { cwd: root }).code).toBe(0);
    const provenance = join(out, 'governance-of-china', 'provenance.json');
    writeFileSync(provenance, readFileSync(provenance, 'utf8').replace(/"unicode": "[^"]+"/, '"unicode": "9.0"'));
    const r = cli(['verify', '--fresh', '--no-cache', '--json'], { cwd: root });
    expect(r.code).toBe(2);
    const other = JSON.parse(r.stdout).messages.filter((m: { rule: string }) => m.rule === 'verify/other-runtime');
    expect(other).toHaveLength(1);
    expect(other[0].file).toBe('output/governance-of-china/provenance.json');
    expect(other[0].message).toMatch(/^output\/governance-of-china was built by a Node with Unicode 9\.0, this one has Unicode \d+\.\d+ \(Node v\d+\.\d+\.\d+\)/);
  });
});

describe('inspect reports what is wrong as messages', () => {
  it('gives each checksum problem with its rule id, in the JSON summary too', () => {
    const copy = join(tempDir(), 'governance-of-china');
    cpSync(join(repoRoot, 'output', 'governance-of-china'), copy, { recursive: true });
    writeFileSync(join(copy, 'notes.jsonl'), readFileSync(join(copy, 'notes.jsonl'), 'utf8').replace('Trump', 'Trumq'));
    writeFileSync(join(copy, 'extra.txt'), 'x');
    const r = cli(['inspect', copy, '--sample', '0', '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).messages.map((m: { rule: string; file: string }) => `${m.rule} ${m.file.split('/').pop()}`)).toEqual([
      'verify/checksum-mismatch notes.jsonl',
      'verify/unlisted-file extra.txt',
    ]);
  });
});

describe('inspect of one file', () => {
  it("gives its dataset's rights and whether it still matches SHA256SUMS", () => {
    const ok = cli(['inspect', 'output/governance-of-china/notes.arrow', '--json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).report.dataset).toMatchObject({ name: 'governance-of-china', checksum: 'ok', rights: { open: false, licenses: [{ name: 'other-closed' }] } });
    const copy = join(tempDir(), 'governance-of-china');
    cpSync(join(repoRoot, 'output', 'governance-of-china'), copy, { recursive: true });
    const csv = join(copy, 'notes.csv');
    writeFileSync(csv, readFileSync(csv, 'utf8').replace('Trump', 'Trumq'));
    const bad = cli(['inspect', csv, '--sample', '0']);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('\ndataset: governance-of-china; this file DIFFERS from SHA256SUMS\nrights: NOT OPENLY LICENSED (other-closed)');
    expect(bad.stderr).toMatch(/notes\.csv  error  The file differs from its SHA-256 in the SHA256SUMS beside it  verify\/checksum-mismatch\n/);
  });
});
