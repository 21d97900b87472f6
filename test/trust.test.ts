/**
 * Trust: one writer per output folder (the lock, its stale takeover and what a
 * killed run left behind), the check a dataset passes before it is published,
 * the second Ctrl-C, and spreadsheet-safe CSV.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import { build, type BuildReport } from '../pipeline/index.js';
import { LOCK_FILE, LockedError, OutputLock } from '../pipeline/lock.js';
import { excelSafe, unescapeExcelSafe } from '../pipeline/writers/csv.js';
import { writers } from '../pipeline/writers/index.js';
import { generate } from '../bench/generate.js';
import { filesOf, readJsonl, sampleSources, tempDir } from './helpers/build.js';
import { repoRoot } from './helpers/paths.js';
import { buildWriting, cli, exited, main } from './helpers/cli.js';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

/** A live process of this machine that is not us: what a lock held by another build looks like. */
function otherProcess(): ChildProcess {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  children.push(child);
  return child;
}

const lockOf = (pid: number, command = 'build') => `${JSON.stringify({ pid, hostname: hostname(), command, since: '2026-11-30T10:00:00.000Z', token: 'theirs' })}\n`;
const staging = (name: string, kind: 'tmp' | 'old') => `.${kind}-${name}-12345678-1234-1234-1234-123456789abc`;

