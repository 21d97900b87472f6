/** The command line, run as a user runs it: exit codes, reports on stderr, --help. */
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, main } from './helpers/cli.js';
import { filesOf, sampleSources, tempDir } from './helpers/build.js';
import { fixturesDir } from './golden/fixtures.js';
import { EXIT_CODES } from '../pipeline/cli/exit-codes.js';


describe('cli', () => {
  it('is built (npm test compiles it first)', () => {
    expect(existsSync(main), `${main} is missing: run npm run build:ts`).toBe(true);
  });

  it('--help shows the build command, its options, examples and the exit codes', () => {
    const { code, stdout } = cli(['build', '--help']);
    expect(code).toBe(0);
    for (const text of ['--sources', '--out', '--only', '--formats', '--concurrency', 'Examples:']) expect(stdout).toContain(text);
    expect(stdout.replace(/\s+/g, ' ')).toContain(EXIT_CODES);
  });

  it('builds the sample and exits 0', () => {
    const out = tempDir();
    const { code, stdout } = cli(['build', '--sources', sampleSources, '--out', out, '--no-cache']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^governance-of-china: 1 of 1 files published; 1 document, 3 paragraphs, 1 note → .*governance-of-china\n$/);
    expect(existsSync(join(out, 'governance-of-china', 'SHA256SUMS'))).toBe(true);
  });

  it('builds in shards and merges them into the dataset one build makes, reusing the cache only when asked', () => {
    const sources = join(fixturesDir, 'layout-corpus', 'sources');
    const whole = tempDir();
    const cacheDir = tempDir();
    expect(cli(['build', '--sources', sources, '--out', whole, '--cache-dir', cacheDir]).code).toBe(0);
    const again = cli(['build', '--sources', sources, '--out', tempDir(), '--cache-dir', cacheDir]);
    expect(again.stderr).toMatch(/^cache: (\d+) of \1 files unchanged, their results reused$/m);
    expect(cli(['build', '--sources', sources, '--out', tempDir(), '--cache-dir', cacheDir, '--no-cache']).stderr).not.toContain('cache:');
    const shards = [tempDir(), tempDir()];
    for (const [i, out] of shards.entries()) {
      const r = cli(['build', '--sources', sources, '--out', out, '--shard', `${i + 1}/2`, '--no-cache']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^corpus: \\d+ files processed → .*corpus\\.shard-${i + 1}-of-2$`, 'm'));
    }
    const merged = tempDir();
    const r = cli(['merge', ...shards, '--out', merged]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^corpus: \d+ of \d+ files published/m);
    expect(filesOf(join(merged, 'corpus'))).toEqual(filesOf(join(whole, 'corpus')));
    const json = JSON.parse(cli(['merge', ...shards, '--out', tempDir(), '--json']).stdout);
    expect(json).toMatchObject({ command: 'merge', ok: true, exit_code: 0, datasets: [{ name: 'corpus', published: true, rejected_files: 0 }] });
    const missing = cli(['merge', shards[0]!, '--out', tempDir()]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('error  Dataset "corpus": expected shards 1 to 2 of 2 once each, got 1/2  shard/invalid\n    hint: Build the missing or refused shards again with the same code and sources, then merge all of them.\n');
  });

  it('exits 74, not as a bug, when the output cannot be written, and refuses an empty --shard', () => {
    const blocked = join(tempDir(), 'a-file');
    writeFileSync(blocked, 'not a folder');
    const r = cli(['build', '--sources', sampleSources, '--out', join(blocked, 'out'), '--no-cache']);
    expect(r.code).toBe(74);
    expect(r.stderr).toMatch(/^error  Cannot write the output \(ENOTDIR: .*\); nothing was published, and what was published before is kept  output\/unwritable$/m);
    expect(r.stderr).not.toContain('bug');
    const empty = cli(['build', '--sources', sampleSources, '--out', tempDir(), '--shard']);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('error  Expected --shard to be a non-empty value, got ""  usage/invalid-value');
  });

  it('reports bad files linter-style with place, level, rule id and hint, and exits 1', () => {
    const { code, stderr, stdout } = cli(['build', '--sources', join(fixturesDir, 'bad-inputs', 'sources'), '--out', tempDir(), '--no-cache']);
    expect(code).toBe(1);
    expect(stderr).toContain('sources/mixed/raw/b-invalid-utf8.txt:11:324 (byte 1006)  error  Byte 0xE9 at offset 1006 is not valid UTF-8 and the file has no byte order mark; the file mixes UTF-8 with other bytes (U+00A0 at offset 207 is UTF-8), so no one encoding reads it  decode/invalid-utf8\n    hint: Convert the file to UTF-8');
    expect(stderr).toContain('sources/mixed/raw/c-empty.txt:1:1 (byte 0)  error  The file is empty (0 bytes)  read/empty-file');
    expect(stdout).toContain('mixed: 2 of 9 files published, 7 rejected (see rejected.jsonl)');
  });

  it('exits 2 on a bad option, with the exact problem', () => {
    const unknown = cli(['build', '--bogus']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('error  Unknown option for build: --bogus  usage/unknown-option\n    hint: Run `speech-datasets <command> --help` for the options of a command.\n');
    const zero = cli(['build', '--concurrency', '0', '--out', tempDir()]);
    expect(zero.code).toBe(2);
    expect(zero.stderr).toContain('error  Expected `concurrency` to be an integer from 1 to 256, got 0  usage/invalid-value');
    const formats = cli(['build', '--formats', 'csv,xlsx', '--out', tempDir()]);
    expect(formats.code).toBe(2);
    expect(formats.stderr).toContain('Expected `formats` to be one or more of parquet, jsonl, csv, arrow, got ["csv","xlsx"]');
    for (const value of ['yesterday', '99999999999999', '-1']) {
      const epoch = cli(['build', '--out', tempDir()], { env: { SOURCE_DATE_EPOCH: value } });
      expect(epoch.code).toBe(2);
      expect(epoch.stderr).toContain(`Expected SOURCE_DATE_EPOCH to be a whole number of seconds from 0 to 253402300799, got "${value}"`);
    }
  });

  it('exits 2 on an invalid source.json, naming the file and field, and still builds the other sources', () => {
    const root = tempDir();
    cpSync(sampleSources, join(root, 'sources'), { recursive: true });
    mkdirSync(join(root, 'sources', 'broken', 'raw'), { recursive: true });
    writeFileSync(join(root, 'sources', 'broken', 'source.json'), JSON.stringify({ name: 'broken', profile: 'nope' }));
    const { code, stderr } = cli(['build', '--sources', join(root, 'sources'), '--out', join(root, 'output'), '--no-cache']);
    expect(code).toBe(2);
    expect(stderr).toContain('sources/broken/source.json:1:28  error  `profile`: Invalid option: expected one of "npc-governance-page"|"markdown"|"plain"|"auto", got "nope"  source/invalid-config');
    expect(stderr).toContain('sources/broken/source.json:1:1  error  `title` is missing (expected string)  source/invalid-config');
    expect(existsSync(join(root, 'output', 'governance-of-china', 'paragraphs.csv'))).toBe(true);
  });

  it('exits 2 when a source has no raw files, and keeps a published dataset when every input is rejected', () => {
    const root = tempDir();
    mkdirSync(join(root, 'sources', 'empty', 'raw'), { recursive: true });
    cpSync(join(sampleSources, 'governance-of-china', 'source.json'), join(root, 'sources', 'empty', 'source.json'));
    writeFileSync(join(root, 'sources', 'empty', 'source.json'), readFileSync(join(root, 'sources', 'empty', 'source.json'), 'utf8').replace('"governance-of-china"', '"empty"'));
    const none = cli(['build', '--sources', join(root, 'sources'), '--out', join(root, 'output'), '--no-cache']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('sources/empty/raw  error  The raw/ folder holds no files  source/no-raw-files\n    hint: Put the collection\'s text files in sources/<name>/raw/ (any folder depth; names starting with "." are ignored).');

    const out = tempDir();
    const sources = join(tempDir(), 'sources');
    cpSync(sampleSources, sources, { recursive: true });
    expect(cli(['build', '--sources', sources, '--out', out, '--no-cache']).code).toBe(0);
    const before = readFileSync(join(out, 'governance-of-china', 'paragraphs.csv'));
    writeFileSync(join(sources, 'governance-of-china', 'raw', '000_eff43aaf35981dd4.txt'), '');
    const all = cli(['build', '--sources', sources, '--out', out, '--no-cache']);
    expect(all.code).toBe(1);
    expect(all.stderr).toMatch(/^\S*governance-of-china  error  Every input of governance-of-china was rejected \(1 file\); nothing was published, and the dataset published before, if any, is kept  dataset\/nothing-published$/m);
    expect(readFileSync(join(out, 'governance-of-china', 'paragraphs.csv')).equals(before)).toBe(true);
  });

  it('writes only the formats asked for', () => {
    const out = tempDir();
    expect(cli(['build', '--sources', sampleSources, '--out', out, '--formats', 'csv', '--no-cache']).code).toBe(0);
    expect(existsSync(join(out, 'governance-of-china', 'paragraphs.csv'))).toBe(true);
    expect(existsSync(join(out, 'governance-of-china', 'paragraphs.jsonl'))).toBe(false);
  });
});
