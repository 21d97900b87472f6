/** The report of a build or a merge: messages on stderr, one result line per dataset on stdout, and the JSON summary's part. */
import { StagedCheckError } from '../check-folder.js';
import { describeHolder } from '../lock.js';
import { createMessage, type Message } from '../messages.js';
import { failingWarnings, isIoError, type BuildReport } from '../run.js';
import { runMessage, type Outcome } from './command.js';
import type { Output } from './output.js';

import { problemMessage, shownPath } from '../sources.js';

export const shown = shownPath;


export function countLevels(messages: readonly Message[]) {
  const counts = { errors: 0, warnings: 0, infos: 0 };
  for (const m of messages) counts[m.level === 'error' ? 'errors' : m.level === 'warning' ? 'warnings' : 'infos']++;
  return counts;
}

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Infos are recorded in provenance.json; a person sees them with --verbose. */
export const visible = (m: Message, verbose: boolean) => verbose || m.level !== 'info';

/** Says which warnings failed a strict run, and how to let them pass. */
export function strictLine(failing: readonly Message[]): string {
  const rules = [...new Set(failing.map((m) => m.rule))].sort();
  return `--strict: ${plural(failing.length, 'warning')} fail the run (${rules.join(', ')}); let a rule pass with --allow-warning <rule>`;
}

export function reportBuild(out: Output, report: BuildReport, options: { verbose: boolean; strict: boolean; allowWarnings: string[] }): Outcome {
  const messages: Message[] = report.problems.map(problemMessage);
  for (const m of messages) out.message(m);
  const { recovered } = report;
  if (recovered.tookOver) out.log(`took over the lock of ${describeHolder(recovered.tookOver)}, which ended without removing it`);
  for (const r of recovered.restored) out.log(`put back ${shown(r.path)} from ${shown(r.from)}: a run was killed while it published`);
  for (const path of recovered.leftovers) out.log(`removed ${shown(path)}, left by a run that was killed`);
  for (const failure of report.failures) {
    const m = isIoError(failure.error)
      ? createMessage('output/unwritable', 'cli', '', `Cannot write the dataset ${failure.name} (${failure.error.code}: ${failure.error.message}); nothing was published, and what was published before is kept`)
      : failure.error instanceof StagedCheckError
        ? createMessage('output/check-failed', 'cli', '', failure.error.message)
        : createMessage('internal/crash', 'cli', '', `Dataset ${failure.name}: ${failure.error.stack ?? failure.error.message}`);
    out.message(m);
    messages.push(m);
  }
  for (const shard of report.shards) {
    for (const m of shard.rejected) {
      out.message(m);
      messages.push(m);
    }
    const rejected = shard.rejected.length ? `, ${new Set(shard.rejected.map((m) => m.file)).size} rejected (merge reports every message)` : '';
    out.result(`${shard.name}: ${shard.files} files processed${rejected} → ${shown(shard.dir)}`);
  }
  const failing: Message[] = [];
  for (const dataset of report.datasets) {
    for (const m of dataset.messages) {
      if (visible(m, options.verbose)) out.message(m);
      messages.push(m);
    }
    for (const m of failingWarnings(dataset.messages, options)) failing.push(m);
    const published = dataset.inputs.filter((i) => i.status === 'published').length;
    const rejected = dataset.inputs.length - published;
    if (!dataset.published) {
      const m = createMessage('dataset/nothing-published', 'cli', shown(dataset.dir), `Every input of ${dataset.name} was rejected (${plural(dataset.inputs.length, 'file')}); nothing was published, and the dataset published before, if any, is kept`);
      out.message(m);
      messages.push(m);
    } else {
      out.result(
        `${dataset.name}: ${published} of ${dataset.inputs.length} files published${rejected ? `, ${rejected} rejected (see rejected.jsonl)` : ''}; ` +
          `${plural(dataset.rows.documents!, 'document')}, ${plural(dataset.rows.paragraphs!, 'paragraph')}, ${plural(dataset.rows.notes!, 'note')} → ${shown(dataset.dir)}`,
      );
    }
  }
  if (report.lockLost) {
    const m = createMessage('output/lock-lost', 'cli', '', report.lockLost);
    out.message(m);
    messages.push(m);
  }
  if (failing.length) out.log(strictLine(failing));
  if (report.cache.error) {
    const m = runMessage('cache/unwritable', `The cache could not store results (${report.cache.error}); the build went on without it`);
    out.message(m);
    messages.push(m);
  }
  if (report.cache.hits > 0) out.log(`cache: ${report.cache.hits} of ${report.cache.hits + report.cache.misses} files unchanged, their results reused`);
  return {
    exitCode: report.exitCode,
    messages,
    data: {
      datasets: report.datasets.map((d) => ({
        name: d.name,
        path: shown(d.dir),
        published: d.published,
        files: d.inputs.length,
        published_files: d.inputs.filter((i) => i.status === 'published').length,
        rejected_files: d.inputs.filter((i) => i.status === 'rejected').length,
        rows: d.rows,
        outputs: d.outputs.map(({ path, bytes, sha256 }) => ({ path, bytes, sha256 })),
      })),
      ...(report.shards.length ? { shards: report.shards.map((s) => ({ name: s.name, path: shown(s.dir), files: s.files, rejected_files: new Set(s.rejected.map((m) => m.file)).size })) } : {}),
      cache: { hits: report.cache.hits, misses: report.cache.misses },
      counts: countLevels(messages),
      strict_failures: failing.length,
    },
  };
}
