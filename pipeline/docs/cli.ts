/** docs/cli.md, from the command definitions: each command's --help as the program prints it, the configuration schema and the exit codes. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ProjectConfig } from '../../schemas/config.js';
import { commands } from '../cli/commands.js';
import { EXIT_CODES } from '../cli/exit-codes.js';
import { PIPELINE } from '../version.js';

/** What `speech-datasets <args> --help` prints, as a pipe sees it (100 columns, no colour). */
export function helpText(args: string[]): string {
  const main = join(PIPELINE.root, 'dist', 'pipeline', 'cli', 'main.js');
  const r = spawnSync(process.execPath, [main, ...args, '--help'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  if (r.status !== 0) throw new Error(`speech-datasets ${args.join(' ')} --help exited ${r.status}: ${r.stderr}`);
  return r.stdout.trimEnd();
}

const fence = (text: string) => ['```text', text, '```'];

export function renderCli(help: (args: string[]) => string = helpText): string {
  const fields = Object.entries(ProjectConfig.shape).map(([key, schema]) => `| \`${key}\` | ${schema.description ?? ''} |`);
  return [
    '# Command line',
    '',
    '<!-- Generated from pipeline/cli/*.ts and schemas/config.ts by `npm run docs`; do not edit by hand. -->',
    '',
    'After `npm ci` (and `npm run build:ts`, which `npm start` and `npm test` run for you), the command is `npx speech-datasets <command>` in this repository, or `speech-datasets` where the package is installed. `npm start` is `speech-datasets build`.',
    '',
    '- Results go to stdout; messages, logs and progress to stderr. `--json` prints one JSON object on stdout instead of the results: `command`, `ok`, `exit_code`, what the command found (`datasets`, `counts`, …) and `messages`, every message with its `rule`, `level`, `file`, `line`, `column`, `byte_offset`, `message` and `hint`.',
    '- Progress: a bar (files, MB, rate, time left) when stderr is a terminal, a plain line every ten seconds otherwise (CI logs; `SPEECH_DATASETS_PROGRESS_EVERY` sets the seconds), nothing with `--quiet` or in the first second.',
    '- Colour: `--color` or `--no-color`, else none when `NO_COLOR` is set, colour when `FORCE_COLOR` is set, else colour when stderr is a terminal.',
    '- Every message has a stable rule id, listed with its meaning and what to do in [messages.md](messages.md).',
    `- ${EXIT_CODES}`,
    '',
    ...fence(help([])),
    '',
    ...commands.flatMap((c) => [`## ${c.name}`, '', ...fence(help([c.name])), '']),
    '## Configuration file',
    '',
    'Defaults for a project go in `pipeline.config.json` in the working directory (or the file given with `--config`). Every field is optional, a flag on the command line wins, and paths are relative to the file. An unknown field or a value of the wrong type is an error (`config/invalid`, exit 2) placed at its line and column. Editors check the file against [schemas/pipeline.config.schema.json](../schemas/pipeline.config.schema.json) when it names it in `"$schema"`.',
    '',
    '```json',
    '{',
    '  "$schema": "./schemas/pipeline.config.schema.json",',
    '  "formats": ["parquet", "jsonl"],',
    '  "strict": true,',
    '  "allowWarnings": ["rights/not-open"]',
    '}',
    '```',
    '',
    '| field | meaning |',
    '|---|---|',
    ...fields,
    '',
    '## Environment',
    '',
    '| variable | effect |',
    '|---|---|',
    '| `SOURCE_DATE_EPOCH` | The build date recorded in the metadata (seconds since 1970); without it, none is. |',
    '| `NO_COLOR`, `FORCE_COLOR` | Colour off, or on, unless `--color`/`--no-color` says otherwise. |',
    '| `SPEECH_DATASETS_PROGRESS_EVERY` | Seconds between two progress lines when stderr is not a terminal (default 10). |',
    '',
  ].join('\n');
}
