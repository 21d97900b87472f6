/** `build`: every dataset from the sources folder into the output folder. */
import type { Argv, CommandModule } from 'yargs';
import { build, FORMATS, type BuildOptions, type Format } from '../run.js';
import { pick, runCommand, withOptions, type Context, type GlobalArgs, type OptionTable } from './command.js';
import { EXIT_CODES } from './exit-codes.js';
import type { Output } from './output.js';
import { describeHolder, type LockHolder } from '../lock.js';
import { ProgressView } from './progress.js';
import { reportBuild } from './report.js';

/** The options that choose the inputs and how they are processed: build and validate share them. */
export const inputOptions = {
  sources: { type: 'string', describe: 'Folder holding one folder per collection', defaultDescription: '"sources"' },
  only: { type: 'string', array: true, describe: 'Only these datasets (source folder names)', defaultDescription: 'all' },
  concurrency: { type: 'number', describe: 'Worker threads for the file stages; never changes the output', defaultDescription: 'available cores' },
  cache: { type: 'boolean', describe: 'Reuse the results of unchanged files (--no-cache: process every file again); never changes the output', defaultDescription: 'true' },
  'cache-dir': { type: 'string', describe: 'Where the cache lives', defaultDescription: '".cache/speech-datasets"' },
  strict: { type: 'boolean', describe: 'Warnings fail the run too (exit code 1); with build, the datasets are still published', defaultDescription: 'false' },
  'allow-warning': { type: 'string', array: true, describe: 'A rule id whose warnings --strict lets pass (repeatable), e.g. rights/not-open' },
  verbose: { type: 'boolean', describe: 'Also print info messages (they are always recorded in provenance.json)' },
  'max-file-size': { type: 'string', describe: 'Reject, unread, files larger than this: bytes, or e.g. 512KiB, 64MiB, 200MB', defaultDescription: '"64MiB"' },
  'follow-external-links': { type: 'boolean', describe: 'Follow links in raw/ that lead outside the sources folder', defaultDescription: 'false' },
} as const satisfies OptionTable;

export const buildOptions = {
  ...inputOptions,
  out: { type: 'string', describe: 'Folder the datasets are published into', defaultDescription: '"output"' },
  formats: { type: 'string', describe: `Comma-separated formats to write (${FORMATS.join(',')})`, defaultDescription: 'all' },
  shard: { type: 'string', describe: 'Process only shard K of N (K/N) into shard folders under --out, for `merge`' },
  'git-commit': { type: 'string', describe: 'Commit of the pipeline code, recorded in provenance.json' },
  'csv-excel-safe': { type: 'boolean', describe: 'Give CSV cells that begin with = + - @ tab or CR a leading apostrophe, so spreadsheets do not run them as formulas', defaultDescription: 'false: the exact text' },
  wait: { type: 'number', describe: 'When another run is writing into --out, wait up to this many seconds for it to finish', defaultDescription: '0: fail at once (exit code 75)' },
} as const satisfies OptionTable;

export interface InputArgs extends GlobalArgs {
  sources?: string;
  only?: string[];
  concurrency?: number;
  cache?: boolean;
  'cache-dir'?: string;
  strict?: boolean;
  'allow-warning'?: string[];
  verbose?: boolean;
  'max-file-size'?: string;
  'follow-external-links'?: boolean;
}

interface BuildArgs extends InputArgs {
  out?: string;
  formats?: string;
  shard?: string;
  'git-commit'?: string;
  'csv-excel-safe'?: boolean;
  wait?: number;
}

/** Says, once, that the run waits for another one to let go of the output folder. */
export const lockWaitLog = (out: Output) => (holder: LockHolder | null) =>
  out.log(`waiting for ${holder ? describeHolder(holder) : 'another run'} to finish writing into the output folder…`);

export const parseFormats = (formats: string | undefined): Format[] | undefined =>
  formats === undefined ? undefined : (formats.split(',').map((f) => f.trim()) as Format[]);

/** The library options that flags and the configuration file give, flags first. */
export function inputSettings(args: InputArgs, { project, signal }: Context) {
  const config = project.config;
  return {
    sources: pick(args.sources, config.sources),
    only: pick(args.only, config.only),
    concurrency: pick(args.concurrency, config.concurrency),
    cache: pick(args.cache, config.cache),
    cacheDir: pick(args['cache-dir'], config.cacheDir),
    strict: pick(args.strict, config.strict) ?? false,
    allowWarnings: pick(args['allow-warning'], config.allowWarnings) ?? [],
    maxFileSize: pick(args['max-file-size'], config.maxFileSize),
    followExternalLinks: pick(args['follow-external-links'], config.followExternalLinks),
    signal,
  } satisfies BuildOptions;
}

export const buildCommand: CommandModule<GlobalArgs, BuildArgs> = {
  command: 'build',
  describe: 'Build every dataset from the sources folder into the output folder',
  builder: (yargs: Argv) =>
    withOptions<BuildArgs>(yargs, buildOptions)
      .example('$0 build', 'Build everything under sources/ into output/')
      .example('$0 build --only governance-of-china --formats jsonl,csv', 'One dataset, two formats')
      .example('$0 build --strict --allow-warning rights/not-open', 'Fail on any warning but the one about rights')
      .example('$0 build --json > summary.json', 'The summary as JSON, for scripts')
      .example('$0 build --csv-excel-safe', 'CSV files that spreadsheets open without running formulas')
      .example('$0 build --shard 2/7 --out shards/2', 'The second of seven shards; then `merge shards/*` publishes all seven')
      .epilogue(EXIT_CODES),
  handler: (args) =>
    runCommand('build', args, async (context) => {
      const { out, project } = context;
      const settings = inputSettings(args, context);
      const progress = new ProgressView(out);
      const report = await build({
        ...settings,
        out: pick(args.out, project.config.out),
        // A shard writes no formats: the configured ones are for the merge.
        formats: parseFormats(args.formats) ?? (args.shard === undefined ? project.config.formats : undefined),
        gitCommit: args['git-commit'] ?? null,
        shard: args.shard ?? null,
        csvExcelSafe: pick(args['csv-excel-safe'], project.config.csvExcelSafe),
        wait: args.wait,
        onLockWait: lockWaitLog(out),
        onProgress: progress.update,
      }).finally(() => progress.stop());
      return reportBuild(out, report, { verbose: args.verbose ?? false, ...settings });
    }, { publishes: true, interruptible: true }),
};
