/**
 * Supply chain (docs/security.md): the commands never use the network, never
 * compile code from strings, and run on exactly the dependencies the lockfile
 * pins, installed by CI with `npm ci`. Each guard is also shown to catch what it
 * is there for, so that none of these tests can pass by checking nothing.
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { filesOf, sampleSources, tempDir } from './helpers/build.js';
import { main } from './helpers/cli.js';
import { repoRoot } from './helpers/paths.js';

/** The preload that blocks and records every network call (see its header), and a script that tries them all. */
const GUARD = join(repoRoot, 'test', 'helpers', 'no-network.mjs');
const PROBE = join(repoRoot, 'test', 'helpers', 'no-network-probe.mjs');
const NO_CODEGEN = '--disallow-code-generation-from-strings';
const DATASET = 'governance-of-china';

interface LogEntry {
  event: 'loaded' | 'attempt';
  pid: number;
  thread: number;
  main: boolean;
  codegen?: 'allowed' | 'blocked';
  what?: string;
  target?: string;
  stack?: string[];
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  /** What the guard wrote: a line when it loaded in a thread, and one per attempt. */
  log: LogEntry[];
}

/** `node <flags> <args>` in `cwd`, with NO_NETWORK_LOG set to a file of its own; the environment of the test run is cleared of what would change the output. */
function node(flags: string[], args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Run> {
  const logFile = join(tempDir('speech-datasets-log-'), 'no-network.log');
  const childEnv = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, SOURCE_DATE_EPOCH: undefined, NODE_OPTIONS: undefined, NO_NETWORK_LOG: logFile, ...env };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...flags, ...args], { cwd, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.once('error', reject);
    child.once('close', (code) => {
      let log: LogEntry[] = [];
      try {
        log = readFileSync(logFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as LogEntry);
      } catch {
        // No log: the guard never loaded (the assertions on `loaded` say so).
      }
      resolve({ code, stdout, stderr, log });
    });
  });
}

/**
 * The sample sources plus nine variants of its one file: ten files, so that the
 * build hands them to worker threads (WORKERS_FROM_FILES in pipeline/run.ts is 8).
 */
function corpus(): string {
  const root = tempDir('speech-datasets-supply-');
  cpSync(sampleSources, join(root, 'sources'), { recursive: true });
  const raw = join(root, 'sources', DATASET, 'raw');
  const [first] = readdirSync(raw);
  const text = readFileSync(join(raw, first!), 'latin1');
  for (let i = 1; i <= 9; i++) {
    const variant = text.replace('April 6, 2017', `April ${6 + i}, 2017`).replace('I have kept', `I (${i}) have kept`);
    writeFileSync(join(raw, `00${i}_variant.txt`), variant, 'latin1');
  }
  mkdirSync(join(root, 'tmp'));
  return root;
}

/** The commands a user runs, in order, in one project folder; `workers` marks those that must start worker threads. */
// One worker thread is enough to show the guards hold in workers, and keeps the two sessions side by side affordable.
const COMMANDS: { name: string; args: string[]; workers?: true }[] = [
  { name: 'build', args: ['build', '--concurrency', '1'], workers: true },
  { name: 'validate', args: ['validate', '--concurrency', '1'] },
  { name: 'verify', args: ['verify'] },
  { name: 'verify --fresh', args: ['verify', '--fresh', '--no-cache', '--concurrency', '1'], workers: true },
  { name: 'inspect (dataset)', args: ['inspect', `output/${DATASET}`, '--sample', '1'] },
  { name: 'inspect (parquet)', args: ['inspect', `output/${DATASET}/paragraphs.parquet`, '--sample', '1'] },
  { name: 'clean --dry-run', args: ['clean', '--dry-run'] },
];

