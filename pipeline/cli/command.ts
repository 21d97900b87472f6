/**
 * What every command shares: the global options, the project configuration,
 * the output, the interrupt signals, and the one place where an exception
 * becomes a message and an exit code.
 */
import type { Argv, Options } from 'yargs';
import { loadProjectConfig, type LoadedConfig } from '../config.js';
import { createMessage, type Message, type RuleId } from '../messages.js';
import { ConfigError, isIoError } from '../run.js';
import { Output } from './output.js';

export const globalOptions = {
  config: { type: 'string', describe: 'Project configuration file (default: pipeline.config.json, when there is one)' },
  quiet: { type: 'boolean', describe: 'Print errors only' },
  json: { type: 'boolean', describe: 'Print one JSON object on stdout: the summary, with every message' },
  color: { type: 'boolean', describe: 'Colour the report (default: when stderr is a terminal and NO_COLOR is unset); --no-color turns it off' },
} as const satisfies Record<string, Options>;

export interface GlobalArgs {
  config?: string;
  quiet?: boolean;
  json?: boolean;
  color?: boolean;
}

/** A command's option table: yargs reads it, and main.ts suggests from it. */
export type OptionTable = Record<string, Options>;

export const withOptions = <T>(yargs: Argv, options: OptionTable): Argv<T> => yargs.options(options) as unknown as Argv<T>;

/** What a command body gives back: its exit code, its part of the JSON summary, and its messages (already printed). */
export interface Outcome {
  exitCode: number;
  data: Record<string, unknown>;
  messages: Message[];
}

export interface Context {
  out: Output;
  project: LoadedConfig;
  signal: AbortSignal;
}

const SIGNAL_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

/** An AbortSignal raised by SIGINT or SIGTERM; a second signal ends the process at once. */
function interrupts(): { signal: AbortSignal; received: () => keyof typeof SIGNAL_CODES | null; dispose: () => void } {
  const controller = new AbortController();
  let received: keyof typeof SIGNAL_CODES | null = null;
  const handlers = (Object.keys(SIGNAL_CODES) as (keyof typeof SIGNAL_CODES)[]).map((name) => {
    const handler = () => {
      if (received) process.exit(SIGNAL_CODES[received]);
      received = name;
      controller.abort(Object.assign(new Error(`Interrupted by ${name}`), { name: 'AbortError' }));
    };
    process.on(name, handler);
    return () => process.off(name, handler);
  });
  return { signal: controller.signal, received: () => received, dispose: () => handlers.forEach((off) => off()) };
}

function messageOf(error: unknown): { message: Message; exitCode: number } {
  if (error instanceof ConfigError) return { message: createMessage(error.rule, 'cli', error.file, error.message, error.place), exitCode: 2 };
  if (isIoError(error)) {
    const text = `Cannot write the output (${error.code}: ${error.message}); nothing was published, and what was published before is kept`;
    return { message: createMessage('output/unwritable', 'cli', '', text), exitCode: 74 };
  }
  const text = `${(error as Error)?.stack ?? String(error)}`;
  return { message: createMessage('internal/crash', 'cli', '', text), exitCode: 70 };
}

export const runMessage = (rule: RuleId, text: string): Message => createMessage(rule, 'cli', '', text);

/** Runs a command body and sets the exit code; the JSON summary is printed here, once, whatever happened. */
export async function runCommand(command: string, args: GlobalArgs, body: (context: Context) => Promise<Outcome>): Promise<void> {
  const out = new Output(args);
  const signals = interrupts();
  let outcome: Outcome;
  try {
    const project = await loadProjectConfig(args.config);
    outcome = await body({ out, project, signal: signals.signal });
  } catch (error) {
    // A library that stops at the signal by throwing (verify) has nothing more to say: the interrupt is reported below.
    if (signals.received() && (error as Error)?.name === 'AbortError') outcome = { exitCode: SIGNAL_CODES[signals.received()!], data: {}, messages: [] };
    else {
      const { message, exitCode } = messageOf(error);
      out.message(message);
      outcome = { exitCode, data: {}, messages: [message] };
    }
  } finally {
    signals.dispose();
  }
  const signal = signals.received();
  if (signal) {
    const message = runMessage('run/interrupted', `Interrupted by ${signal}; temporary folders removed, and every dataset published before the signal is kept`);
    out.message(message);
    outcome = { ...outcome, exitCode: SIGNAL_CODES[signal], messages: [...outcome.messages, message] };
  }
  out.data({ command, ok: outcome.exitCode === 0, exit_code: outcome.exitCode, ...outcome.data, messages: outcome.messages });
  process.exitCode = outcome.exitCode;
}

/** Flag, then configuration file, then the library's default. */
export const pick = <T>(flag: T | undefined, config: T | undefined): T | undefined => (flag !== undefined ? flag : config);
