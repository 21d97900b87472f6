/**
 * The CI workflow parses, runs on the changes that matter, runs the same commands as the
 * README (the README is the contract: what CI runs, a newcomer can run), and its drift check
 * really is one: the `datasets` job's steps, run in a scratch workspace, pass on a clean copy
 * of output/ and fail, naming the file, when one byte of it changes.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { describeResult, makeWorkspace, NPM_COMMAND, onPath, runShell, shCommands } from './helpers/docs.js';
import { repoRoot } from './helpers/paths.js';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  if?: string;
  needs?: string | string[];
  permissions?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  on: {
    push: { branches?: string[]; tags?: string[]; paths?: string[] };
    pull_request: { paths?: string[] };
  };
  jobs: Record<string, Job>;
}

const workflowFile = '.github/workflows/datasets.yml';
const parsed = parseDocument(readFileSync(join(repoRoot, workflowFile), 'utf8'));
const workflow = parsed.toJS() as Workflow;
const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string>; engines: { node: string } };
const readmeCommands = shCommands('README.md', readFileSync(join(repoRoot, 'README.md'), 'utf8')).map((c) => c.command);

const datasets = workflow.jobs?.datasets;
const release = workflow.jobs?.release;
const runSteps = (job: Job | undefined) => (job?.steps ?? []).filter((s): s is Step & { run: string } => typeof s.run === 'string');
/** The command lines of a `run:` script, without blank lines and comments. */
const lines = (run: string) =>
  run
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
const action = (step: Step) => step.uses?.split('@')[0];

const isInstall = (run: string) => /^npm ci\b/.test(run.trim());
const isVerify = (run: string) => /^npx (?:--no-install )?speech-datasets verify --fresh$/.test(run.trim());
/** `tsc` that writes (not --noEmit), directly or through an npm script. */
const isCompile = (run: string) => {
  const script = /^npm run ([\w:-]+)$/.exec(run.trim());
  const command = script ? (pkg.scripts[script[1]!] ?? '') : run.trim();
  return /^(?:npx )?tsc\b/.test(command) && !command.includes('--noEmit');
};

/** The `datasets` job's run steps this test does not execute, and why. */
const NOT_EXECUTED: Record<string, string> = {
  'npm ci': 'installs from the registry; the workspace links the node_modules this run uses',
  'npm run build:ts':
    'the compile: `npm test` has just run it, and dist/ is its output; in a workspace it would rewrite the shared dist/ other test files are reading; the test above checks it is a tsc that emits',
  'npm start\ntest -z "$(git status --porcelain -- output)"':
    'rebuilds output/ in place (compiling first, which would rewrite the shared dist/) and needs the git checkout, which a workspace is not; .ci/run runs the same check on every CI run',
};

