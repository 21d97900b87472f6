/**
 * The everyday commands, run as a user runs them: validate, verify, clean,
 * the JSON summary, --help, mistakes with suggestions, colour, --quiet and
 * the project configuration file.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { commands } from '../pipeline/cli/commands.js';
import { globalOptions } from '../pipeline/cli/command.js';
import { catalogue } from '../pipeline/messages.js';
import { filesOf, sampleSources, tempDir } from './helpers/build.js';
import { cli, project } from './helpers/cli.js';
import { repoRoot } from './helpers/paths.js';
import { fixturesDir } from './golden/fixtures.js';

const badSources = join(fixturesDir, 'bad-inputs', 'sources');

/** The shape every --json summary has, whatever the command: checked strictly, so a renamed or stray field fails. */
const MessageShape = z.strictObject({
  rule: z.enum(Object.keys(catalogue) as [string, ...string[]]),
  level: z.enum(['error', 'warning', 'info']),
  stage: z.string(),
  file: z.string(),
  message: z.string().min(1),
  hint: z.string().min(1),
  line: z.int().min(1).optional(),
  column: z.int().min(1).optional(),
  byte_offset: z.int().min(0).optional(),
});
const Counts = z.strictObject({ errors: z.int(), warnings: z.int(), infos: z.int() });
const Rows = z.strictObject({ documents: z.int(), paragraphs: z.int(), notes: z.int() });
const summary = <T extends z.ZodRawShape>(command: string, shape: T) =>
  z.strictObject({ command: z.literal(command), ok: z.boolean(), exit_code: z.int(), messages: z.array(MessageShape), ...shape });

const BuildSummary = summary('build', {
  datasets: z.array(
    z.strictObject({
      name: z.string(),
      path: z.string(),
      published: z.boolean(),
      files: z.int(),
      published_files: z.int(),
      rejected_files: z.int(),
      rows: Rows,
      outputs: z.array(z.strictObject({ path: z.string(), bytes: z.int(), sha256: z.string().regex(/^[0-9a-f]{64}$/) })),
    }),
  ),
  cache: z.strictObject({ hits: z.int(), misses: z.int() }),
  counts: Counts,
  strict_failures: z.int(),
});
const ValidateSummary = summary('validate', {
  datasets: z.array(z.strictObject({ name: z.string(), files: z.int(), published_files: z.int(), rejected_files: z.int(), rows: Rows })),
  counts: Counts,
  strict_failures: z.int(),
});
const VerifySummary = summary('verify', {
  datasets: z.array(
    z.strictObject({ name: z.string(), path: z.string(), ok: z.boolean(), checked: z.int(), fresh: z.strictObject({ compared: z.int(), differing: z.int() }).nullable() }),
  ),
  counts: Counts,
});
const FailedSummary = (command: string) => summary(command, {});

const HINT = {
  unknownOption: '    hint: Run `speech-datasets <command> --help` for the options of a command.\n',
  configInvalid: '    hint: Fix the field named in the message; schemas/pipeline.config.schema.json lists every field, and editors check the file against it through its "$schema" key.\n',
};

