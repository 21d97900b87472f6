/**
 * The commands shown in the docs are executed by a test: every command of a ```sh block in
 * README.md and docs/*.md is run, in the doc's order, in a scratch workspace of its own per
 * doc, and must exit 0 (or the code a trailing `# exits N` promises); an output excerpt shown
 * after a command must be what it prints. A command that cannot run here is in SKIPPED with
 * the reason, and an entry no doc shows any more is an error.
 */
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  copyOutput,
  describeResult,
  docFiles,
  excerptComparison,
  fences,
  makeWorkspace,
  NPM_COMMAND,
  OTHER_SHELL_LANGS,
  runShell,
  shCommands,
  viaShim,
  type DocCommand,
  type ShellResult,

} from './helpers/docs.js';
import { repoRoot } from './helpers/paths.js';

/** Commands the docs show that this test does not run, and why. */
const SKIPPED: Record<string, string> = {
  'npm ci && npm start':
    'npm ci installs from the registry (CI runs it: .ci/run and the workflow); npm start rebuilds output/, and .ci/run runs it on every CI run and fails when the result differs from the committed output/',
  'npm test': 'this is the run that executes this test (it compiles, then runs vitest)',
  'npm ci': 'installs from the registry; CI runs it (.ci/run and the workflow), and the workspace links the node_modules this run uses',
  'npm run build:ts':
    'compiles into dist/: npm test has just done it and dist/ is its output; in a workspace it would rewrite the shared dist/ other test files read (test/workflow.test.ts checks the script is a tsc that emits)',
  'npm start': 'rebuilds output/ in place (it compiles first, which would rewrite the shared dist/); .ci/run runs it on every CI run, followed by the same check as the next entry',
  'test -z "$(git status --porcelain -- output)"':
    'needs the git checkout, which a workspace is not (there it would pass without checking anything); .ci/run runs the same check after npm start on every CI run',
  'node dist/pipeline/cli/main.js build --cache-dir /var/cache/speech-datasets':
    'writes a cache outside a scratch folder; --cache-dir itself is covered by test/cli.test.ts and test/scale.test.ts',
};

/**
 * Datasets a doc's commands name that sources/ does not have: its workspace gets them as copies of
 * sources/governance-of-china under that name (a dataset's name must be its folder's).
 */
const STAND_INS: Record<string, { datasets: string[]; why: string }> = {
  'docs/scale.md': {
    datasets: ['speeches-2019', 'speeches-2020'],
    why: 'the hive-style example builds `--only speeches-2019` and `--only speeches-2020`',
  },
};

/** Never run unless SKIPPED (see NPM_COMMAND): installs, and npm scripts, which all compile first. */
const UNSAFE = NPM_COMMAND;

const TIMEOUT_MS = 60_000;

const docs = docFiles().map((file) => ({ file, text: readFileSync(join(repoRoot, file), 'utf8') }));
const commands = new Map(docs.map(({ file, text }) => [file, shCommands(file, text)] as const));
const allCommands = [...commands.values()].flat();
const where = (c: DocCommand) => `${c.file}:${c.line}`;
const toRun = (c: DocCommand) => !(c.command in SKIPPED) && !UNSAFE.test(c.command);

/** Each doc's results, by command, from running its commands in order in its workspace (the docs side by side). */
const results = new Map<DocCommand, ShellResult>();

async function runDoc(file: string, list: DocCommand[]): Promise<void> {
  const runnable = list.filter(toRun);
  if (runnable.length === 0) return;
  const ws = makeWorkspace({ shim: true, prefix: `speech-datasets-${file.replace(/\W+/g, '-')}-` });
  for (const name of STAND_INS[file]?.datasets ?? []) {
    const to = join(ws.dir, 'sources', name);
    cpSync(join(ws.dir, 'sources', 'governance-of-china'), to, { recursive: true });
    const config = join(to, 'source.json');
    writeFileSync(config, JSON.stringify({ ...JSON.parse(readFileSync(config, 'utf8')), name }, null, 2) + '\n');
  }
  for (const c of runnable) {
    // An excerpt shows what the command prints over the committed output/, whatever the doc's earlier commands did.
    if (c.excerpt) copyOutput(ws.dir);
    results.set(c, await runShell(viaShim(c.command), { cwd: ws.dir, env: ws.env, timeoutMs: TIMEOUT_MS }));
  }
}

beforeAll(async () => {
  await Promise.all([...commands].map(([file, list]) => runDoc(file, list)));
}, 300_000);