describe(workflowFile, () => {
  it('parses', () => {
    expect(parsed.errors.map(String)).toEqual([]);
    expect(parsed.warnings.map(String)).toEqual([]);
    expect(Object.keys(workflow)).toContain('on'); // YAML 1.2: `on` is a key, not `true`
    expect(Object.keys(workflow.jobs)).toEqual(expect.arrayContaining(['datasets', 'release']));
  });

  it('runs on pushes and pull requests that change sources/, pipeline/ or schemas/, and on v* tags', () => {
    for (const trigger of [workflow.on.push, workflow.on.pull_request]) {
      expect(trigger.paths).toEqual(expect.arrayContaining(['sources/**', 'pipeline/**', 'schemas/**', 'output/**', '.nvmrc']));
    }
    // GitHub does not apply path filters to tag pushes: a v* tag always builds and releases.
    expect(workflow.on.push.tags).toContain('v*');
  });

  it('sets up the exact Node of .nvmrc, which package.json engines.node accepts', () => {
    // The Unicode version of Node is part of the output (provenance.json), so CI must not take whatever 20.x a runner has.
    const min = /^>=\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(pkg.engines.node);
    expect(min, `engines.node is ${pkg.engines.node}; this test reads only ">=X.Y.Z"`).not.toBeNull();
    const [major, minor, patch] = [1, 2, 3].map((i) => Number(min![i] ?? 0)) as [number, number, number];
    const setups = datasets!.steps.filter((s) => action(s) === 'actions/setup-node');
    expect(setups).toHaveLength(1);
    expect(setups[0]!.with?.['node-version-file']).toBe('.nvmrc');
    expect(setups[0]!.with?.['node-version']).toBeUndefined();
    const version = readFileSync(join(repoRoot, '.nvmrc'), 'utf8').trim();
    const exact = /^v?(\d+)\.(\d+)\.(\d+)$/.exec(version);
    expect(exact, `.nvmrc holds ${JSON.stringify(version)}: give an exact version`).not.toBeNull();
    const [a, b, c] = [1, 2, 3].map((i) => Number(exact![i]));
    const ok = a! > major || (a === major && (b! > minor || (b === minor && c! >= patch)));
    expect(ok, `.nvmrc ${version} against engines ${pkg.engines.node}`).toBe(true);
  });

  it('datasets job: npm ci, a compile, then `npx speech-datasets verify --fresh`, in that order', () => {
    const runs = runSteps(datasets).map((s) => s.run.trim());
    const install = runs.findIndex(isInstall);
    const compile = runs.findIndex(isCompile);
    const verify = runs.findIndex(isVerify);
    expect([install, compile, verify].every((i) => i >= 0), runs.join('\n')).toBe(true);
    expect(install).toBeLessThan(compile);
    expect(compile).toBeLessThan(verify);
  });

  it('datasets job runs only commands the README shows in its ```sh blocks', () => {
    const missing = runSteps(datasets)
      .flatMap((s) => lines(s.run))
      .filter((l) => !readmeCommands.includes(l));
    expect(missing, 'commands CI runs that README.md does not show (it shows these):\n' + readmeCommands.join('\n')).toEqual([]);
  });

  it('datasets job uploads output/ with actions/upload-artifact after the drift check', () => {
    const steps = datasets!.steps;
    const upload = steps.findIndex((s) => action(s) === 'actions/upload-artifact');
    expect(upload).toBeGreaterThan(steps.findIndex((s) => typeof s.run === 'string' && isVerify(s.run)));
    const { path, name } = steps[upload]!.with ?? {};
    expect(String(path).replace(/\/$/, '')).toBe('output');
    expect(name).toBe('datasets');
    expect(steps[upload]!.with?.['if-no-files-found']).toBe('error');
  });

  it('release job: only on v* tags, after datasets, may write contents, zips each dataset folder, gh release upload', () => {
    expect(release).toBeDefined();
    expect(release!.if).toMatch(/startsWith\(\s*github\.ref\s*,\s*'refs\/tags\/v'\s*\)/);
    expect([release!.needs].flat()).toContain('datasets');
    expect(release!.permissions?.contents).toBe('write');
    const download = release!.steps.find((s) => action(s) === 'actions/download-artifact');
    expect(download?.with).toMatchObject({ name: 'datasets', path: 'output' });
    const runs = runSteps(release).map((s) => s.run);
    expect(runs.some((r) => /\bcd output\b/.test(r) && /for dir in \*\/; do/.test(r) && /\bzip -r\b/.test(r)), runs.join('\n---\n')).toBe(true);
    const upload = runSteps(release).find((s) => /\bgh release upload\b/.test(s.run));
    expect(upload, 'a step runs gh release upload').toBeDefined();
    expect(upload!.run).toMatch(/gh release upload "\$GITHUB_REF_NAME" \.\/\*\.zip/);
    expect(upload!.env?.GH_TOKEN).toMatch(/^\$\{\{\s*(?:github\.token|secrets\.GITHUB_TOKEN)\s*\}\}$/);
  });
});

