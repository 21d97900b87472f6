/**
 * Reading `pipeline.config.json`: JSON without comments, checked against the
 * zod schema (json-file.ts), the first mistake reported with its line and column.
 */
import { readFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { findNodeAtLocation } from 'jsonc-parser';
import { CONFIG_FILE, ProjectConfig } from '../schemas/config.js';
import { checkJson, placeOf, suggestion } from './json-file.js';
import { catalogue, type RuleDef } from './messages.js';
import { ConfigError } from './run.js';
import { toPosix } from './sources.js';

export interface LoadedConfig {
  /** The file read, or null when there is none. */
  file: string | null;
  config: ProjectConfig;
}

const KEYS = Object.keys(ProjectConfig.shape);

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
  const checked = checkJson(text, ProjectConfig, KEYS);
  if ('problems' in checked) {
    const [first] = checked.problems;
    throw new ConfigError(first!.message, 'config/invalid', file, { line: first!.line, column: first!.column });
  }
  const { data: config, root } = checked;
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