describe('one writer per output folder', () => {
  it('a build finds the folder held by a live process: exit 75, naming it, and nothing written; --wait waits, then gives up the same way', () => {
    const out = tempDir();
    const holder = otherProcess();
    writeFileSync(join(out, LOCK_FILE), lockOf(holder.pid!));
    const r = cli(['build', '--sources', sampleSources, '--out', out, '--no-cache']);
    expect(r.code).toBe(75);
    expect(r.stderr).toContain(`error  build (process ${holder.pid} on ${hostname()}, since 2026-11-30T10:00:00.000Z) is writing into this output folder; wait for it to finish, or give --wait <seconds>  output/locked`);
    expect(readdirSync(out)).toEqual([LOCK_FILE]);
    const started = Date.now();
    const waited = cli(['build', '--sources', sampleSources, '--out', out, '--no-cache', '--wait', '1']);
    expect(waited.code).toBe(75);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(waited.stderr).toContain(`waiting for build (process ${holder.pid}`);
    expect(waited.stderr).toContain('is writing into this output folder and still was after 1 s of --wait; wait for it to finish  output/locked');
    // Their lock is theirs: untouched.
    expect(readFileSync(join(out, LOCK_FILE), 'utf8')).toBe(lockOf(holder.pid!));
  });

  it('--wait goes on as soon as the other run lets go', async () => {
    const out = tempDir();
    const other = await OutputLock.take(out, { command: 'build' });
    const child = spawn(process.execPath, [main, 'build', '--sources', sampleSources, '--out', out, '--no-cache', '--wait', '60'], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += String(d)));
    const started = Date.now();
    while (!stderr.includes('waiting for build')) {
      if (Date.now() - started > 20_000) throw new Error(`never waited: ${stderr}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(existsSync(join(out, 'governance-of-china'))).toBe(false);
    await other.release();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code, stderr).toBe(0);
    expect(existsSync(join(out, 'governance-of-china', 'SHA256SUMS'))).toBe(true);
    expect(existsSync(join(out, LOCK_FILE))).toBe(false);
  });

  it('two builds started together into one folder: one publishes, the other exits 75; with --wait both do, one after the other', async () => {
    const root = tempDir();
    generate(root, 1, 7);
    const run = (out: string, wait: string[]) =>
      new Promise<number | null>((resolve) => {
        const child = spawn(process.execPath, [main, 'build', '--sources', join(root, 'sources'), '--out', out, '--no-cache', '--quiet', ...wait], { stdio: 'ignore' });
        children.push(child);
        child.on('close', resolve);
      });
    const out = join(root, 'output');
    expect((await Promise.all([run(out, []), run(out, [])])).sort()).toEqual([0, 75]);
    const waiting = join(root, 'waiting');
    expect(await Promise.all([run(waiting, ['--wait', '60']), run(waiting, ['--wait', '60'])])).toEqual([0, 0]);
    for (const dir of [out, waiting]) {
      expect(readdirSync(dir)).toEqual(['bench']);
      expect(cli(['verify', '--out', dir]).code).toBe(0);
    }
  });

  it('a stale lock (its process is dead) is taken over, and what the killed run left is put right first', async () => {
    const out = tempDir();
    expect((await build({ sources: sampleSources, out, cache: false })).exitCode).toBe(0);
    const published = filesOf(join(out, 'governance-of-china'));
    // A run killed between the two renames of its swap: only the copy set aside is left, beside a staging folder.
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => dead.on('close', r));
    writeFileSync(join(out, LOCK_FILE), lockOf(dead.pid!));
    renameSync(join(out, 'governance-of-china'), join(out, staging('governance-of-china', 'old')));
    mkdirSync(join(out, staging('governance-of-china', 'tmp')));
    writeFileSync(join(out, staging('governance-of-china', 'tmp'), 'paragraphs.jsonl'), '{"half":');
    // verify names what is wrong meanwhile.
    expect(cli(['verify', '--out', out]).code).not.toBe(0);

    const r = cli(['build', '--sources', sampleSources, '--out', out, '--no-cache', '--formats', 'jsonl']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`took over the lock of build (process ${dead.pid} on ${hostname()}, since 2026-11-30T10:00:00.000Z), which ended without removing it`);
    expect(r.stderr).toMatch(/put back .*governance-of-china from .*\.old-governance-of-china-[0-9a-f-]+: a run was killed while it published/);
    expect(r.stderr).toMatch(/removed .*\.tmp-governance-of-china-[0-9a-f-]+, left by a run that was killed/);
    expect(readdirSync(out)).toEqual(['governance-of-china']);
    // The new build replaced the restored one (jsonl only now), and it verifies.
    expect(filesOf(join(out, 'governance-of-china')).has('paragraphs.parquet')).toBe(false);
    expect(published.has('paragraphs.parquet')).toBe(true);
    expect(cli(['verify', '--out', out]).code).toBe(0);
  });

  // The start time and boot id come from /proc (Linux); elsewhere only a dead pid makes a lock stale.
  it.skipIf(!existsSync('/proc/self/stat'))('a lock whose pid is now another process (a restarted container\'s pid 1, this very process) is stale; a live holder\'s is not', async () => {
    const out = tempDir();
    const holder = otherProcess();
    const stat = readFileSync(`/proc/${holder.pid}/stat`, 'utf8');
    const started = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]!;
    const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    const lock = (fields: object) => writeFileSync(join(out, LOCK_FILE), `${JSON.stringify({ pid: holder.pid, hostname: hostname(), command: 'build', since: 'then', token: 'theirs', ...fields })}\n`);
    lock({ boot, started });
    await expect(OutputLock.take(out, { command: 'build' })).rejects.toBeInstanceOf(LockedError);
    // The same pid, started at another time: the process that took the lock is gone.
    lock({ boot, started: String(Number(started) - 1) });
    const taken = await OutputLock.take(out, { command: 'build' });
    expect(taken.tookOver).toMatchObject({ pid: holder.pid, token: 'theirs' });
    await taken.release();
    // Another boot id, and taken before this machine started: left before a reboot.
    lock({ boot: '00000000-0000-0000-0000-000000000000', started, since: '2000-01-01T00:00:00.000Z' });
    await (await OutputLock.take(out, { command: 'build' })).release();
    // Another boot id, taken since this machine started: another machine of the same name, never judged from here.
    lock({ boot: '00000000-0000-0000-0000-000000000000', started, since: new Date().toISOString() });
    await expect(OutputLock.take(out, { command: 'build' })).rejects.toBeInstanceOf(LockedError);
    // Another pid namespace (a container sharing this host name): its pids mean nothing here, dead or not.
    lock({ boot, started, pid: 999_999_999, ns: 'pid:[1]' });
    await expect(OutputLock.take(out, { command: 'build' })).rejects.toBeInstanceOf(LockedError);
    // This process's pid under a token it never made: left by an earlier process with this pid.
    writeFileSync(join(out, LOCK_FILE), lockOf(process.pid));
    const mine = await OutputLock.take(out, { command: 'build' });
    expect(mine.tookOver).toMatchObject({ pid: process.pid, token: 'theirs' });
    await mine.release();
    expect(readdirSync(out)).toEqual([]);
  });

  it('processes racing to take over one stale lock never hold it at once', async () => {
    const out = tempDir();
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => dead.on('close', r));
    writeFileSync(join(out, LOCK_FILE), lockOf(dead.pid!));
    const script = `
      const { OutputLock } = await import(${JSON.stringify(join(repoRoot, 'dist/pipeline/lock.js'))});
      const lock = await OutputLock.take(process.argv[1], { command: 'race', wait: 60 });
      const from = Date.now();
      await new Promise((r) => setTimeout(r, 150));
      await lock.check();
      process.stdout.write(JSON.stringify([from, Date.now()]));
      await lock.release();`;
    const racers = Array.from({ length: 8 }, () =>
      new Promise<[number, number]>((resolve, reject) => {
        const child = spawn(process.execPath, ['--input-type=module', '-e', script, out], { stdio: ['ignore', 'pipe', 'pipe'] });
        children.push(child);
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d) => (stdout += String(d)));
        child.stderr.on('data', (d) => (stderr += String(d)));
        child.on('close', (code) => (code === 0 ? resolve(JSON.parse(stdout)) : reject(new Error(stderr))));
      }),
    );
    const held = (await Promise.all(racers)).sort((a, b) => a[0] - b[0]);
    // One after the other: each began after the one before had released (check() passed for every one).
    for (let i = 1; i < held.length; i++) expect(held[i]![0]).toBeGreaterThanOrEqual(held[i - 1]![1]);
    expect(readdirSync(out)).toEqual([]);
  });

  it('a shard caught between the two renames of its swap is put back too, not removed', () => {
    const out = tempDir();
    expect(cli(['build', '--sources', sampleSources, '--out', out, '--no-cache', '--shard', '1/1']).code).toBe(0);
    const [shard] = readdirSync(out);
    expect(shard).toBe('governance-of-china.shard-1-of-1');
    const before = filesOf(join(out, shard!));
    renameSync(join(out, shard!), join(out, staging(shard!, 'old')));
    const r = cli(['clean', '--out', out, '--keep-cache']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/restored .*governance-of-china\.shard-1-of-1 from /);
    expect(filesOf(join(out, shard!))).toEqual(before);
  });

  it('a link where the lock file should be counts as held (no spinning), and a takeover file left by a dead process is cleared', async () => {
    const out = tempDir();
    symlinkSync('/nonexistent/lock', join(out, LOCK_FILE));
    await expect(OutputLock.take(out, { command: 'build' })).rejects.toBeInstanceOf(LockedError);
    rmSync(join(out, LOCK_FILE));
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => dead.on('close', r));
    writeFileSync(join(out, LOCK_FILE), lockOf(dead.pid!));
    writeFileSync(join(out, `${LOCK_FILE}.takeover`), `${dead.pid}\n`);
    const lock = await OutputLock.take(out, { command: 'build' });
    expect(lock.tookOver).toMatchObject({ pid: dead.pid });
    await lock.release();
    expect(readdirSync(out)).toEqual([]);
  });

  it('OutputLock: exclusive in one process too; release removes only its own file', async () => {
    const out = tempDir();
    const first = await OutputLock.take(out, { command: 'build' });
    await expect(OutputLock.take(out, { command: 'clean' })).rejects.toBeInstanceOf(LockedError);
    // Someone else's lock in its place (removed by hand and taken): release leaves it, and check() says the lock was lost.
    writeFileSync(join(out, LOCK_FILE), lockOf(process.pid));
    await expect(first.check()).rejects.toThrow(/was removed or taken by another process/);
    await first.release();
    expect(readFileSync(join(out, LOCK_FILE), 'utf8')).toBe(lockOf(process.pid));
  });

  it('clean never touches a running build\'s folders: it fails with 75; --dry-run takes no lock and says what it leaves', () => {
    const out = tempDir();
    const holder = otherProcess();
    mkdirSync(join(out, staging('x', 'tmp')));
    writeFileSync(join(out, LOCK_FILE), lockOf(holder.pid!));
    const r = cli(['clean', '--out', out, '--keep-cache']);
    expect(r.code).toBe(75);
    expect(r.stderr).toContain('output/locked');
    expect(readdirSync(out).sort()).toEqual([staging('x', 'tmp'), LOCK_FILE].sort());
    const dry = cli(['clean', '--out', out, '--keep-cache', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stderr).toContain(`: in use by build (process ${holder.pid} on ${hostname()}, since 2026-11-30T10:00:00.000Z)`);
    expect(readFileSync(join(out, LOCK_FILE), 'utf8')).toBe(lockOf(holder.pid!));
    holder.kill('SIGKILL');
  });
});

describe('the check before publishing', () => {
  // The hashes and sizes recorded are those of the short file, so only counting its rows again tells.
  for (const [format, why] of [['csv', 'notes.csv: 0 rows read back where the build wrote 1'], ['jsonl', 'provenance.json records 1 rows; the file has 0 lines']] as const) {
    it(`a ${format} writer that loses rows publishes nothing: output/check-failed, exit 70, and the dataset published before stays`, async () => {
      const out = tempDir();
      expect((await build({ sources: sampleSources, out, cache: false, workers: false })).exitCode).toBe(0);
      const before = filesOf(join(out, 'governance-of-china'));
      const writer = writers.find((w) => w.format === format)!;
      const text = writer.text!;
      // A bug: the notes never reach the file.
      (writer as { text: typeof text }).text = (table, options) => (table.name === 'notes' ? () => '' : text(table, options));
      let report: BuildReport;
      try {
        report = await build({ sources: sampleSources, out, cache: false, workers: false, sourceDateEpoch: 1 });
      } finally {
        (writer as { text: typeof text }).text = text;
      }
      expect(report.exitCode).toBe(70);
      expect(report.failures.map((f) => f.error.message)).toEqual([expect.stringContaining(why)]);
      expect(filesOf(join(out, 'governance-of-china'))).toEqual(before);
      expect(readdirSync(out)).toEqual(['governance-of-china']);
    });
  }
});

describe('interrupts', () => {
  /** A build of a corpus big enough to take seconds, once it is writing its dataset. */
  async function writingBuild() {
    const root = tempDir();
    generate(root, 10, 9);
    const out = join(root, 'output');
    mkdirSync(out);
    const build = await buildWriting(['--sources', join(root, 'sources'), '--no-cache', '--concurrency', '1'], out);
    children.push(build.child);
    return { out, ...build };
  }

  it('SIGHUP (the terminal closed) stops a build as SIGTERM does: exit 129, nothing left behind', async () => {
    const { out, child, stderr } = await writingBuild();
    child.kill('SIGHUP');
    expect(await exited(child), stderr()).toBe(129);
    expect(stderr()).toContain('Interrupted by SIGHUP');
    expect(readdirSync(out)).toEqual([]);
  });

  it('a second Ctrl-C ends the process at once, and still leaves no staging folder and no lock', async () => {
    const { out, child, stderr } = await writingBuild();
    child.kill('SIGINT');
    child.kill('SIGINT');
    expect(await exited(child), stderr()).toBe(130);
    expect(readdirSync(out)).toEqual([]);
  });
});

describe('spreadsheet-safe CSV', () => {
  // Whole sentences, so that none is taken for a heading.
  const FORMULAS = [
    'The first paragraph is ordinary prose, as the reader expects.',
    '=SUM(A1:A9) is what a spreadsheet would compute from this cell.',
    '+1 is how the crowd answered the proposal at the meeting.',
    '-2 degrees was the coldest morning of the whole winter.',
    '@mention is how the speaker was greeted on the platform.',
    "'Quoted already' is what the editor wrote in the margin.",
    'Plain text is safe as it is, in any spreadsheet.',
  ];

  function formulaCorpus(): string {
    const root = tempDir();
    const dir = join(root, 'sources', 'formulas');
    mkdirSync(join(dir, 'raw'), { recursive: true });
    cpSync(join(sampleSources, 'governance-of-china', 'source.json'), join(dir, 'source.json'));
    const config = JSON.parse(readFileSync(join(dir, 'source.json'), 'utf8'));
    writeFileSync(join(dir, 'source.json'), JSON.stringify({ ...config, name: 'formulas', profile: 'plain' }, null, 2));
    writeFileSync(join(dir, 'raw', 'a.txt'), `A Title\n\n${FORMULAS.join('\n\n')}\n`);
    return join(root, 'sources');
  }

  const csvTexts = (dir: string) => (parse(readFileSync(join(dir, 'paragraphs.csv')), { columns: true }) as { text: string }[]).map((r) => r.text);

  it('by default, cells hold the exact text; the card and metadata say it is not spreadsheet-safe', async () => {
    const out = tempDir();
    await build({ sources: formulaCorpus(), out, cache: false });
    const dir = join(out, 'formulas');
    expect(csvTexts(dir)).toEqual(FORMULAS);
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toContain('CSV: Cells hold the exact text, even one that begins with =');
    expect(JSON.parse(readFileSync(join(dir, 'provenance.json'), 'utf8')).options.csv_excel_safe).toBe(false);
  });

  it('with --csv-excel-safe, each formula-like cell gets one apostrophe, which unescapeExcelSafe takes off again; the other formats keep the exact text; it is recorded, and verify --fresh rebuilds with it', async () => {
    const sources = formulaCorpus();
    const out = tempDir();
    const r = cli(['build', '--sources', sources, '--out', out, '--no-cache', '--csv-excel-safe', '--concurrency', '1']);
    expect(r.code, r.stderr).toBe(0);
    const dir = join(out, 'formulas');
    expect(csvTexts(dir)).toEqual(FORMULAS.map((t, i) => (i === 0 || i === 6 ? t : `'${t}`)));
    expect(csvTexts(dir).map(unescapeExcelSafe)).toEqual(FORMULAS);
    expect(readJsonl<{ text: string }>(join(dir, 'paragraphs.jsonl')).map((p) => p.text)).toEqual(FORMULAS);
    // No string cell of any table begins with a formula character.
    for (const table of ['documents', 'paragraphs', 'notes']) {
      for (const row of parse(readFileSync(join(dir, `${table}.csv`)), { columns: true, cast: false }) as Record<string, string>[]) {
        for (const value of Object.values(row)) if (value !== '' && !/^-?\d+$/.test(value)) expect(value).not.toMatch(/^[=+\-@\t\r]/);
      }
    }
    expect(JSON.parse(readFileSync(join(dir, 'provenance.json'), 'utf8')).options.csv_excel_safe).toBe(true);
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toContain('CSV: Spreadsheet-safe: a text cell that begins with =');
    const datapackage = JSON.parse(readFileSync(join(dir, 'datapackage.json'), 'utf8'));
    expect(datapackage.resources.find((r: { path: string }) => r.path === 'paragraphs.csv').description).toContain('Spreadsheet-safe');
    const croissant = JSON.parse(readFileSync(join(dir, 'croissant.json'), 'utf8'));
    expect(croissant.distribution.find((d: { contentUrl: string }) => d.contentUrl === 'paragraphs.csv').description).toContain('Spreadsheet-safe');
    const fresh = cli(['verify', '--fresh', '--out', out, '--sources', sources, '--no-cache']);
    expect(fresh.code, fresh.stderr).toBe(0);
  });

  it('escapes exactly the cells that begin with =, +, -, @, tab, CR or an apostrophe', () => {
    for (const c of ['=', '+', '-', '@', '\t', '\r', "'"]) expect(excelSafe(`${c}x`)).toBe(`'${c}x`);
    for (const v of ['x=1', ' =1', '', 'a-b', '“=”']) expect(excelSafe(v)).toBe(v);
  });
});