describe('--help', () => {
  it('lists every command, and each command lists its options and examples', () => {
    const top = cli(['--help']);
    expect(top.code).toBe(0);
    // The six commands the docs promise, written out: a command dropped from the list must fail here.
    expect(commands.map((c) => c.name).sort()).toEqual(['build', 'clean', 'inspect', 'merge', 'validate', 'verify']);
    for (const name of ['build', 'validate', 'inspect', 'verify', 'clean', 'merge']) expect(top.stdout).toMatch(new RegExp(`^  speech-datasets ${name}\\b`, 'm'));
    for (const name of Object.keys(globalOptions)) expect(top.stdout).toContain(`--${name}`);
    for (const { name, options } of commands) {
      const help = cli([name, '--help']);
      expect(help.code, name).toBe(0);
      expect(help.stdout, name).toContain('Examples:');
      for (const option of Object.keys(options)) expect(help.stdout, `${name} --${option}`).toMatch(new RegExp(`^  --${option}\\s`, 'm'));
    }
  });

  it('refuses no command, an unknown command or option, naming the closest one', () => {
    const none = cli([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toBe(`error  No command given; the commands are ${commands.map((c) => c.name).join(', ')}  usage/unknown-command\n    hint: Run \`speech-datasets --help\` for the commands.\n`);
    const command = cli(['valdate']);
    expect(command.code).toBe(2);
    expect(command.stderr).toBe('error  Unknown command "valdate"; did you mean "validate"?  usage/unknown-command\n    hint: Run `speech-datasets --help` for the commands.\n');
    const options = cli(['validate', '--stirct', '--formt', 'json', '--zzzzzz']);
    expect(options.code).toBe(2);
    expect(options.stderr).toBe(`error  Unknown options for validate: --stirct (did you mean --strict?), --formt (did you mean --format?), --zzzzzz  usage/unknown-option\n${HINT.unknownOption}`);
    const json = cli(['verify', '--frsh', '--json']);
    expect(json.code).toBe(2);
    const parsed = FailedSummary('verify').parse(JSON.parse(json.stdout));
    expect(parsed).toMatchObject({ ok: false, exit_code: 2, messages: [{ rule: 'usage/unknown-option', message: 'Unknown option for verify: --frsh (did you mean --fresh?)' }] });
  });
});

describe('validate', () => {
  it('prints a linter-style report grouped by file and a summary line, writes nothing, and exits 1', () => {
    const root = tempDir();
    const cacheDir = join(root, 'cache');
    const before = filesOf(badSources);
    const r = cli(['validate', '--sources', badSources, '--cache-dir', cacheDir], { cwd: root });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      [
        'sources/mixed/raw/b-invalid-utf8.txt:11:324 (byte 1006)  error  Byte 0xE9 at offset 1006 is not valid UTF-8 and the file has no byte order mark; the file mixes UTF-8 with other bytes (U+00A0 at offset 207 is UTF-8), so no one encoding reads it  decode/invalid-utf8',
        '    hint: Convert the file to UTF-8 (e.g. `iconv -f WINDOWS-1252 -t UTF-8`), or declare its encoding in source.json ("encoding": "windows-1252"). A mix has to be repaired by hand where the bytes change.',
        '',
        'sources/mixed/raw/c-empty.txt:1:1 (byte 0)  error  The file is empty (0 bytes)  read/empty-file',
        '    hint: Delete the file, or save the page again: the download probably failed.',
        '',
        'sources/mixed/raw/d-not-npc.txt:3:1 (byte 17)  error  Expected "<Speaker>: <Collection> Updated: YYYY-MM-DD" on the second non-blank line, found "without the page header."  npc/collection-line-missing',
        '    hint: If this file has another layout, move it to a source whose source.json declares "profile": "plain".',
        '',
        'sources/mixed/raw/e-whitespace.txt:1:1 (byte 0)  error  The file holds only white space  segment/no-text',
        '    hint: Delete the file, or save the page again.',
        '',
        'sources/mixed/raw/f-header-only.txt:10:43 (byte 272)  error  The npc-governance-page profile found no body paragraph  segment/no-paragraphs',
        '    hint: Check that the file holds the whole page; if it has another layout, read it with another profile.',
        '',
        'sources/mixed/raw/g-utf16-without-bom.txt:1:1 (byte 0)  warning  No byte order mark, but NUL bytes alternate with others throughout, as in UTF-16LE text; read as UTF-16LE  decode/encoding-assumed',
        '    hint: Check the text, then declare "encoding" in source.json (e.g. "encoding": "windows-1252") to silence this warning, or convert the file to UTF-8.',
        'sources/mixed/raw/g-utf16-without-bom.txt:1:1  warning  doc_id "2017-04-06-there-are-a-thousand-reasons-to-make-the-china-us-relationship" is already used by sources/mixed/raw/a-good.txt; this document gets "2017-04-06-there-are-a-thousand-reasons-to-make-the-china-us-relationship-2"  identify/duplicate-id',
        '    hint: Remove the duplicate file if it is one.',
        'sources/mixed/raw/g-utf16-without-bom.txt:1:1  warning  The paragraphs are exactly those of 2017-04-06-there-are-a-thousand-reasons-to-make-the-china-us-relationship (sources/mixed/raw/a-good.txt)  duplicate/document',
        '    hint: Delete the duplicate file if it is one; filter on duplicate_of IS NULL when counting.',
        '',
        'sources/mixed/raw/h-image.png:1:1 (byte 0)  error  The file is a PNG image, not text  decode/binary',
        '    hint: Extract the text first (e.g. `pdftotext` for a PDF, or "Save as plain text" in a word processor), or remove the file from raw/.',
        '',
        'sources/mixed/raw/i-nul.txt:3:23 (byte 34)  error  NUL at offset 34: the file is binary, or UTF-16 without a byte order mark  decode/nul-byte',
        '    hint: Extract the text first; for UTF-16 without a byte order mark declare "encoding": "utf-16le" (or "utf-16be") in source.json.',
        '',
        '✖ 9 files in 1 dataset checked: 7 errors, 3 warnings in 8 files; 7 files would be rejected',
        '',
      ].join('\n'),
    );
    // Nothing written: not the sources, not an output folder, not the cache.
    expect(filesOf(badSources)).toEqual(before);
    expect(readdirSync(root)).toEqual([]);
  });

  it('gives the same findings as JSON, with --format json or --json', () => {
    const a = cli(['validate', '--sources', badSources, '--format', 'json']);
    const b = cli(['validate', '--sources', badSources, '--json']);
    expect(a.code).toBe(1);
    expect(a.stdout).toBe(b.stdout);
    const report = ValidateSummary.parse(JSON.parse(a.stdout));
    expect(report).toMatchObject({ ok: false, exit_code: 1, counts: { errors: 7, warnings: 3 }, datasets: [{ name: 'mixed', files: 9, published_files: 2, rejected_files: 7 }] });
    expect(report.messages.filter((m) => m.level === 'error').map((m) => `${m.file}:${m.line}:${m.column} ${m.rule}`)).toEqual([
      'sources/mixed/raw/b-invalid-utf8.txt:11:324 decode/invalid-utf8',
      'sources/mixed/raw/c-empty.txt:1:1 read/empty-file',
      'sources/mixed/raw/d-not-npc.txt:3:1 npc/collection-line-missing',
      'sources/mixed/raw/e-whitespace.txt:1:1 segment/no-text',
      'sources/mixed/raw/f-header-only.txt:10:43 segment/no-paragraphs',
      'sources/mixed/raw/h-image.png:1:1 decode/binary',
      'sources/mixed/raw/i-nul.txt:3:23 decode/nul-byte',
    ]);
  });

  it('with --strict, fails on warnings except those allowed; an allowed rule must be a warning', () => {
    const clean = cli(['validate', '--sources', sampleSources]);
    expect(clean.code).toBe(0);
    expect(clean.stderr).toMatch(/rights\/not-open\n[^\n]*\n\n✔ 1 file in 1 dataset checked: 0 errors, 1 warning in 1 file; every file would be published\n$/);
    const strict = cli(['validate', '--sources', sampleSources, '--strict']);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain('--strict: 1 warning fail the run (rights/not-open); let a rule pass with --allow-warning <rule>\n✖ 1 file');
    expect(cli(['validate', '--sources', sampleSources, '--strict', '--allow-warning', 'rights/not-open']).code).toBe(0);
    const wrong = cli(['validate', '--sources', sampleSources, '--strict', '--allow-warning', 'read/empty-file']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('error  Expected `allowWarnings` to name rules whose level is warning (see docs/messages.md), got "read/empty-file"  usage/invalid-value');
  });

  it('--quiet prints the errors only; --verbose adds the infos', () => {
    const quiet = cli(['validate', '--sources', badSources, '--quiet']);
    expect(quiet.code).toBe(1);
    expect(quiet.stderr.match(/  error  /g)).toHaveLength(7);
    expect(quiet.stderr).not.toContain('✖');
    const sample = cli(['validate', '--sources', sampleSources, '--quiet']);
    expect(sample).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const layouts = join(fixturesDir, 'layout-corpus', 'sources');
    const verbose = cli(['validate', '--sources', layouts, '--verbose']);
    const normal = cli(['validate', '--sources', layouts]);
    expect(verbose.stderr).toMatch(/  info  /);
    expect(normal.stderr).not.toMatch(/  info  /);
    expect(verbose.stderr).toMatch(/, \d+ infos? in /);
  });
});

describe('build --json and output discipline', () => {
  it('prints one summary object on stdout and the messages on stderr', () => {
    const { out } = project();
    const r = cli(['build', '--sources', badSources, '--out', out, '--json', '--no-cache']);
    expect(r.code).toBe(1);
    const report = BuildSummary.parse(JSON.parse(r.stdout));
    expect(report).toMatchObject({ ok: false, exit_code: 1, counts: { errors: 7 }, datasets: [{ name: 'mixed', published: true, files: 9, published_files: 2, rejected_files: 7 }] });
    const published = report.datasets[0]!;
    expect(published.path).toBe(relative(repoRoot, join(out, 'mixed')).split('\\').join('/'));
    expect(published.outputs.map((o) => o.path)).toContain('paragraphs.parquet');
    for (const o of published.outputs) expect(readFileSync(join(out, 'mixed', o.path)).length).toBe(o.bytes);
    expect(r.stderr.match(/  error  /g)).toHaveLength(7);
  });

  it('colours the report only when asked or on a terminal, and never with NO_COLOR', () => {
    const run = (args: string[], env: NodeJS.ProcessEnv) => cli(['validate', '--sources', badSources, ...args], { env }).stderr;
    const ESC = '\u001b[';
    expect(run([], {})).not.toContain(ESC);
    expect(run([], { FORCE_COLOR: '1' })).toContain(`${ESC}31merror${ESC}39m`);
    expect(run([], { FORCE_COLOR: '1', NO_COLOR: '1' })).not.toContain(ESC);
    expect(run(['--no-color'], { FORCE_COLOR: '1' })).not.toContain(ESC);
    expect(run(['--color'], { NO_COLOR: '1' })).toContain(ESC);
  });
});

describe('verify', () => {
  it('passes a dataset as built, and catches a one-byte change with or without --fresh', () => {
    const { root, out } = project();
    expect(cli(['build', '--no-cache'], { cwd: root }).code).toBe(0);
    const ok = cli(['verify', '--fresh', '--no-cache'], { cwd: root });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^output\/governance-of-china: ok, \d+ files match SHA256SUMS; a fresh build is identical, all \d+ files with SHA256SUMS\n$/);
    const csv = join(out, 'governance-of-china', 'paragraphs.csv');
    const bytes = readFileSync(csv);
    bytes[bytes.length - 2] = bytes[bytes.length - 2]! ^ 1;
    writeFileSync(csv, bytes);
    const plain = cli(['verify', '--json'], { cwd: root });
    expect(plain.code).toBe(1);
    const report = VerifySummary.parse(JSON.parse(plain.stdout));
    expect(report.messages.map((m) => `${m.file} ${m.rule}`)).toEqual(['output/governance-of-china/paragraphs.csv verify/checksum-mismatch']);
    // The tampered file made to look right: only a rebuild can tell.
    const sums = join(out, 'governance-of-china', 'SHA256SUMS');
    const hash = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    writeFileSync(sums, readFileSync(sums, 'utf8').replace(/^[0-9a-f]{64}(?=  paragraphs\.csv$)/m, hash(bytes)));
    const fresh = cli(['verify', '--fresh', '--no-cache'], { cwd: root });
    expect(fresh.code).toBe(1);
    expect(fresh.stderr).toMatch(new RegExp(`^output/governance-of-china/paragraphs\\.csv:\\d+ \\(byte ${bytes.length - 2}\\)  error  Differs from a fresh build from byte ${bytes.length - 2} `, 'm'));
    expect(fresh.stdout).toMatch(/^output\/governance-of-china: FAILED, .*; 2 of \d+ files differ from a fresh build\n$/);
  });

  it('exits 2 on a folder that is not a dataset', () => {
    const r = cli(['verify', tempDir()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/  error  .*  verify\/not-a-dataset\n/);
  });
});

describe('clean', () => {
  it('removes the cache, staging leftovers and verify temporaries, and published datasets only when asked', () => {
    const { root, out } = project();
    expect(cli(['build'], { cwd: root }).code).toBe(0);
    mkdirSync(join(out, '.tmp-governance-of-china-7c9e6679-7425-40de-944b-e07fc1f90ae7'));
    writeFileSync(join(out, '.tmp-governance-of-china-7c9e6679-7425-40de-944b-e07fc1f90ae7', 'paragraphs.csv'), 'half');
    // Someone's notes that merely start alike are not ours.
    writeFileSync(join(out, '.tmp-notes.txt'), 'mine');
    const temp = tempDir();
    mkdirSync(join(temp, 'speech-datasets-verify-abc'));
    const env = { TMPDIR: temp };
    const dry = cli(['clean', '--dry-run'], { cwd: root, env });
    expect(dry.code).toBe(0);
    expect(dry.stdout.split('\n').filter(Boolean).map((l) => l.replace(/ \d+\.\d MB\)$/, ' N MB)').replace(/^would remove \S*(speech-datasets-verify-abc)/, 'would remove $1'))).toEqual([
      'would remove .cache/speech-datasets  (cache, N MB)',
      'would remove output/.tmp-governance-of-china-7c9e6679-7425-40de-944b-e07fc1f90ae7  (staging, N MB)',
      'would remove speech-datasets-verify-abc  (verify-temp, N MB)',
    ]);
    expect(existsSync(join(root, '.cache', 'speech-datasets'))).toBe(true);
    expect(cli(['clean'], { cwd: root, env }).code).toBe(0);
    expect(existsSync(join(root, '.cache', 'speech-datasets'))).toBe(false);
    expect(readdirSync(out)).toEqual(['.tmp-notes.txt', 'governance-of-china']);
    expect(readdirSync(temp)).toEqual([]);
    expect(cli(['verify'], { cwd: root }).code).toBe(0);
    expect(cli(['clean', '--datasets'], { cwd: root, env }).code).toBe(0);
    expect(readdirSync(out)).toEqual(['.tmp-notes.txt']);
  });
});

describe('inspect', () => {
  it('summarises a dataset with its rights first, as text or JSON, and exits 1 when a file no longer matches', () => {
    const text = cli(['inspect', 'output/governance-of-china', '--sample', '0']);
    expect(text.code).toBe(0);
    expect(text.stdout.split('\n').slice(0, 2)).toEqual([
      'Xi Jinping: The Governance of China (English), paragraph by paragraph',
      'rights: NOT OPENLY LICENSED (other-closed); use only as the holder or the law allows',
    ]);
    expect(text.stdout).toMatch(/^paragraphs: 3 rows$/m);
    expect(text.stdout).toMatch(/\nchecksums: ok \(19 files\)\n$/);
    const json = cli(['inspect', 'output/governance-of-china', '--json']);
    const report = summary('inspect', { report: z.looseObject({ kind: z.literal('dataset'), tables: z.array(z.looseObject({ name: z.string(), rows: z.int() })) }) }).parse(JSON.parse(json.stdout));
    expect(report.report.tables.map((t) => [t.name, t.rows])).toEqual([['documents', 1], ['paragraphs', 3], ['notes', 1]]);

    const copy = join(tempDir(), 'governance-of-china');
    cpSync(join(repoRoot, 'output', 'governance-of-china'), copy, { recursive: true });
    writeFileSync(join(copy, 'notes.jsonl'), readFileSync(join(copy, 'notes.jsonl'), 'utf8').replace('Trump', 'Trumq'));
    const tampered = cli(['inspect', copy, '--sample', '0']);
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toMatch(/\nchecksums: FAILED \(19 files listed\)\n  differ from SHA256SUMS: notes\.jsonl\n$/);
  });

  it('exits 2 on nothing to inspect and 1 on a damaged file, with the rule id', () => {
    const missing = cli(['inspect', 'output/no-such-dataset']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^output\/no-such-dataset  error  output\/no-such-dataset does not exist: .*  verify\/not-a-dataset\n/);
    const damaged = join(tempDir(), 'paragraphs.parquet');
    writeFileSync(damaged, readFileSync(join(repoRoot, 'output', 'governance-of-china', 'paragraphs.parquet')).subarray(0, 100));
    const r = cli(['inspect', damaged]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/  error  .* cannot be read as parquet: .*  inspect\/unreadable\n/);
    expect(cli(['inspect', 'output/governance-of-china', '--sample', '-1']).code).toBe(2);
  });
});
