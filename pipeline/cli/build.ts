/** `build`: every dataset from the sources folder into the output folder. */
import { relative } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { build, ConfigError, FORMATS, isIoError, type BuildReport, type Format } from '../run.js';
import { catalogue, formatMessage } from '../messages.js';
import { EXIT_CODES } from './exit-codes.js';

interface BuildArgs {
  sources: string;
  out: string;
  only?: string[];
  formats?: string;
  concurrency?: number;
  'git-commit'?: string;
  cache: boolean;
  'cache-dir'?: string;
  shard?: string;
  quiet: boolean;
}

export const buildCommand: CommandModule<object, BuildArgs> = {
  command: ['build', '$0'],
  describe: 'Build every dataset from the sources folder into the output folder',
  builder: (yargs: Argv) =>
    yargs
      .option('sources', { type: 'string', default: 'sources', describe: 'Folder holding one folder per collection' })
      .option('out', { type: 'string', default: 'output', describe: 'Folder the datasets are published into' })
      .option('only', { type: 'string', array: true, describe: 'Build only these datasets (folder names)' })
      .option('formats', { type: 'string', describe: `Comma-separated formats to write (${FORMATS.join(',')})` })
      .option('concurrency', { type: 'number', describe: 'Worker threads for the file stages (default: available cores); never changes the output' })
      .option('cache', { type: 'boolean', default: true, describe: 'Reuse the results of unchanged files (--no-cache: process every file again); never changes the output' })
      .option('cache-dir', { type: 'string', describe: 'Where the cache lives (default: .cache/speech-datasets)' })
      .option('shard', { type: 'string', describe: 'Process only shard K of N (K/N) into shard folders under --out, for `merge`' })
      .option('git-commit', { type: 'string', describe: 'Commit of the pipeline code, recorded in provenance.json' })
      .option('quiet', { type: 'boolean', default: false, describe: 'Print errors only' })
      .example('$0 build', 'Build everything under sources/ into output/')
      .example('$0 build --only governance-of-china --formats jsonl,csv', 'One dataset, two formats')
      .example('$0 build --shard 2/7 --out shards/2', 'The second of seven shards; then `merge shards/*` publishes all seven')
      .epilogue(EXIT_CODES) as unknown as Argv<BuildArgs>,
  async handler(args) {
    await runCommand(args, () =>
      build({
        sources: args.sources,
        out: args.out,
        only: args.only,
        formats: parseFormats(args.formats),
        concurrency: args.concurrency,
        gitCommit: args['git-commit'] ?? null,
        cache: args.cache,
        cacheDir: args['cache-dir'],
        shard: args.shard ?? null,
      }),
    );
  },
};

export const parseFormats = (formats: string | undefined): Format[] | undefined =>
  formats === undefined ? undefined : (formats.split(',').map((f) => f.trim()) as Format[]);

/** Runs a build-like command and prints its report: messages and a summary per dataset on stderr; sets the exit code. */
export async function runCommand(args: { quiet: boolean }, run: () => Promise<BuildReport>): Promise<void> {
  let report: BuildReport;
  try {
    report = await run();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`error: ${error.message}\n`);
      process.exitCode = 2;
    } else if (isIoError(error)) {
      process.stderr.write(`error: cannot write the output (${error.code}: ${error.message}); nothing was published, and what was published before is kept\n`);
      process.exitCode = 74;
    } else {
      process.stderr.write(`internal error: ${(error as Error).stack ?? String(error)}\nThis is a bug in the pipeline: please report it.\n`);
      process.exitCode = 70;
    }
    return;
  }
  for (const problem of report.problems) {
    process.stderr.write(`${problem.file}  error  ${problem.message}  source/invalid-config\n    hint: ${catalogue['source/invalid-config'].hint}\n`);
  }
  for (const failure of report.failures) {
    if (isIoError(failure.error)) {
      process.stderr.write(`${failure.name}: cannot write the dataset (${failure.error.code}: ${failure.error.message}); nothing was published, and what was published before is kept\n`);
    } else {
      process.stderr.write(`${failure.name}: internal error, nothing published: ${failure.error.stack ?? failure.error.message}\n    This is a bug in the pipeline: please report it.\n`);
    }
  }
  for (const shard of report.shards) {
    for (const m of shard.rejected) process.stderr.write(`${formatMessage(m)}\n`);
    if (!args.quiet) {
      const rejected = shard.rejected.length ? `, ${new Set(shard.rejected.map((m) => m.file)).size} rejected (merge reports every message)` : '';
      process.stderr.write(`${shard.name}: ${shard.files} files processed${rejected} → ${relative(process.cwd(), shard.dir) || '.'}\n`);
    }
  }
  for (const dataset of report.datasets) {
    for (const m of dataset.messages) {
      if (args.quiet && m.level !== 'error') continue;
      process.stderr.write(`${formatMessage(m)}\n`);
    }
    const published = dataset.inputs.filter((i) => i.status === 'published').length;
    const rejected = dataset.inputs.length - published;
    if (!dataset.published) {
      process.stderr.write(`${dataset.name}: every input was rejected; nothing was published and the dataset published before, if any, is kept\n`);
    } else if (!args.quiet) {
      process.stderr.write(
        `${dataset.name}: ${published} of ${dataset.inputs.length} files published${rejected ? `, ${rejected} rejected (see rejected.jsonl)` : ''}; ` +
          `${dataset.rows.documents} documents, ${dataset.rows.paragraphs} paragraphs, ${dataset.rows.notes} notes → ${relative(process.cwd(), dataset.dir) || '.'}\n`,
      );
    }
  }
  if (report.cache.error && !args.quiet) process.stderr.write(`warning: the cache could not store results (${report.cache.error}); the build went on without it\n`);
  if (!args.quiet && report.cache.hits > 0) process.stderr.write(`cache: ${report.cache.hits} of ${report.cache.hits + report.cache.misses} files unchanged, their results reused\n`);
  process.exitCode = report.exitCode;
}
