/** The commands, in the order --help lists them: written here, once. */
import type { CommandModule } from 'yargs';
import { buildCommand, buildOptions } from './build.js';
import { cleanCommand, cleanOptions } from './clean.js';
import type { OptionTable } from './command.js';
import { inspectCommand, inspectOptions } from './inspect.js';
import { mergeCommand, mergeOptions } from './merge.js';
import { validateCommand, validateOptions } from './validate.js';
import { verifyCommand, verifyOptions } from './verify.js';

/** Each command with the options it takes, which the suggestions for a mistyped option come from. */
export const commands: { name: string; module: CommandModule<any, any>; options: OptionTable }[] = [
  { name: 'build', module: buildCommand, options: buildOptions },
  { name: 'validate', module: validateCommand, options: validateOptions },
  { name: 'inspect', module: inspectCommand, options: inspectOptions },
  { name: 'verify', module: verifyCommand, options: verifyOptions },
  { name: 'clean', module: cleanCommand, options: cleanOptions },
  { name: 'merge', module: mergeCommand, options: mergeOptions },
];