describe(`${workflowFile}, its datasets job run in a scratch workspace`, () => {
  const steps = runSteps(datasets);
  const verify = steps.find((s) => isVerify(s.run));
  const ws = () => makeWorkspace({ prefix: 'speech-datasets-workflow-' });

  const executed = steps.filter((s) => !(s.run.trim() in NOT_EXECUTED));

  it('has NOT_EXECUTED entries only for steps it has, executes verify --fresh, and no npm command', () => {
    const runs = steps.map((s) => s.run.trim());
    expect(Object.keys(NOT_EXECUTED).filter((r) => !runs.includes(r)), 'stale NOT_EXECUTED entries').toEqual([]);
    expect(verify).toBeDefined();
    expect(executed.filter((s) => NPM_COMMAND.test(s.run)).map((s) => s.run), 'npm commands (installs, scripts that compile): add them to NOT_EXECUTED with the reason').toEqual([]);
  });


  it('passes on a clean copy of output/: every step but those above exits 0', async () => {
    const { dir, env } = ws();
    for (const step of executed) {
      expect(NPM_COMMAND.test(step.run), `${step.name}: ${step.run} is an npm command; not run here`).toBe(false);
      const r = await runShell(step.run, { cwd: dir, env, timeoutMs: 120_000, strict: true });
      expect(r.code, `${step.name}\n${describeResult(step.run, r)}`).toBe(0);
      if (isVerify(step.run)) expect(r.stdout + r.stderr).toMatch(/^output\/governance-of-china: ok, /);
    }
  }, 120_000);

  it('fails (exit 1) on output/governance-of-china/paragraphs.csv with one byte changed, naming the file', async () => {
    const { dir, env } = ws();
    const file = join(dir, 'output/governance-of-china/paragraphs.csv');
    const bytes = readFileSync(file);
    const at = Math.floor(bytes.length / 2);
    bytes[at] = bytes[at] === 0x58 ? 0x59 : 0x58;
    writeFileSync(file, bytes);
    const r = await runShell(verify!.run, { cwd: dir, env, timeoutMs: 120_000, strict: true });
    expect(r.code, describeResult(verify!.run, r)).toBe(1);
    const output = r.stdout + r.stderr;
    expect(output).toContain('output/governance-of-china/paragraphs.csv');
    expect(output).toContain('verify/drift');
    // Only that file is named as a problem.
    const problems = output.split('\n').filter((l) => /\s(?:error|warning)\s/.test(l));
    expect(problems.length).toBeGreaterThan(0);
    for (const line of problems) expect(line).toMatch(/^output\/governance-of-china\/paragraphs\.csv\b/);
  }, 120_000);

  it.skipIf(!onPath('zip') || !onPath('unzip'))('release job zips each dataset folder of output/ into <dataset>-<tag>.zip', async () => {
    const zipStep = runSteps(release).find((s) => /\bzip -r\b/.test(s.run))!;
    const { dir, env } = ws();
    const r = await runShell(zipStep.run, { cwd: dir, env: { ...env, GITHUB_REF_NAME: 'v0.0.0-test' }, timeoutMs: 60_000, strict: true });
    expect(r.code, describeResult(zipStep.run, r)).toBe(0);
    const dataset = readdirSync(join(repoRoot, 'output'), { withFileTypes: true }).filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name);
    expect(readdirSync(dir).filter((f) => f.endsWith('.zip')).sort()).toEqual(dataset.map((d) => `${d}-v0.0.0-test.zip`).sort());
    for (const d of dataset) {
      const list = await runShell(`unzip -Z1 '${d}-v0.0.0-test.zip'`, { cwd: dir, env, strict: true });
      const entries = list.stdout.split('\n').filter((l) => l !== '' && !l.endsWith('/')).sort();
      const files = readdirSync(join(repoRoot, 'output', d)).map((f) => `${d}/${f}`).sort();
      expect(entries).toEqual(files);
      expect(entries).toContain(`${d}/SHA256SUMS`);
    }
  });
});
