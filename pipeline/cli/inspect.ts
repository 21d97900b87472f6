/** `inspect`: what a published dataset, or one of its table files, holds. */
import { existsSync } from 'node:fs';
import type { Argv, CommandModule } from 'yargs';
import { SUMS_FILE } from '../checksums.js';
import { inspect, InspectError, renderInspect, type InspectedDataset, type InspectedFile } from '../inspect.js';
import { createMessage, type Message } from '../messages.js';
import { ConfigError } from '../run.js';
import { runCommand, withOptions, type GlobalArgs, type OptionTable } from './command.js';

export const inspectOptions = {
  sample: { type: 'number', describe: 'Rows shown per table (0: none)', defaultDescription: '3' },
} as const satisfies OptionTable;

interface InspectArgs extends GlobalArgs {
  path: string;
  sample?: number;
}

/** What the summary says is wrong, as catalogued messages (the text shows it in place too). */
function datasetMessages(report: InspectedDataset): Message[] {
  const at = (file: string) => `${report.path}/${file}`;
  const { checksums } = report;
  return [
    ...(checksums.found ? [] : [createMessage('verify/missing-file', 'inspect', at(SUMS_FILE), 'The dataset has no SHA256SUMS, so no file can be checked')]),
    ...checksums.malformed_lines.map((line) => createMessage('verify/malformed-sums', 'inspect', at(SUMS_FILE), `Line ${line} of SHA256SUMS is not "<sha256>  <path>"`, { line })),
    ...checksums.mismatched.map((f) => createMessage('verify/checksum-mismatch', 'inspect', at(f), `${f} differs from its SHA-256 in SHA256SUMS`)),
    ...checksums.missing.map((f) => createMessage('verify/missing-file', 'inspect', at(f), `SHA256SUMS lists ${f}, which is not there`)),
    ...checksums.unlisted.map((f) => createMessage('verify/unlisted-file', 'inspect', at(f), `${f} is not listed in SHA256SUMS`)),
    ...report.problems.map((p) => createMessage('inspect/inconsistent', 'inspect', report.path, p)),
  ];
}

function fileMessages(report: InspectedFile): Message[] {
  const checksum = report.dataset?.checksum;
  if (checksum === 'mismatch') return [createMessage('verify/checksum-mismatch', 'inspect', report.path, 'The file differs from its SHA-256 in the SHA256SUMS beside it')];
  if (checksum === 'unlisted') return [createMessage('verify/unlisted-file', 'inspect', report.path, 'The SHA256SUMS beside the file does not list it')];
  return [];
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
      .epilogue('Exit codes: 0 ok; 1 the dataset has problems (a checksum or a row count does not match; each is reported with its rule id) or the file is damaged; 2 not a dataset, not a table file, or a usage error; 74 a file could not be read.'),
  handler: (args) =>
    runCommand('inspect', args, async ({ out }) => {
      if (args.sample !== undefined && !(Number.isSafeInteger(args.sample) && args.sample >= 0)) {
        throw new ConfigError(`Expected \`--sample\` to be an integer from 0 and up, got ${args.sample}`);
      }
      try {
        const report = await inspect(args.path, { sample: args.sample });
        out.result(renderInspect(report, out.paintOut).trimEnd());
        const messages = report.kind === 'dataset' ? datasetMessages(report) : fileMessages(report);
        for (const m of messages) out.message(m);
        return { exitCode: messages.length ? 1 : 0, messages, data: { report } };
      } catch (error) {
        if (!(error instanceof InspectError)) throw error;
        const message = error.toMessage();
        out.message(message);
        // Nothing to inspect, or a file of another kind, is a usage error; a damaged table file is a data problem.
        const usage = error.rule === 'verify/not-a-dataset' || !existsSync(args.path) || !/\.(parquet|jsonl|csv|arrow)$/.test(args.path);
        return { exitCode: usage ? 2 : 1, messages: [message], data: {} };
      }
    }, { ignoresConfig: true }),
};
