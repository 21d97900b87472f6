/** `validate`: checks the sources as a build would, writes nothing, and reports like a linter. */
import type { Argv, CommandModule } from 'yargs';
import type { Message } from '../messages.js';
import { validate } from '../validate.js';
import { inputOptions, inputSettings, type InputArgs } from './build.js';
import type { Output } from './output.js';
import { ProgressView } from './progress.js';
import { runCommand, withOptions, type GlobalArgs, type OptionTable } from './command.js';
import { countLevels, plural, strictLine, visible } from './report.js';

export const validateOptions = {
  ...inputOptions,
  format: { type: 'string', choices: ['text', 'json'], describe: 'The report as text on stderr, or instead as JSON on stdout (the same as --json)', defaultDescription: '"text"' },
} as const satisfies OptionTable;

interface ValidateArgs extends InputArgs {
  format?: 'text' | 'json';
}


/** Messages grouped by file, a blank line between files, as linters print them. */
function printGrouped(out: Output, messages: readonly Message[]): void {
  let file: string | null = null;
  for (const m of messages) {
    if (file !== null && m.file !== file) out.log('');
    file = m.file;
    out.message(m);
  }
}

export const validateCommand: CommandModule<GlobalArgs, ValidateArgs> = {
  command: 'validate',
  describe: 'Check the sources as a build would, without writing anything; report every problem by file, line and column',
  builder: (yargs: Argv) =>
    withOptions<ValidateArgs>(yargs, validateOptions)
      .example('$0 validate', 'Check every source folder')
      .example('$0 validate --only governance-of-china --strict', 'One dataset; warnings fail too')
      .example('$0 validate --format json | jq ".messages[] | select(.level == \\"error\\")"', 'The errors, for a script')
      .epilogue(`Exit codes: 0 every file would be published; 1 some file would be rejected (or, with --strict, warned about); 2 usage or configuration error; 70 internal error; 74 a file could not be read; 130 interrupted (Ctrl-C); 143 terminated (SIGTERM). Nothing is written, not even the cache (which is read).`),
  handler: (args) =>
    runCommand('validate', { ...args, json: args.json || args.format === 'json' }, async (context) => {
      const { out } = context;
      const settings = inputSettings(args, context);
      const progress = new ProgressView(out);
      const report = await validate({ ...settings, onProgress: progress.update }).finally(() => progress.stop());
      const verbose = args.verbose ?? false;
      const { messages, failing } = report;
      // With JSON asked for, the JSON is the report: the text one is not printed beside it.
      const text = !out.json;
      if (text) printGrouped(out, messages.filter((m) => visible(m, verbose)));
      const counts = countLevels(messages);
      const files = report.datasets.reduce((n, d) => n + d.files, 0);
      const rejected = report.datasets.reduce((n, d) => n + d.rejected, 0);
      const withProblems = new Set(messages.filter((m) => m.level !== 'info' && m.file !== '').map((m) => m.file)).size;
      if (text && messages.some((m) => visible(m, verbose))) out.log('');
      if (text && failing.length) out.log(strictLine(failing));
      // An interrupted check has no summary: the interrupt is reported instead.
      if (text && !report.interrupted) {
        const mark = report.exitCode === 0 ? out.paint.ok('✔') : out.paint.bad('✖');
        const outcome = [
          rejected ? `${plural(rejected, 'file')} would be rejected` : `every file ${report.problems.length ? 'read ' : ''}would be published`,
          ...(report.problems.length ? [`${plural(new Set(report.problems.map((p) => p.name)).size, 'source folder')} could not be read`] : []),
          ...(report.failures.length ? [`${plural(report.failures.length, 'dataset')} failed on a bug`] : []),
        ];
        out.log(
          `${mark} ${plural(files, 'file')} in ${plural(report.datasets.length, 'dataset')} checked: ${plural(counts.errors, 'error')}, ${plural(counts.warnings, 'warning')}` +
            `${verbose ? `, ${plural(counts.infos, 'info')}` : ''} in ${plural(withProblems, 'file')}; ${outcome.join('; ')}`,
        );
      }
      return {
        exitCode: report.exitCode,
        messages,
        data: {
          datasets: report.datasets.map((d) => ({ name: d.name, files: d.files, published_files: d.published, rejected_files: d.rejected, rows: d.rows })),
          counts,
          strict_failures: failing.length,
        },
      };
    }, { interruptible: true }),
};
