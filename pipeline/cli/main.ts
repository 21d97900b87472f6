#!/usr/bin/env node
/** The command line: a thin yargs layer over the library API. */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { PIPELINE } from '../version.js';
import { buildCommand } from './build.js';

await yargs(hideBin(process.argv))
  .scriptName('speech-datasets')
  .command(buildCommand)
  .strict()
  .recommendCommands()
  .version(PIPELINE.version)
  .help()
  .epilogue('Exit codes: 0 ok; 1 some input was rejected (see rejected.jsonl); 2 usage or configuration error.')
  .fail((message, error, y) => {
    if (error) throw error;
    process.stderr.write(`${y.help()}\n\nerror: ${message}\n`);
    process.exit(2);
  })
  .parseAsync();
