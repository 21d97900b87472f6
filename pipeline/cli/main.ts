#!/usr/bin/env node
/** The command line: a thin yargs layer over the library API. */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { suggestion } from '../json-file.js';
import { PIPELINE } from '../version.js';
import { globalOptions, guardedTable, runMessage, UsageError, type OptionTable } from './command.js';
import { commands } from './commands.js';
import { Output } from './output.js';

const argv = hideBin(process.argv);
const NO_COMMAND = `No command given; the commands are ${commands.map((c) => c.name).join(', ')}`;

/** Options that take a value, so that the word after them is not taken for the command. */
const takesValue = (table: OptionTable) => new Set(Object.entries(table).filter(([, o]) => o.type === 'string' || o.type === 'number').map(([name]) => name));

/** The command word: the first word that is not an option or an option's value. */
function commandWord(): string | undefined {
  const valued = takesValue(globalOptions);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') return undefined;
    if (!a.startsWith('-')) return a;
    if (!a.includes('=') && valued.has(a.replace(/^-+/, ''))) i++;
  }
  return undefined;
}

/** yargs' complaint, as a catalogued message with a suggestion where one fits. */
function usageMessage(text: string) {
  const first = commandWord();
  const command = commands.find((c) => c.name === first);
  if (text === NO_COMMAND) return runMessage('usage/unknown-command', text);
  const unknown = /^Unknown arguments?: (.+)$/.exec(text);
  if (/^Not enough non-option arguments/.test(text) && command) {
    return runMessage('usage/invalid-value', `${command.name} needs its argument: speech-datasets ${String(command.module.command)}`);
  }
  // One line, like every other message (yargs lists the choices on lines of their own).
  if (!unknown) return runMessage('usage/invalid-value', text.replace(/\s*\n\s*/g, ' '));
  if (!command && first !== undefined) {
    const close = suggestion(first, commands.map((c) => c.name));
    return runMessage('usage/unknown-command', `Unknown command "${first}"${close ? `; did you mean "${close}"?` : `; the commands are ${commands.map((c) => c.name).join(', ')}`}`);
  }
  // yargs names a stray word and an unknown option as typed (camel-case expansion is off).
  const named = unknown[1]!.split(', ');
  const stray = named.filter((w) => argv.includes(w));
  const words = [...new Set(named.filter((w) => !stray.includes(w)))];
  if (stray.length) {
    return runMessage('usage/invalid-value', `Unexpected argument${stray.length > 1 ? 's' : ''} for ${command?.name ?? 'the command'}: ${stray.map((w) => JSON.stringify(w)).join(', ')} (options start with --)`);
  }
  const names = [...Object.keys(command?.options ?? {}), ...Object.keys(globalOptions), 'help', 'version'];
  const parts = words.map((w) => {
    const typed = argv.find((a) => a.replace(/^-+/, '').split('=')[0] === w) ?? `--${w}`;
    const close = suggestion(w, names);
    return `${typed.split('=')[0]}${close ? ` (did you mean --${close}?)` : ''}`;
  });
  return runMessage('usage/unknown-option', `Unknown option${parts.length > 1 ? 's' : ''}${command ? ` for ${command.name}` : ''}: ${parts.join(', ')}`);
}

/** Whether the user asked for JSON, read from argv because yargs refused the rest. */
const wantsJson = () => argv.some((a, i) => a === '--json' || a === '--json=true' || a === '--format=json' || (a === '--format' && argv[i + 1] === 'json'));

// A reader that closed early (`| head`) is not an error of ours.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

const cli = yargs(argv)
  // Messages and help in English whatever LANG says: the catalogue, the docs and the suggestions are English.
  .locale('en')
  .scriptName('speech-datasets')
  // Options exist in kebab-case only: --cacheDir is a mistake to report, not a spelling to accept.
  .parserConfiguration({ 'camel-case-expansion': false })
  .options(guardedTable(globalOptions))
  .strict()
  .demandCommand(1, NO_COMMAND)
  .version(PIPELINE.version)
  .help()
  .wrap(Math.min(100, process.stdout.columns || 100))
  .fail((text, error) => {
    // yargs hands on a value's check (a UsageError of guarded()) as a YError with its message.
    if (error && error.name !== 'YError' && !(error instanceof UsageError)) throw error;
    const out = new Output({ json: wantsJson(), color: argv.includes('--no-color') ? false : argv.includes('--color') ? true : undefined });
    const message = error ? runMessage('usage/invalid-value', error.message) : usageMessage(text);
    out.message(message);
    out.data({ command: commands.find((c) => c.name === commandWord())?.name ?? null, ok: false, exit_code: 2, messages: [message] });
    process.exit(2);
  });
for (const { module } of commands) cli.command(module);
await cli.parseAsync();
