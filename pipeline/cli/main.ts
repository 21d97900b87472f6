#!/usr/bin/env node
/** The command line: a thin yargs layer over the library API. */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { PIPELINE } from '../version.js';
import { buildCommand } from './build.js';
import { mergeCommand } from './merge.js';

await yargs(hideBin(process.argv))
  .scriptName('speech-datasets')
  .command(buildCommand)
  .command(mergeCommand)
  .strict()
  .recommendCommands()
  .version(PIPELINE.version)
  .help()
  .fail((message, error) => {
    if (error) throw error;
    process.stderr.write(`error: ${message}\nRun with --help for the commands and options.\n`);
    process.exit(2);
  })
  .parseAsync();
