/**
 * Where the command line writes what: results on stdout (or, with --json,
 * one JSON object and nothing else), messages, logs and progress on stderr.
 * --quiet leaves errors only; colour follows --color/--no-color, then
 * NO_COLOR and FORCE_COLOR (https://no-color.org), then whether stderr is a
 * terminal.
 */
import { styleText } from 'node:util';
import { formatMessage, type Level, type Message } from '../messages.js';

export interface OutputFlags {
  quiet?: boolean;
  json?: boolean;
  color?: boolean;
}

export interface Streams {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

export function colorWanted(flag: boolean | undefined, env: NodeJS.ProcessEnv, stream: { isTTY?: boolean }): boolean {
  if (flag !== undefined) return flag;
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return stream.isTTY === true && env.TERM !== 'dumb';
}

type Paint = (text: string) => string;
type Palette = { bold: Paint; dim: Paint; ok: Paint; bad: Paint; warn: Paint };

function palette(color: boolean): Palette {
  // The decision is made by colorWanted, once per stream: styleText would otherwise look at stdout whatever the stream.
  const style = (format: Parameters<typeof styleText>[0]): Paint => (color ? (text) => styleText(format, text, { validateStream: false }) : (text) => text);
  return { bold: style('bold'), dim: style('dim'), ok: style('green'), bad: style('red'), warn: style('yellow') };
}

export class Output {
  readonly quiet: boolean;
  readonly json: boolean;
  readonly color: boolean;
  /** Colours for the report on stderr. */
  readonly paint: Palette;
  /** Colours for results on stdout, decided for stdout: a result piped into a file has none. */
  readonly paintOut: Palette;

  constructor(
    flags: OutputFlags,
    readonly streams: Streams = process,
    readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    this.quiet = flags.quiet ?? false;
    this.json = flags.json ?? false;
    this.color = colorWanted(flags.color, env, streams.stderr);
    this.paint = palette(this.color);
    this.paintOut = palette(colorWanted(flags.color, env, streams.stdout));
  }

  /** A result line for people (stdout); with --json the object says it instead, and --quiet leaves it out. */
  result(text: string): void {
    if (!this.json && !this.quiet) this.streams.stdout.write(`${text}\n`);
  }

  /** The one JSON object of --json (stdout). */
  data(value: unknown): void {
    if (this.json) this.streams.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  /** A log line (stderr), left out by --quiet. */
  log(text: string): void {
    if (!this.quiet) this.streams.stderr.write(`${text}\n`);
  }

  /** A message (stderr): errors always, warnings and infos unless --quiet. */
  message(m: Message): void {
    if (this.quiet && m.level !== 'error') return;
    this.streams.stderr.write(`${this.format(m)}\n`);
  }

  format(m: Message): string {
    const text = formatMessage(m);
    if (!this.color) return text;
    const colour: Record<Level, Paint> = { error: this.paint.bad, warning: this.paint.warn, info: this.paint.dim };
    return text.replace(new RegExp(`(^|  )${m.level}  `), (_, before: string) => `${before}${colour[m.level](m.level)}  `).replace(/\n {4}hint: /, (h) => this.paint.dim(h));
  }
}
