/** `inspect`: what a published dataset, or one of its table files, holds. */
import { existsSync } from 'node:fs';
import type { Argv, CommandModule } from 'yargs';
import { inspect, InspectError, renderInspect } from '../inspect.js';
import { ConfigError } from '../run.js';
import { runCommand, withOptions, type GlobalArgs, type OptionTable } from './command.js';

export const inspectOptions = {
  sample: { type: 'number', describe: 'Rows shown per table (0: none)', defaultDescription: '3' },
} as const satisfies OptionTable;

interface InspectArgs extends GlobalArgs {
  path: string;
  sample?: number;
}

export const inspectCommand: CommandModule<GlobalArgs, InspectArgs> = {
  command: 'inspect <path>',
  describe: 'Summarise a published dataset (rights, tables, columns, first rows, files, checksums) or one of its table files',
  builder: (yargs: Argv) =>
    withOptions<InspectArgs>(yargs, inspectOptions)
      .positional('path', { type: 'string', demandOption: true, describe: 'A dataset folder, or one of its .parquet, .jsonl, .csv or .arrow files' })
      .example('$0 inspect output/governance-of-china', 'The dataset: rights first, then each table')
      .example('$0 inspect output/governance-of-china/paragraphs.parquet --sample 1', 'One file, with the types it declares')
      .example('$0 inspect output/governance-of-china --json', 'The same, as JSON')
      .epilogue('Exit codes: 0 ok; 1 the dataset has problems (a checksum or a row count does not match) or the file is damaged; 2 not a dataset or a usage error.'),
  handler: (args) =>
    runCommand('inspect', args, async ({ out }) => {
      if (args.sample !== undefined && !(Number.isSafeInteger(args.sample) && args.sample >= 0)) {
        throw new ConfigError(`Expected \`--sample\` to be an integer from 0 and up, got ${args.sample}`);
      }
      try {
        const report = await inspect(args.path, { sample: args.sample });
        const problems = report.kind === 'dataset' ? report.problems.length + (report.checksums.ok ? 0 : 1) : 0;
        out.result(renderInspect(report, out.paintOut).trimEnd());
        return { exitCode: problems ? 1 : 0, messages: [], data: { report } };
      } catch (error) {
        if (!(error instanceof InspectError)) throw error;
        const message = error.toMessage();
        out.message(message);
        // Nothing to inspect, or a file of another kind, is a usage error; a damaged table file is a data problem.
        const usage = error.rule === 'verify/not-a-dataset' || !existsSync(args.path) || !/\.(parquet|jsonl|csv|arrow)$/.test(args.path);
        return { exitCode: usage ? 2 : 1, messages: [message], data: {} };
      }
    }),
};
