/**
 * The shell commands the docs show, and a scratch workspace to run them in.
 *
 * A command is a non-empty line of a fenced ```sh block, without its trailing comment
 * (two or more spaces, then `#`); whole-line comments are skipped, and a line ending in
 * `\` goes on on the next. A trailing comment `# exits N` says the command exits N
 * rather than 0. When a ```sh block of exactly one command is followed, after blank lines
 * only, by a ```text block, that block is the command's output (stdout, then stderr);
 * a last line `…` means the output goes on after the lines shown.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './build.js';
import { main } from './cli.js';
import { repoRoot } from './paths.js';

/** README.md and every docs/*.md, generated or not, as paths relative to the repository. */
export function docFiles(root = repoRoot): string[] {
  const docs = readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => `docs/${f}`);
  return ['README.md', ...docs];
}

export interface Fence {
  /** The whole info string, e.g. `sql runnable`. */
  info: string;
  /** Its first word, e.g. `sql`. */
  lang: string;
  /** The lines between the fences, without the fence's indentation. */
  lines: string[];
  /** 1-based line numbers of the opening and the closing fence. */
  open: number;
  close: number;
}

/** The fenced code blocks of a Markdown text (``` or ~~~, indented or not); an unclosed one runs to the end. */
export function fences(markdown: string): Fence[] {
  const lines = markdown.split(/\r?\n/);
  const out: Fence[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^([ \t]*)(`{3,}|~{3,})(.*)$/.exec(lines[i]!);
    if (!m) continue;
    const [, indent, fence, rest] = m as unknown as [string, string, string, string];
    if (fence[0] === '`' && rest.includes('`')) continue; // not a fence: inline code
    const closing = new RegExp(`^[ \\t]*${fence[0] === '`' ? '`' : '~'}{${fence.length},}[ \\t]*$`);
    let j = i + 1;
    while (j < lines.length && !closing.test(lines[j]!)) j++;
    const body = lines.slice(i + 1, j).map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l.trimStart()));
    const info = rest.trim();
    out.push({ info, lang: info.split(/\s+/)[0] ?? '', lines: body, open: i + 1, close: j + 1 });
    i = j;
  }
  return out;
}

export interface Excerpt {
  /** The lines shown, without a last `…`. */
  lines: string[];
  /** The excerpt ends in `…`: the output starts with `lines` and goes on. */
  truncated: boolean;
  /** 1-based line of the ```text fence. */
  line: number;
}

export interface DocCommand {
  /** The doc, relative to the repository root. */
  file: string;
  /** 1-based line of the command in the doc. */
  line: number;
  /** The command as shown, without its trailing comment. */
  command: string;
  /** The trailing comment, `#` included, or ''. */
  comment: string;
  /** The exit code the doc promises: 0 unless a trailing comment says `# exits N`. */
  exits: number;
  /** The output shown right after the command's block, if any. */
  excerpt?: Excerpt;
}

/** Splits a shell line into the command and its trailing comment (two or more spaces, then `#`). */
export function splitComment(line: string): { command: string; comment: string } {
  const m = /^(.*?\S)\s{2,}(#.*)$/.exec(line);
  return m ? { command: m[1]!.trim(), comment: m[2]!.trim() } : { command: line.trim(), comment: '' };
}

/** The exit code a trailing comment promises: `# exits N` (maybe with more words after), else 0. */
export function promisedExit(comment: string): number {
  const m = /^#\s*exits\s+(\d+)\b/.exec(comment);
  return m ? Number(m[1]) : 0;
}

/** Languages a shell block might be written in that this test would miss: docs must write ```sh. */
export const OTHER_SHELL_LANGS = new Set(['bash', 'shell', 'zsh', 'console', 'shell-session', 'shellsession', 'terminal']);

/** Every command of the ```sh blocks of one doc, in order, with the excerpt of its output where one is shown. */
export function shCommands(file: string, markdown: string): DocCommand[] {
  const blocks = fences(markdown);
  const all = markdown.split(/\r?\n/);
  const out: DocCommand[] = [];
  blocks.forEach((block, b) => {
    if (block.lang !== 'sh') return;
    const mine: DocCommand[] = [];
    for (let k = 0; k < block.lines.length; k++) {
      const first = k;
      let text = block.lines[k]!;
      while (/\\\s*$/.test(text) && k + 1 < block.lines.length) text = text.replace(/\\\s*$/, ' ') + block.lines[++k]!.trim();
      if (text.trim() === '' || /^\s*#/.test(text)) continue;
      const { command, comment } = splitComment(text);
      mine.push({ file, line: block.open + 1 + first, command, comment, exits: promisedExit(comment) });
    }
    const next = blocks[b + 1];
    const adjacent = next !== undefined && all.slice(block.close, next.open - 1).every((l) => l.trim() === '');
    if (mine.length === 1 && next && adjacent && next.lang === 'text') {
      const lines = [...next.lines];
      while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
      const truncated = lines.length > 0 && lines[lines.length - 1]!.trim() === '…';
      mine[0]!.excerpt = { lines: truncated ? lines.slice(0, -1) : lines, truncated, line: next.open };
    }
    out.push(...mine);
  });
  return out;
}

/** Compares a command's output with its excerpt: the text to expect, and the part of the output it is compared with. */
export function excerptComparison(output: string, excerpt: Excerpt): { expected: string; actual: string } {
  const actual = output.endsWith('\n') ? output.slice(0, -1) : output;
  if (!excerpt.truncated) return { expected: excerpt.lines.join('\n'), actual };
  return { expected: excerpt.lines.join('\n'), actual: actual.split('\n').slice(0, excerpt.lines.length).join('\n') };
}

export interface Workspace {
  dir: string;
  /** Environment for commands run in it: TMPDIR inside it, no colour, no build date, npm offline. */
  env: NodeJS.ProcessEnv;
}

/**
 * A scratch copy of what the commands read and write: sources/, output/ (without the hidden
 * leftovers `output/.*` that git ignores), schemas/, package.json and package-lock.json, with
 * node_modules and dist linked to the real ones. With `shim`, a `speech-datasets` on PATH that
 * runs dist/pipeline/cli/main.js, for `npx speech-datasets` rewritten to `speech-datasets`.
 */
export function makeWorkspace(options: { shim?: boolean; prefix?: string } = {}): Workspace {
  const dir = tempDir(options.prefix ?? 'speech-datasets-docs-');
  cpSync(join(repoRoot, 'sources'), join(dir, 'sources'), { recursive: true });
  copyOutput(dir);
  cpSync(join(repoRoot, 'schemas'), join(dir, 'schemas'), { recursive: true });
  for (const file of ['package.json', 'package-lock.json']) copyFileSync(join(repoRoot, file), join(dir, file));
  symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');
  symlinkSync(join(repoRoot, 'dist'), join(dir, 'dist'), 'dir');
  const tmp = join(dir, '.tmp');
  mkdirSync(tmp);
  let path = process.env.PATH ?? '';
  if (options.shim) {
    const bin = join(dir, '.bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'speech-datasets'), `#!/bin/sh\nexec '${process.execPath}' '${main}' "$@"\n`, { mode: 0o755 });
    path = `${bin}:${path}`;
  }
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: path,
    TMPDIR: tmp,
    NO_COLOR: undefined,
    FORCE_COLOR: undefined,
    SOURCE_DATE_EPOCH: undefined,
    npm_config_offline: 'true',
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
  };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  return { dir, env };
}

/** Puts a fresh copy of the committed output/ into a workspace, replacing what is there. */
export function copyOutput(dir: string): void {
  const to = join(dir, 'output');
  rmSync(to, { recursive: true, force: true });
  const from = join(repoRoot, 'output');
  cpSync(from, to, { recursive: true, filter: (src) => !(src.startsWith(from + '/') && src.slice(from.length + 1).split('/')[0]!.startsWith('.')) });
}

/**
 * An npm command other than `npm exec` (npx): it installs packages, and node_modules in a
 * workspace is the real one, or it runs a script, and every script of package.json compiles
 * first, which in a workspace would fail or rewrite the shared dist/. Never run in a workspace.
 */
export const NPM_COMMAND = /(?:^|[\s;&|(])npm\s+(?!exec\b)[a-z]/;

/** `npx speech-datasets …` as the PATH shim runs it. */
export const viaShim = (command: string): string => command.replace(/\bnpx (?:--no-install )?speech-datasets\b/g, 'speech-datasets');

export interface ShellResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  ms: number;
}

/** Runs a command with `bash -c` (`-eo pipefail` with `strict`, as GitHub Actions runs a step), killing its whole process group on timeout. */
export function runShell(command: string, options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number; strict?: boolean }): Promise<ShellResult> {
  const started = performance.now();
  const args = options.strict ? ['--noprofile', '--norc', '-eo', 'pipefail', '-c', command] : ['-c', command];
  return new Promise((resolve, reject) => {
    const child = spawn('bash', args, { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, options.timeoutMs ?? 60_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        code,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        timedOut,
        ms: Math.round(performance.now() - started),
      });
    });
  });
}

/** A result as text for a failure message. */
export function describeResult(command: string, r: ShellResult): string {
  const status = r.timedOut ? `timed out after ${r.ms} ms` : r.signal ? `killed by ${r.signal}` : `exit ${r.code}`;
  return `$ ${command}\n(${status})\n--- stdout ---\n${r.stdout}--- stderr ---\n${r.stderr}`;
}

/** Whether a program is on PATH. */
export function onPath(program: string): boolean {
  return (process.env.PATH ?? '').split(':').some((d) => d !== '' && existsSync(join(d, program)));
}
