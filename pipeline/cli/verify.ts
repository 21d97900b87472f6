/** `verify`: checksums and metadata of published datasets, and with --fresh a rebuild compared byte for byte (the CI drift check). */
import type { Argv, CommandModule } from 'yargs';
import { verify } from '../verify.js';
import { inputOptions } from './build.js';
import { pick, runCommand, withOptions, type GlobalArgs, type OptionTable } from './command.js';
import { ProgressView } from './progress.js';
import { countLevels } from './report.js';

export const verifyOptions = {
  out: { type: 'string', describe: 'Folder the datasets are published into (without datasets named: verify each one in it)', defaultDescription: '"output"' },
  fresh: { type: 'boolean', describe: 'Also rebuild each dataset from its sources into a temporary folder and report every file that differs' },
  sources: inputOptions.sources,
  cache: inputOptions.cache,
  'cache-dir': inputOptions['cache-dir'],
  concurrency: inputOptions.concurrency,
} as const satisfies OptionTable;

interface VerifyArgs extends GlobalArgs {
  datasets?: string[];
  out?: string;
  fresh?: boolean;
  sources?: string;
  cache?: boolean;
  'cache-dir'?: string;
  concurrency?: number;
}

export const verifyCommand: CommandModule<GlobalArgs, VerifyArgs> = {
  command: 'verify [datasets..]',
  describe: 'Check published datasets against SHA256SUMS and their metadata; with --fresh, against a rebuild from the sources',
  builder: (yargs: Argv) =>
    withOptions<VerifyArgs>(yargs, verifyOptions)
      .positional('datasets', { type: 'string', array: true, describe: 'Dataset folders (default: every dataset under --out)' })
      .example('$0 verify', 'Every dataset under output/, as sha256sum -c would, plus its metadata')
      .example('$0 verify output/governance-of-china', 'One dataset you downloaded')
      .example('$0 verify --fresh', 'The CI drift check: the committed datasets are exactly what the sources build into')
      .epilogue('Exit codes: 0 every check passed; 1 a file differs, is missing or is not listed (with --fresh: or a collection has no dataset); 2 not a dataset, no sources to rebuild from, another Unicode version, or a usage error; 70 internal error; 74 a file could not be read; 130/143 --fresh interrupted (without --fresh a signal ends it at once).'),
  handler: (args) =>
    runCommand('verify', args, async ({ out, project, signal }) => {
      const progress = new ProgressView(out);
      const report = await verify({
        out: pick(args.out, project.config.out),
        datasets: args.datasets?.length ? args.datasets : undefined,
        fresh: args.fresh ?? false,
        sources: pick(args.sources, project.config.sources),
        cache: pick(args.cache, project.config.cache),
        cacheDir: pick(args['cache-dir'], project.config.cacheDir),
        concurrency: pick(args.concurrency, project.config.concurrency),
        signal,
        onProgress: progress.update,
      }).finally(() => progress.stop());
      for (const m of report.messages) out.message(m);
      for (const d of report.datasets) {
        const fresh = d.fresh ? `; ${d.fresh.differing ? `${d.fresh.differing} of ${d.fresh.compared} files differ from a fresh build` : `a fresh build is identical, all ${d.fresh.compared} files with SHA256SUMS`}` : '';
        const mark = d.ok ? out.paintOut.ok('ok') : out.paintOut.bad('FAILED');
        out.result(`${d.dir}: ${mark}, ${d.checked} files match SHA256SUMS${d.ok ? '' : `, ${d.messages.length} problem${d.messages.length === 1 ? '' : 's'}`}${fresh}`);
      }
      return {
        exitCode: report.exitCode,
        messages: report.messages,
        data: {
          datasets: report.datasets.map((d) => ({ name: d.name, path: d.dir, ok: d.ok, checked: d.checked, fresh: d.fresh })),
          counts: countLevels(report.messages),
        },
      };
    }, { interruptible: args.fresh ?? false }),
};
