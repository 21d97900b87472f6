/**
 * What every command shares: the global options, the project configuration,
 * the output, the interrupt signals, and the one place where an exception
 * becomes a message and an exit code.
 */
import type { Argv, Options } from 'yargs';
import { loadProjectConfig, type LoadedConfig } from '../config.js';
import { createMessage, type Message, type RuleId } from '../messages.js';
import { LockedError, LockLostError } from '../lock.js';
import { ConfigError, isIoError } from '../run.js';
import { shownPath } from '../sources.js';
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

/** A mistake on the command line found while reading a value: reported as usage/invalid-value, exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

const said = (v: unknown) => JSON.stringify(v);

/**
 * The one check of every value at the door: yargs turns `--out a --out b` into an array,
 * `--no-out` into false and `--concurrency abc` into NaN, which would otherwise travel on.
 */
export function guarded(name: string, option: Options): Options {
  const text = (v: unknown): string => {
    if (typeof v === 'boolean') throw new UsageError(`--no-${name} is not an option; leave --${name} out to use its default`);
    if (typeof v !== 'string' || v === '') throw new UsageError(`Expected --${name} to be a non-empty value, got ${said(v)}`);
    return v;
  };
  if (option.type === 'string' && option.array) {
    return {
      ...option,
      coerce: (v: unknown) => {
        const values = Array.isArray(v) ? v.map(text) : [text(v)];
        if (values.length === 0) throw new UsageError(`Expected --${name} to be followed by at least one value`);
        return values;
      },
    };
  }
  if (option.type === 'string') {
    return {
      ...option,
      coerce: (v: unknown) => {
        if (Array.isArray(v)) throw new UsageError(`--${name} was given more than once (${v.map(said).join(', ')}); give it once`);
        return text(v);
      },
    };
  }
  if (option.type === 'number') {
    return {
      ...option,
      coerce: (v: unknown) => {
        if (Array.isArray(v)) throw new UsageError(`--${name} was given more than once (${v.join(', ')}); give it once`);
        if (typeof v !== 'number' || !Number.isFinite(v)) throw new UsageError(`Expected --${name} to be a number`);
        return v;
      },
    };
  }
  return option;
}

export const guardedTable = (options: OptionTable): OptionTable => Object.fromEntries(Object.entries(options).map(([name, o]) => [name, guarded(name, o)]));

export const withOptions = <T>(yargs: Argv, options: OptionTable): Argv<T> => yargs.options(guardedTable(options)) as unknown as Argv<T>;

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

// SIGHUP (the terminal closed) is stopped like SIGTERM: by default it would end the process without removing anything.
const SIGNAL_CODES = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;

/**
 * An AbortSignal raised by SIGINT or SIGTERM, for commands that stop at it; a second signal
 * ends the process at once (giving the terminal its cursor back if a bar had hidden it).
 * Commands that do not listen keep Node's default: a signal ends them at once.
 */
function interrupts(listen: boolean): { signal: AbortSignal; received: () => keyof typeof SIGNAL_CODES | null; dispose: () => void } {
  const controller = new AbortController();
  let received: keyof typeof SIGNAL_CODES | null = null;
  if (!listen) return { signal: controller.signal, received: () => null, dispose: () => {} };
  const handlers = (Object.keys(SIGNAL_CODES) as (keyof typeof SIGNAL_CODES)[]).map((name) => {
    const handler = () => {
      if (received) {
        if (process.stderr.isTTY) process.stderr.write('\u001b[?25h\u001b[?7h\n');
        process.exit(SIGNAL_CODES[received]);
      }
      received = name;
      controller.abort(Object.assign(new Error(`Interrupted by ${name}`), { name: 'AbortError' }));
    };
    process.on(name, handler);
    return () => process.off(name, handler);
  });
  return { signal: controller.signal, received: () => received, dispose: () => handlers.forEach((off) => off()) };
}

function messageOf(error: unknown, publishes: boolean): { message: Message; exitCode: number } {
  if (error instanceof ConfigError) return { message: createMessage(error.rule, 'cli', error.file, error.message, error.place), exitCode: 2 };
  // 75 (EX_TEMPFAIL): nothing is wrong with the command; run it again when the other run is done.
  if (error instanceof LockedError) return { message: createMessage('output/locked', 'cli', shownPath(error.path), error.message), exitCode: 75 };
  if (error instanceof LockLostError) return { message: createMessage('output/lock-lost', 'cli', '', error.message), exitCode: 75 };
  if (isIoError(error)) {
    const message = publishes
      ? createMessage('output/unwritable', 'cli', '', `Cannot write the output (${error.code}: ${error.message}); nothing was published, and what was published before is kept`)
      : createMessage('run/io-error', 'cli', '', `${error.code}: ${error.message}`);
    return { message, exitCode: 74 };
  }
  const text = `${(error as Error)?.stack ?? String(error)}`;
  return { message: createMessage('internal/crash', 'cli', '', text), exitCode: 70 };
}

export const runMessage = (rule: RuleId, text: string): Message => createMessage(rule, 'cli', '', text);

export interface CommandTraits {
  /** It writes datasets: a disk error is output/unwritable. */
  publishes?: boolean;
  /** It stops at SIGINT/SIGTERM through the signal; otherwise a signal ends it at once, as Node does. */
  interruptible?: boolean;
  /** It takes nothing from pipeline.config.json (inspect): a broken one in the working directory must not stop it. Default: false. */
  ignoresConfig?: boolean;
}

/** Runs a command body and sets the exit code; the JSON summary is printed here, once, whatever happened. */
export async function runCommand(command: string, args: GlobalArgs, body: (context: Context) => Promise<Outcome>, traits: CommandTraits = {}): Promise<void> {
  const out = new Output(args);
  const signals = interrupts(traits.interruptible ?? false);
  let outcome: Outcome;
  try {
    const project = traits.ignoresConfig && args.config === undefined ? { file: null, config: {} } : await loadProjectConfig(args.config);
    outcome = await body({ out, project, signal: signals.signal });
  } catch (error) {
    // A library that stops at the signal by throwing (verify) has nothing more to say: the interrupt is reported below.
    if (signals.received() && (error as Error)?.name === 'AbortError') outcome = { exitCode: SIGNAL_CODES[signals.received()!], data: {}, messages: [] };
    else {
      const { message, exitCode } = messageOf(error, traits.publishes ?? false);
      out.message(message);
      outcome = { exitCode, data: {}, messages: [message] };
    }
  } finally {
    signals.dispose();
  }
  const signal = signals.received();
  if (signal) {
    const message = runMessage('run/interrupted', `Interrupted by ${signal}; what was finished before it is kept, and nothing half-written is left`);
    out.message(message);
    outcome = { ...outcome, exitCode: SIGNAL_CODES[signal], messages: [...outcome.messages, message] };
  }
  out.data({ command, ok: outcome.exitCode === 0, exit_code: outcome.exitCode, ...outcome.data, messages: outcome.messages });
  process.exitCode = outcome.exitCode;
}

/** Flag, then configuration file, then the library's default. */
export const pick = <T>(flag: T | undefined, config: T | undefined): T | undefined => (flag !== undefined ? flag : config);
