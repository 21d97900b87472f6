/**
 * Reading `pipeline.config.json`: JSON without comments, checked against the
 * zod schema, every mistake reported with its line and column (the places
 * come from jsonc-parser's syntax tree, which keeps offsets that JSON.parse
 * does not give).
 */
import { readFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { closest, distance } from 'fastest-levenshtein';
import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { CONFIG_FILE, ProjectConfig } from '../schemas/config.js';
import { catalogue, type RuleDef } from './messages.js';
import { ConfigError } from './run.js';
import { toPosix } from './sources.js';

export interface LoadedConfig {
  /** The file read, or null when there is none. */
  file: string | null;
  config: ProjectConfig;
}

/** 1-based line and column (in code points) of a UTF-16 offset. */
export function placeOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: [...before.slice(lineStart)].length + 1 };
}

/** The closest of `candidates` to `word`, when it is close enough to be what was meant. */
export function suggestion(word: string, candidates: readonly string[]): string | null {
  if (candidates.length === 0) return null;
  const best = closest(word, [...candidates]);
  return distance(word, best) <= Math.max(2, Math.floor(best.length / 3)) ? best : null;
}

const KEYS = Object.keys(ProjectConfig.shape);

/** jsonc-parser's error codes, said plainly. */
const SYNTAX: Record<string, string> = {
  InvalidSymbol: 'an unexpected character',
  InvalidNumberFormat: 'a malformed number',
  PropertyNameExpected: 'a field name in double quotes was expected (a comma too many?)',
  ValueExpected: 'a value was expected',
  ColonExpected: 'a colon was expected',
  CommaExpected: 'a comma was expected',
  CloseBraceExpected: 'a closing } was expected',
  CloseBracketExpected: 'a closing ] was expected',
  EndOfFileExpected: 'the file goes on after the JSON object',
  InvalidCommentToken: 'JSON has no comments',
  UnexpectedEndOfComment: 'JSON has no comments',
  UnexpectedEndOfString: 'a string is not closed',
  UnexpectedEndOfNumber: 'a number is cut short',
  InvalidUnicode: 'an invalid \\u escape',
  InvalidEscapeCharacter: 'an invalid escape in a string',
  InvalidCharacter: 'a control character in a string',
};

function fail(file: string, text: string, offset: number, message: string): never {
  throw new ConfigError(message, 'config/invalid', file, placeOf(text, offset));
}

/** `explicit`: the path given with --config (it must exist); else CONFIG_FILE in `cwd` when there is one. */
export async function loadProjectConfig(explicit: string | undefined, cwd: string = process.cwd()): Promise<LoadedConfig> {
  const path = resolve(cwd, explicit ?? CONFIG_FILE);
  const file = toPosix(relative(cwd, path)) || CONFIG_FILE;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && explicit === undefined) return { file: null, config: {} };
    if (code === 'ENOENT') throw new ConfigError(`No configuration file ${file}`, 'config/not-found', file);
    throw new ConfigError(`Cannot read ${file}: ${(error as Error).message}`, 'config/invalid', file);
  }
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (errors.length || !root) {
    const first = errors[0];
    fail(file, text, first?.offset ?? 0, `${file} is not valid JSON: ${first ? (SYNTAX[printParseErrorCode(first.error)] ?? printParseErrorCode(first.error)) : 'the file is empty'}`);
  }
  // JSON.parse keeps the last of two equal keys without a word; say it instead.
  const seen = new Set<string>();
  for (const property of root.type === 'object' ? (root.children ?? []) : []) {
    const key = property.children?.[0];
    if (key?.type !== 'string') continue;
    if (seen.has(key.value as string)) fail(file, text, key.offset, `Field "${String(key.value)}" is given twice; give it once`);
    seen.add(key.value as string);
  }
  const parsed = ProjectConfig.safeParse(JSON.parse(text));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const at = (path: readonly PropertyKey[]): Node | undefined => findNodeAtLocation(root, path as (string | number)[]);
    const name = (path: readonly PropertyKey[]) => path.map((k) => (typeof k === 'number' ? `[${k}]` : `.${String(k)}`)).join('').replace(/^\./, '') || '(top level)';
    if (issue.code === 'unrecognized_keys') {
      const key = issue.keys[0]!;
      const keyNode = at([...issue.path, key])?.parent?.children?.[0];
      const hint = suggestion(key, KEYS);
      fail(file, text, keyNode?.offset ?? root.offset, `Unknown field "${key}"${hint ? `; did you mean "${hint}"?` : `; the fields are ${KEYS.join(', ')}`}`);
    }
    const node = at(issue.path);
    const got = node ? text.slice(node.offset, node.offset + node.length) : 'nothing';
    fail(file, text, node?.offset ?? root.offset, `\`${name(issue.path)}\`: ${issue.message}, got ${got.length > 60 ? `${got.slice(0, 60)}…` : got}`);
  }
  const config = parsed.data;
  for (const [i, rule] of (config.allowWarnings ?? []).entries()) {
    if ((catalogue as Record<string, RuleDef>)[rule]?.level !== 'warning') {
      const close = suggestion(rule, Object.entries(catalogue).filter(([, d]) => d.level === 'warning').map(([id]) => id));
      fail(file, text, findNodeAtLocation(root, ['allowWarnings', i])!.offset, `\`allowWarnings[${i}]\`: "${rule}" is not a rule whose level is warning (see docs/messages.md)${close ? `; did you mean "${close}"?` : ''}`);
    }
  }
  // Paths in the file are relative to it, as in tsconfig.json.
  const base = dirname(path);
  for (const key of ['sources', 'out', 'cacheDir'] as const) if (config[key] !== undefined) config[key] = resolve(base, config[key]);
  return { file, config };
}
