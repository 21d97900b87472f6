/** `build`: every dataset from the sources folder into the output folder. */
import type { Argv, CommandModule } from 'yargs';
import { build, FORMATS, type BuildOptions, type Format } from '../run.js';
import { pick, runCommand, withOptions, type Context, type GlobalArgs, type OptionTable } from './command.js';
import { EXIT_CODES } from './exit-codes.js';
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
} as const satisfies OptionTable;

export const buildOptions = {
  ...inputOptions,
  out: { type: 'string', describe: 'Folder the datasets are published into', defaultDescription: '"output"' },
  formats: { type: 'string', describe: `Comma-separated formats to write (${FORMATS.join(',')})`, defaultDescription: 'all' },
  shard: { type: 'string', describe: 'Process only shard K of N (K/N) into shard folders under --out, for `merge`' },
  'git-commit': { type: 'string', describe: 'Commit of the pipeline code, recorded in provenance.json' },
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
}

interface BuildArgs extends InputArgs {
  out?: string;
  formats?: string;
  shard?: string;
  'git-commit'?: string;
}

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
        onProgress: progress.update,
      }).finally(() => progress.stop());
      return reportBuild(out, report, { verbose: args.verbose ?? false, ...settings });
    }, { publishes: true, interruptible: true }),
};
