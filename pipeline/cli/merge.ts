/** `merge`: one dataset per collection from the shard folders that `build --shard K/N` wrote. */
import type { Argv, CommandModule } from 'yargs';
import { merge } from '../run.js';
import { buildOptions, lockWaitLog, parseFormats } from './build.js';
import { pick, runCommand, withOptions, type GlobalArgs, type OptionTable } from './command.js';
import { EXIT_CODES } from './exit-codes.js';
import { ProgressView } from './progress.js';
import { reportBuild } from './report.js';

export const mergeOptions = {
  out: buildOptions.out,
  formats: buildOptions.formats,
  strict: buildOptions.strict,
  'allow-warning': buildOptions['allow-warning'],
  verbose: buildOptions.verbose,
  'git-commit': buildOptions['git-commit'],
  'csv-excel-safe': buildOptions['csv-excel-safe'],
  wait: buildOptions.wait,
} as const satisfies OptionTable;

interface MergeArgs extends GlobalArgs {
  shards: string[];
  out?: string;
  formats?: string;
  strict?: boolean;
  'allow-warning'?: string[];
  verbose?: boolean;
  'git-commit'?: string;
  'csv-excel-safe'?: boolean;
  wait?: number;
}

export const mergeCommand: CommandModule<GlobalArgs, MergeArgs> = {
  command: 'merge <shards..>',
  describe: 'Publish the datasets from the shard folders of `build --shard K/N` (the same bytes as one build of everything)',
  builder: (yargs: Argv) =>
    withOptions<MergeArgs>(yargs, mergeOptions)
      .positional('shards', { type: 'string', array: true, demandOption: true, describe: 'Folders holding shard folders (the --out of each shard build)' })
      .example('$0 merge shards/1 shards/2 shards/3', 'Publish into output/ what three shard builds made')
      .epilogue(`Every shard of a dataset must be there, made by the same pipeline from the same source.json. ${EXIT_CODES}`),
  handler: (args) =>
    runCommand('merge', args, async ({ out, project, signal }) => {
      const strict = pick(args.strict, project.config.strict) ?? false;
      const allowWarnings = pick(args['allow-warning'], project.config.allowWarnings) ?? [];
      const progress = new ProgressView(out);
      const report = await merge({
        shards: args.shards,
        out: pick(args.out, project.config.out),
        formats: parseFormats(args.formats) ?? project.config.formats,
        gitCommit: args['git-commit'] ?? null,
        strict,
        allowWarnings,
        signal,
        csvExcelSafe: pick(args['csv-excel-safe'], project.config.csvExcelSafe),
        wait: args.wait,
        onLockWait: lockWaitLog(out),
        onProgress: progress.update,
      }).finally(() => progress.stop());
      return reportBuild(out, report, { verbose: args.verbose ?? false, strict, allowWarnings });
    }, { publishes: true, interruptible: true }),
};