describe('the commands shown in the docs', () => {
  it('are found in README.md and every docs/*.md, with the README tour\'s output excerpts', () => {
    expect(docs.map((d) => d.file)).toContain('README.md');
    expect(docs.map((d) => d.file)).toContain('docs/scale.md');
    const readme = commands.get('README.md')!;
    expect(readme.length).toBeGreaterThanOrEqual(10);
    const excerpted = readme.filter((c) => c.excerpt).map((c) => c.command);
    expect(excerpted).toEqual(
      expect.arrayContaining([
        'npx speech-datasets inspect output/governance-of-china --sample 1',
        'npx speech-datasets verify --fresh',
        'npx speech-datasets validate',
      ]),
    );
    expect(commands.get('docs/scale.md')!.length).toBeGreaterThanOrEqual(8);
  });

  it('are in ```sh blocks, not ```bash, ```shell or ```console ones this test would miss', () => {
    const others = docs.flatMap(({ file, text }) => fences(text).filter((f) => OTHER_SHELL_LANGS.has(f.lang)).map((f) => `${file}:${f.open} \`\`\`${f.info}`));
    expect(others).toEqual([]);
  });

  it('are each run or skipped with a reason, and every SKIPPED entry is still shown somewhere', () => {
    const shown = new Set(allCommands.map((c) => c.command));
    const stale = Object.keys(SKIPPED).filter((c) => !shown.has(c));
    expect(stale, 'SKIPPED entries no doc shows any more: remove them').toEqual([]);
    for (const [command, reason] of Object.entries(SKIPPED)) expect(reason.trim().length, command).toBeGreaterThan(10);
    const unsafe = allCommands.filter((c) => !(c.command in SKIPPED) && UNSAFE.test(c.command)).map((c) => `${where(c)} ${c.command}`);
    expect(unsafe, 'npm commands (installs, scripts that compile): add them to SKIPPED with the reason').toEqual([]);
    const unchecked = allCommands.filter((c) => c.excerpt && !toRun(c)).map((c) => `${where(c)} ${c.command}`);
    expect(unchecked, 'a command shown with its output must be run').toEqual([]);
    for (const [file, { datasets, why }] of Object.entries(STAND_INS)) {
      const text = docs.find((d) => d.file === file)?.text ?? '';
      for (const name of datasets) expect(text, `STAND_INS: ${file} no longer names ${name} (${why})`).toContain(name);
    }
  });

  it('npx --no-install speech-datasets resolves the package\'s own bin in a workspace and prints the version of package.json', async () => {
    const ws = makeWorkspace({ shim: false, prefix: 'speech-datasets-npx-' });
    // Not an installed copy: nothing in node_modules provides the command, and npm is offline.
    expect(existsSync(join(repoRoot, 'node_modules/.bin/speech-datasets'))).toBe(false);
    const pkg = JSON.parse(readFileSync(join(ws.dir, 'package.json'), 'utf8')) as { version: string; bin: Record<string, string> };
    expect(pkg.bin['speech-datasets']).toBe('dist/pipeline/cli/main.js');
    const r = await runShell('npx --no-install speech-datasets --version', { cwd: ws.dir, env: ws.env, timeoutMs: TIMEOUT_MS });
    expect(r.code, describeResult('npx --no-install speech-datasets --version', r)).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });

  for (const { file } of docs) {
    const list = commands.get(file)!;
    if (list.length === 0) continue;
    describe(file, () => {
      for (const c of list) {
        const title = `${where(c)} ${c.command}`;
        // Not run, for the reason SKIPPED gives (a stale entry fails above).
        if (c.command in SKIPPED) continue;
        it(title, () => {
          expect(UNSAFE.test(c.command), `${title}: an npm command (it installs, or runs a script that compiles); add it to SKIPPED with the reason`).toBe(false);
          const r = results.get(c);
          expect(r, `${title} was not run`).toBeDefined();
          expect(r!.code, `${title} should exit ${c.exits}\n${describeResult(c.command, r!)}`).toBe(c.exits);
          if (c.excerpt) {
            const { expected, actual } = excerptComparison(r!.stdout + r!.stderr, c.excerpt);
            const how = c.excerpt.truncated ? `the first ${c.excerpt.lines.length} lines of the output (stdout, then stderr) differ` : 'the output (stdout, then stderr) differs';
            expect(actual, `${title}: ${how} from the excerpt at ${file}:${c.excerpt.line}`).toBe(expected);
          }
        });
      }
    });
  }
});
