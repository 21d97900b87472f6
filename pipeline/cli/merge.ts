/** `merge`: one dataset per collection from the shard folders that `build --shard K/N` wrote. */
import type { Argv, CommandModule } from 'yargs';
import { FORMATS, merge } from '../run.js';
import { parseFormats, runCommand } from './build.js';
import { EXIT_CODES } from './exit-codes.js';

interface MergeArgs {
  shards: string[];
  out: string;
  formats?: string;
  'git-commit'?: string;
  quiet: boolean;
}

export const mergeCommand: CommandModule<object, MergeArgs> = {
  command: 'merge <shards..>',
  describe: 'Publish the datasets from the shard folders of `build --shard K/N` (the same bytes as one build of everything)',
  builder: (yargs: Argv) =>
    yargs
      .positional('shards', { type: 'string', array: true, demandOption: true, default: undefined, describe: 'Folders holding shard folders (the --out of each shard build)' })
      .option('out', { type: 'string', default: 'output', describe: 'Folder the datasets are published into' })
      .option('formats', { type: 'string', describe: `Comma-separated formats to write (${FORMATS.join(',')})` })
      .option('git-commit', { type: 'string', describe: 'Commit of the pipeline code, recorded in provenance.json' })
      .option('quiet', { type: 'boolean', default: false, describe: 'Print errors only' })
      .example('$0 merge shards/1 shards/2 shards/3', 'Publish into output/ what three shard builds made')
      .epilogue(`Every shard of a dataset must be there, made by the same pipeline from the same source.json. ${EXIT_CODES}`) as unknown as Argv<MergeArgs>,
  async handler(args) {
    await runCommand(args, () =>
      merge({ shards: args.shards, out: args.out, formats: parseFormats(args.formats), gitCommit: args['git-commit'] ?? null }),
    );
  },
};