/** Every command, one after the other, with these node flags, in a fresh copy of the corpus; TMPDIR is the copy's own (verify --fresh and clean use it). */
async function session(flags: string[]): Promise<{ root: string; runs: Map<string, Run> }> {
  const root = corpus();
  const results = new Map<string, Run>();
  for (const c of COMMANDS) results.set(c.name, await node(flags, [main, ...c.args], root, { TMPDIR: join(root, 'tmp') }));
  return { root, runs: results };
}

const attempts = (run: Run) => run.log.filter((e) => e.event === 'attempt');
const loaded = (run: Run) => run.log.filter((e) => e.event === 'loaded');
const outputOf = (root: string) => filesOf(join(root, 'output'));

/** Module specifiers a source file imports or requires, without the node: prefix. */
function specifiers(source: string): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+)(['"`])([^'"`\n]+)\1/g)) found.push(m[2]!.replace(/^node:/, ''));
  return found;
}

/** Modules that reach the network: Node's own, and the HTTP clients found in npm packages (some are in our dev tree). */
const NETWORK_MODULES = /^(?:http|https|http2|net|tls|dgram|dns|dns\/promises|undici|node-fetch|axios|got|ky|ws|@digitalbazaar\/http-client)(?:\/.*)?$/;
const NETWORK_CALLS: [string, RegExp][] = [
  ['fetch(', /(?<![\w$.])fetch\s*\(/],
  ['globalThis.fetch', /\bglobalThis\s*\.\s*fetch\b/],
  ['WebSocket', /\bWebSocket\b/],
  ['EventSource', /\bEventSource\b/],
  ['process.binding', /\bprocess\s*\.\s*binding\b/],
];

/** Network use in one source file: each import of a network module and each network call, as "what". */
function networkUse(source: string): string[] {
  return [...specifiers(source).filter((s) => NETWORK_MODULES.test(s)).map((s) => `import ${s}`), ...NETWORK_CALLS.filter(([, re]) => re.test(source)).map(([what]) => what)];
}

/** Ways to turn a string into code. */
const CODE_FROM_STRINGS: [string, RegExp][] = [
  ['eval(', /(?<![\w$.])eval\s*\(/],
  ['indirect eval', /\(\s*0\s*,\s*eval\s*\)|\bglobalThis\s*\.\s*eval\b/],
  ['new Function(', /\bnew\s+Function\s*\(/],
  ['Function(', /(?<![\w$.])Function\s*\(/],
  ['.constructor(string)', /\.constructor\s*\(\s*['"`]/],
  ['vm.runIn…', /\brunIn(?:This|New)?Context\s*\(/],
  ['vm.compileFunction', /\bcompileFunction\s*\(/],
  ['new vm.Script', /\bnew\s+(?:vm\s*\.\s*)?Script\s*\(/],
  ['timer with a string', /\b(?:setTimeout|setInterval|setImmediate)\s*\(\s*['"`]/],
  ['Worker with eval: true', /\beval\s*:\s*true\b/],
];

function codeFromStrings(source: string): string[] {
  return [...specifiers(source).filter((s) => s === 'vm').map(() => 'import vm'), ...CODE_FROM_STRINGS.filter(([, re]) => re.test(source)).map(([what]) => what)];
}

/** Every source file below these folders of the repository, as repository-relative path → text. */
function sources(...dirs: string[]): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else if (/\.(?:[cm]?ts|[cm]?js)$/.test(e.name)) out.set(relative(repoRoot, path).split('\\').join('/'), readFileSync(path, 'utf8'));
    }
  };
  for (const dir of dirs) walk(join(repoRoot, dir));
  return out;
}

function findings(files: Map<string, string>, check: (source: string) => string[]): string[] {
  return [...files].flatMap(([path, text]) => check(text).map((what) => `${path}: ${what}`));
}

describe('the commands, run as a user runs them', () => {
  // Two sessions in parallel: guarded (codegen allowed: the normal run), and guarded with code generation from strings disallowed.
  let normal: { root: string; runs: Map<string, Run> };
  let noCodegen: { root: string; runs: Map<string, Run> };
  beforeAll(async () => {
    [normal, noCodegen] = await Promise.all([session(['--import', GUARD]), session([NO_CODEGEN, '--import', GUARD])]);
  });

  it('never touch the network, in the main thread or the worker threads, and still succeed', () => {
    for (const { runs: results } of [normal, noCodegen]) {
      for (const c of COMMANDS) {
        const run = results.get(c.name)!;
        expect({ command: c.name, code: run.code, stderr: run.stderr }).toMatchObject({ code: 0 });
        expect(attempts(run), `${c.name}: network attempts`).toEqual([]);
        expect(run.stderr).not.toContain('no-network:');
        // The guard did run: in the process, and in the worker threads it started.
        expect(loaded(run).filter((e) => e.main), c.name).toHaveLength(1);
        if (c.workers) expect(loaded(run).filter((e) => !e.main).length, `${c.name}: guarded worker threads`).toBeGreaterThan(0);
      }
    }
    expect(normal.runs.get('build')!.stdout).toMatch(new RegExp(`^${DATASET}: 10 of 10 files published; `, 'm'));
    expect(normal.runs.get('verify --fresh')!.stdout).toMatch(/a fresh build is identical/);
  });

  it('give the same bytes and the same messages with code generation from strings disallowed, in every thread', () => {
    // The flag is in force everywhere, worker threads included (they inherit it), and only in that session.
    for (const c of COMMANDS) {
      expect(new Set(loaded(noCodegen.runs.get(c.name)!).map((e) => e.codegen)), c.name).toEqual(new Set(['blocked']));
      expect(new Set(loaded(normal.runs.get(c.name)!).map((e) => e.codegen)), c.name).toEqual(new Set(['allowed']));
    }
    // Same output files, byte for byte…
    const a = outputOf(normal.root);
    const b = outputOf(noCodegen.root);
    expect([...b.keys()]).toEqual([...a.keys()]);
    expect(a.size).toBeGreaterThan(10);
    for (const [path, bytes] of a) expect(b.get(path)!.equals(bytes), path).toBe(true);
    // …and the same report: a library that fell back loudly (a warning on stderr) would show here.
    // Progress lines (one a second on a slow machine) carry a rate and a time left: they are left out.
    const report = (run: Run) => ({ stdout: run.stdout, stderr: run.stderr.replace(/^.*: \d+ of \d+ files, .* left\n/gm, '') });
    for (const c of COMMANDS) expect(report(noCodegen.runs.get(c.name)!), c.name).toEqual(report(normal.runs.get(c.name)!));
  });
});

describe('the network guard', () => {
  it('blocks and records a deliberate fetch, connect, DNS lookup… in the main thread and in a worker thread', async () => {
    const root = tempDir();
    const run = await node(['--import', GUARD], [PROBE], root);
    expect(run.code, run.stderr).toBe(0);
    const outcomes = JSON.parse(run.stdout) as { main: Record<string, string>; worker: Record<string, string> };
    const tried = Object.keys(outcomes.main);
    for (const name of ['fetch', 'net.connect', 'tls.connect', 'http.request (ESM named import)', 'https.get', 'dns.lookup', 'dns.promises.lookup', 'dns.Resolver.resolve4', 'dgram.createSocket']) expect(tried).toContain(name);
    for (const thread of ['main', 'worker'] as const) {
      for (const name of tried) expect(`${thread} ${name}: ${outcomes[thread][name]}`).toBe(`${thread} ${name}: ERR_NETWORK_BLOCKED`);
    }
    // Each attempt was recorded, in both threads, and said so on stderr.
    const recorded = attempts(run);
    expect(new Set(recorded.filter((e) => e.main).map((e) => e.what))).toEqual(new Set(recorded.filter((e) => !e.main).map((e) => e.what)));
    expect(recorded.filter((e) => e.main)).toHaveLength(tried.length);
    expect(recorded.map((e) => e.what)).toEqual(expect.arrayContaining(['fetch', 'net.connect', 'tls.connect', 'dns.lookup', 'dns.promises.lookup', 'dgram.createSocket']));
    expect(run.stderr).toMatch(/^no-network: blocked fetch\(http:\/\/127\.0\.0\.1:9\/\)$/m);
    expect(loaded(run).map((e) => e.main).sort()).toEqual([false, true]);
  });

  it('is what stops them: without it, the same attempts reach the sockets and resolvers of this machine', async () => {
    const run = await node([], [PROBE], tempDir());
    expect(run.code, run.stderr).toBe(0);
    const outcomes = JSON.parse(run.stdout) as { main: Record<string, string> };
    expect(Object.values(outcomes.main)).not.toContain('ERR_NETWORK_BLOCKED');
    // Refused, or unreachable where even the loopback is down: an error of the system, not of the guard.
    expect(outcomes.main['net.connect']).toMatch(/^E(?:CONNREFUSED|NETUNREACH|ADDRNOTAVAIL)$/);
    expect(outcomes.main['dns.lookup']).toBe('no error');
    expect(run.log).toEqual([]);
  });

  it('finds no network module or call in the pipeline source (and would find one)', () => {
    expect(findings(sources('pipeline', 'schemas'), networkUse)).toEqual([]);
    const bad = [
      "import { request } from 'node:https';",
      "import * as dns from 'dns/promises';",
      "const net = require('node:net');",
      "const { WebSocket } = await import('ws');",
      'const res = await fetch(url);',
      'globalThis.fetch = f;',
    ];
    for (const line of bad) expect(networkUse(line), line).not.toEqual([]);
    for (const line of ["import { readFile } from 'node:fs/promises';", 'await prefetch(x); this.fetch(y);', "import { netBytes } from './network.js';"]) expect(networkUse(line), line).toEqual([]);
  });
});

describe('no code from strings', () => {
  it('finds no eval, new Function, vm or string timer in pipeline/, schemas/ or bench/ (and would find one)', () => {
    const files = sources('pipeline', 'schemas', 'bench');
    expect(files.size).toBeGreaterThan(50);
    expect(findings(files, codeFromStrings)).toEqual([]);
    const bad = [
      'eval(code)',
      'const f = (0, eval)(code);',
      "const f = new Function('x', body);",
      "const f = Function('return this')();",
      "const g = (() => {}).constructor('return 1');",
      'vm.runInThisContext(code);',
      "import vm from 'node:vm';",
      "setTimeout('tick()', 10);",
      'new Worker(code, { eval: true });',
    ];
    for (const line of bad) expect(codeFromStrings(line), line).not.toEqual([]);
    for (const line of ['const evaluation = evaluate(x);', 'setTimeout(() => tick(), 10);', 'const isFunction = typeof f === "function";', 'myFunction(1);']) expect(codeFromStrings(line), line).toEqual([]);
  });

  it('zod falls back to its plain parser when it may not compile one, with the same results', async () => {
    const script = [
      "import * as z from 'zod';",
      "import { util } from 'zod/v4/core';",
      'const S = z.object({ a: z.string(), b: z.int().optional() });',
      "const ok = S.safeParse({ a: 'x', b: 2, extra: 1 });",
      'const bad = S.safeParse({ a: 1 });',
      'console.log(JSON.stringify({ allowsEval: util.allowsEval.value, ok, bad: bad.error.issues }));',
    ].join('\n');
    const [fast, plain] = await Promise.all([
      node([], ['--input-type=module', '-e', script], repoRoot),
      node([NO_CODEGEN], ['--input-type=module', '-e', script], repoRoot),
    ]);
    expect([fast.code, fast.stderr, plain.code, plain.stderr]).toEqual([0, '', 0, '']);
    // Normally zod compiles object parsers with new Function; under the flag it cannot, and says nothing.
    expect(JSON.parse(fast.stdout).allowsEval).toBe(true);
    expect(JSON.parse(plain.stdout).allowsEval).toBe(false);
    expect({ ...JSON.parse(plain.stdout), allowsEval: true }).toEqual(JSON.parse(fast.stdout));
  });
});

interface LockEntry {
  name?: string;
  version?: string;
  resolved?: string;
  integrity?: string;
  link?: boolean;
  inBundle?: boolean;
  dev?: boolean;
  optional?: boolean;
  hasInstallScript?: boolean;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}
interface Lockfile {
  lockfileVersion: number;
  packages: Record<string, LockEntry>;
}

interface PackageJson {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  overrides?: Record<string, string>;
}

const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as PackageJson;
const lock = JSON.parse(readFileSync(join(repoRoot, 'package-lock.json'), 'utf8')) as Lockfile;
/** The package name of a lockfile entry: its own name for an alias, else the last node_modules/ segment of its path. */
const nameOf = (path: string, entry: LockEntry) => entry.name ?? path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
const entriesOf = (l: Lockfile) => Object.entries(l.packages).filter(([path]) => path !== '');
const entries = entriesOf(lock);
/** A version, exactly: no range, tag, URL, git or file specifier. */
const EXACT = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;
/**
 * Packages whose install scripts we accept, each reviewed (docs/security.md). None
 * today: a new dependency that runs code when installed fails here until it is reviewed.
 */
const INSTALL_SCRIPTS_REVIEWED: string[] = [];

/** Where package.json does not pin exactly what the lockfile resolves (and the lockfile's copy of package.json differs). */
function pinProblems(p: PackageJson, l: Lockfile): string[] {
  const problems: string[] = [];
  for (const [name, spec] of Object.entries({ ...p.dependencies, ...p.devDependencies })) {
    if (!EXACT.test(spec)) problems.push(`${name}: "${spec}" is not an exact version`);
    const locked = l.packages[`node_modules/${name}`]?.version;
    if (locked !== spec) problems.push(`${name}: package.json has ${spec}, the lockfile ${locked}`);
  }
  for (const [name, spec] of Object.entries(p.overrides ?? {})) {
    if (!EXACT.test(spec)) problems.push(`override ${name}: "${spec}" is not an exact version`);
    const copies = entriesOf(l).filter(([path, e]) => nameOf(path, e) === name);
    if (copies.length === 0) problems.push(`override ${name}: not in the lockfile`);
    for (const [path, e] of copies) if (e.version !== spec) problems.push(`override ${name}: ${path} is ${e.version}`);
  }
  const root = l.packages[''];
  if (JSON.stringify(root?.dependencies) !== JSON.stringify(p.dependencies) || JSON.stringify(root?.devDependencies) !== JSON.stringify(p.devDependencies)) {
    problems.push("the lockfile's record of package.json differs from package.json");
  }
  return problems;
}

/** Lockfile entries that are not a registry tarball pinned by a sha512. */
function lockProblems(l: Lockfile): string[] {
  const problems: string[] = [];
  if (l.lockfileVersion !== 3) problems.push(`lockfileVersion ${l.lockfileVersion}`);
  for (const [path, e] of entriesOf(l)) {
    // Links would be folders of this repository, bundled packages come inside their parent's checked tarball: there are none today.
    if (e.link || e.inBundle) {
      problems.push(`${path}: ${e.link ? 'link' : 'bundled'} (review it, then allow it here and in docs/security.md)`);
      continue;
    }
    const name = nameOf(path, e);
    const tarball = `https://registry.npmjs.org/${name}/-/${name.split('/').pop()}-${e.version}.tgz`;
    if (!EXACT.test(e.version ?? '')) problems.push(`${path}: version ${e.version}`);
    // npm leaves `resolved` out when configured so (omit-lockfile-registry-resolved, as on our machines): then the tarball comes from the configured registry, and the integrity pins it.
    if (e.resolved !== undefined && e.resolved !== tarball) problems.push(`${path}: resolved ${e.resolved} (expected ${tarball})`);
    if (!/^sha512-[A-Za-z0-9+/]{86}==$/.test(e.integrity ?? '')) problems.push(`${path}: integrity ${e.integrity}`);
  }
  return problems;
}

describe('dependencies pinned by the lockfile', () => {
  it('package.json names exact versions, the ones the lockfile resolves, and the overrides hold (and a range would fail)', () => {
    expect(Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).length).toBeGreaterThan(20);
    expect(Object.keys(pkg.overrides ?? {}).length).toBeGreaterThan(0);
    expect(pinProblems(pkg, lock)).toEqual([]);
    // The check itself: a range, a version the lockfile does not have, a loose override, an override not applied.
    const zod = pkg.dependencies.zod!;
    const ranged = { ...pkg, dependencies: { ...pkg.dependencies, zod: `^${zod}` } };
    expect(pinProblems(ranged, { ...lock, packages: { ...lock.packages, '': { ...lock.packages['']!, dependencies: ranged.dependencies } } })).toEqual([`zod: "^${zod}" is not an exact version`, `zod: package.json has ^${zod}, the lockfile ${zod}`]);
    expect(pinProblems(pkg, { ...lock, packages: { ...lock.packages, 'node_modules/zod': { ...lock.packages['node_modules/zod']!, version: '4.0.0' } } })).toEqual([`zod: package.json has ${zod}, the lockfile 4.0.0`]);
    const [overridden, version] = Object.entries(pkg.overrides!)[0]!;
    expect(pinProblems({ ...pkg, overrides: { [overridden]: `~${version}` } }, lock)).toContain(`override ${overridden}: "~${version}" is not an exact version`);
    const stray = { ...lock, packages: { ...lock.packages, [`node_modules/x/node_modules/${overridden}`]: { version: '0.0.1' } } };
    expect(pinProblems(pkg, stray)).toEqual([`override ${overridden}: node_modules/x/node_modules/${overridden} is 0.0.1`]);
  });

  it('the installed packages are the ones the lockfile pins', () => {
    for (const name of Object.keys({ ...pkg.dependencies, ...pkg.devDependencies, ...pkg.overrides })) {
      const installed = JSON.parse(readFileSync(join(repoRoot, 'node_modules', name, 'package.json'), 'utf8')) as { version: string };
      expect(`${name}@${installed.version}`, 'node_modules differs from the lockfile: run npm ci').toBe(`${name}@${lock.packages[`node_modules/${name}`]?.version}`);
    }
  });

  it('the lockfile (version 3) pins every package by a sha512 integrity, from the public registry when it names one (and would not pass without)', () => {
    expect(entries.length).toBeGreaterThan(100);
    expect(lockProblems(lock)).toEqual([]);
    // The check itself: another registry, a missing or sha1 integrity, a link.
    const zod = lock.packages['node_modules/zod']!;
    const bad = (entry: LockEntry, lockfileVersion = 3) => lockProblems({ lockfileVersion, packages: { '': {}, 'node_modules/zod': entry } });
    expect(bad({ ...zod, resolved: `https://registry.example.com/zod/-/zod-${zod.version}.tgz` })).toHaveLength(1);
    expect(bad({ ...zod, integrity: undefined })).toHaveLength(1);
    expect(bad({ ...zod, integrity: 'sha1-2jmj7l5rSw0yVb/vlWAYkK/YBwk=' })).toHaveLength(1);
    expect(bad({ link: true, resolved: 'packages/zod' })).toHaveLength(1);
    expect(bad(zod, 2)).toEqual(['lockfileVersion 2']);
  });

  it('no package runs an install script that was not reviewed (and a new one would fail)', () => {
    const withScripts = (l: Lockfile) => entriesOf(l).filter(([, e]) => e.hasInstallScript).map(([path, e]) => `${nameOf(path, e)}@${e.version}`);
    expect(withScripts(lock)).toEqual(INSTALL_SCRIPTS_REVIEWED);
    const zod = lock.packages['node_modules/zod']!;
    expect(withScripts({ ...lock, packages: { ...lock.packages, 'node_modules/zod': { ...zod, hasInstallScript: true } } })).toEqual([...INSTALL_SCRIPTS_REVIEWED, `zod@${zod.version}`]);
  });

  it('npm ci accepts package.json and the lockfile as they are (dry run, offline, under the network guard)', async () => {
    const dir = tempDir();
    for (const f of ['package.json', 'package-lock.json']) copyFileSync(join(repoRoot, f), join(dir, f));
    const npm = (cwd: string) =>
      spawnSync('npm', ['ci', '--dry-run', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], {
        cwd,
        encoding: 'utf8',
        env: { ...process.env, NODE_OPTIONS: `--import ${pathToFileURL(GUARD).href}`, NO_NETWORK_LOG: join(cwd, 'npm-network.log'), npm_config_update_notifier: 'false' },
      });
    const ok = npm(dir);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^added \d+ packages/m);
    expect(readdirSync(dir).sort()).toEqual(['npm-network.log', 'package-lock.json', 'package.json']);
    expect(readFileSync(join(dir, 'npm-network.log'), 'utf8')).not.toContain('"attempt"');
    // And it would refuse a package.json the lockfile does not match.
    const drift = tempDir();
    copyFileSync(join(repoRoot, 'package-lock.json'), join(drift, 'package-lock.json'));
    writeFileSync(join(drift, 'package.json'), JSON.stringify({ ...pkg, dependencies: { ...pkg.dependencies, zod: '4.0.0' } }));
    expect(npm(drift).status).not.toBe(0);
  });
});

/** What a CI script does with npm: installs not from the lockfile, npx that may download, and whether it runs npm ci. */
function ciInstalls(script: string): { unpinned: string[]; npxMayInstall: string[]; npmCi: boolean } {
  const lines = script.split('\n').map((l) => l.replace(/(^|\s)#.*$/, ''));
  return {
    unpinned: lines.filter((l) => /\b(?:npm\s+(?:install|isntall|i|in|ins|inst|insta|instal|add|update|up|upgrade|udpate)\b|pnpm\b|yarn\b)/.test(l)).map((l) => l.trim()),
    npxMayInstall: lines.filter((l) => /\bnpx\s+(?!--no-install\b|--no\b)/.test(l)).map((l) => l.trim()),
    npmCi: lines.some((l) => /\bnpm\s+(?:ci|clean-install)\b/.test(l)),
  };
}

describe('CI installs what the lockfile says', () => {
  it('.ci/run and every workflow install with npm ci, never npm install, and npx never downloads', () => {
    const workflows = readdirSync(join(repoRoot, '.github', 'workflows')).filter((f) => /\.ya?ml$/.test(f));
    expect(workflows.length).toBeGreaterThan(0);
    for (const file of ['.ci/run', ...workflows.map((f) => `.github/workflows/${f}`)]) {
      const text = readFileSync(join(repoRoot, file), 'utf8');
      const found = ciInstalls(text);
      expect({ file, unpinned: found.unpinned, npxMayInstall: found.npxMayInstall }).toEqual({ file, unpinned: [], npxMayInstall: [] });
      if (/\bnpm\s/.test(text.replace(/(^|\s)#.*$/gm, ''))) expect(found.npmCi, `${file} runs npm without npm ci`).toBe(true);
    }
    // The check itself: each of these would be caught.
    expect(ciInstalls('      - run: npm install\n').unpinned).toHaveLength(1);
    expect(ciInstalls('npm i --no-audit\n').unpinned).toHaveLength(1);
    expect(ciInstalls('run: npx speech-datasets verify\n').npxMayInstall).toHaveLength(1);
    expect(ciInstalls('# npm install is never run\nnpm ci\nnpx --no-install tsc\n')).toEqual({ unpinned: [], npxMayInstall: [], npmCi: true });
  });
});
