/** `clean`: removes caches and temporary folders; published datasets only with --datasets. */
import type { Argv, CommandModule } from 'yargs';
import { clean } from '../clean.js';
import { pick, runCommand, withOptions, type GlobalArgs, type OptionTable } from './command.js';
import { shown } from './report.js';
import { buildOptions, lockWaitLog } from './build.js';

export const cleanOptions = {
  out: { type: 'string', describe: 'Folder the datasets are published into (staging folders left there by a killed build are removed)', defaultDescription: '"output"' },
  'cache-dir': { type: 'string', describe: 'Where the cache lives', defaultDescription: '".cache/speech-datasets"' },
  'keep-cache': { type: 'boolean', describe: 'Leave the cache alone' },
  datasets: { type: 'boolean', describe: 'Also remove the published datasets under --out (folders holding a SHA256SUMS)' },
  'dry-run': { type: 'boolean', describe: 'List what would be removed; remove nothing' },
  wait: buildOptions.wait,
} as const satisfies OptionTable;

interface CleanArgs extends GlobalArgs {
  out?: string;
  'cache-dir'?: string;
  'keep-cache'?: boolean;
  datasets?: boolean;
  'dry-run'?: boolean;
  wait?: number;
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

export const cleanCommand: CommandModule<GlobalArgs, CleanArgs> = {
  command: 'clean',
  describe: 'Remove the cache and temporary folders (published datasets only with --datasets)',
  builder: (yargs: Argv) =>
    withOptions<CleanArgs>(yargs, cleanOptions)
      .example('$0 clean --dry-run', 'What would be removed')
      .example('$0 clean', 'Remove the cache, staging folders of killed builds and leftovers of verify --fresh')
      .example('$0 clean --keep-cache --datasets', 'Remove the published datasets too, but keep the cache')
      .epilogue('While a build, merge or clean writes into --out, clean fails (or waits, with --wait): it never touches a running build\'s folders. Exit codes: 0 ok; 2 usage or configuration error; 74 something could not be removed; 75 another run is writing into --out.'),
  handler: (args) =>
    runCommand('clean', args, async ({ out, project, signal }) => {
      const report = await clean({
        out: pick(args.out, project.config.out),
        cacheDir: pick(args['cache-dir'], project.config.cacheDir),
        keepCache: args['keep-cache'] ?? false,
        datasets: args.datasets ?? false,
        dryRun: args['dry-run'] ?? false,
        wait: args.wait,
        signal,
        onLockWait: lockWaitLog(out),
      });
      const verb = report.dryRun ? 'would remove' : 'removed';
      for (const r of report.restored) out.result(`${report.dryRun ? 'would restore' : 'restored'} ${shown(r.path)} from ${shown(r.from)} (a build was killed while it published)`);
      for (const r of report.removed) out.result(`${verb} ${shown(r.path)}  (${r.kind}, ${mb(r.bytes)})`);
      for (const r of report.skipped) out.log(`left ${shown(r.path)}: ${r.reason}`);
      const total = report.removed.reduce((n, r) => n + r.bytes, 0);
      out.log(report.removed.length ? `${verb} ${report.removed.length} folder${report.removed.length === 1 ? '' : 's'}, ${mb(total)}` : 'nothing to remove');
      return {
        exitCode: 0,
        messages: [],
        data: {
          dry_run: report.dryRun,
          removed: report.removed.map((r) => ({ path: shown(r.path), kind: r.kind, bytes: r.bytes })),
          restored: report.restored.map((r) => ({ path: shown(r.path), from: shown(r.from) })),
          skipped: report.skipped.map((r) => ({ path: shown(r.path), reason: r.reason })),
        },
      };
    }, { interruptible: true }),
};
