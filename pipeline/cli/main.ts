#!/usr/bin/env node
/** The command line: a thin yargs layer over the library API. */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { suggestion } from '../config.js';
import { PIPELINE } from '../version.js';
import { globalOptions, runMessage } from './command.js';
import { commands } from './commands.js';
import { Output } from './output.js';

const argv = hideBin(process.argv);
const NO_COMMAND = `No command given; the commands are ${commands.map((c) => c.name).join(', ')}`;

/** yargs' complaint, as a catalogued message with a suggestion where one fits. */
function usageMessage(text: string) {
  const first = argv.find((a) => !a.startsWith('-'));
  const command = commands.find((c) => c.name === first);
  const unknown = /^Unknown arguments?: (.+)$/.exec(text);
  if (unknown) {
    const words = unknown[1]!.split(', ');
    if (!command && first !== undefined) {
      const close = suggestion(first, commands.map((c) => c.name));
      return runMessage('usage/unknown-command', `Unknown command "${first}"${close ? `; did you mean "${close}"?` : `; the commands are ${commands.map((c) => c.name).join(', ')}`}`);
    }
    const names = [...Object.keys(command?.options ?? {}), ...Object.keys(globalOptions), 'help', 'version'];
    const parts = words.map((w) => {
      const close = suggestion(w.replace(/^-+/, ''), names);
      return `--${w.replace(/^-+/, '')}${close ? ` (did you mean --${close}?)` : ''}`;
    });
    return runMessage('usage/unknown-option', `Unknown option${parts.length > 1 ? 's' : ''}${command ? ` for ${command.name}` : ''}: ${parts.join(', ')}`);
  }
  return runMessage(text === NO_COMMAND ? 'usage/unknown-command' : 'usage/invalid-value', text);
}

const cli = yargs(argv)
  .scriptName('speech-datasets')
  .options(globalOptions)
  .strict()
  .demandCommand(1, NO_COMMAND)
  .version(PIPELINE.version)
  .help()
  .wrap(Math.min(100, process.stdout.columns || 100))
  .fail((text, error) => {
    if (error) throw error;
    const out = new Output({ json: argv.includes('--json'), color: argv.includes('--no-color') ? false : argv.includes('--color') ? true : undefined });
    const message = usageMessage(text);
    out.message(message);
    out.data({ command: argv.find((a) => !a.startsWith('-')) ?? 'build', ok: false, exit_code: 2, messages: [message] });
    process.exit(2);
  });
for (const { module } of commands) cli.command(module);
await cli.parseAsync();
