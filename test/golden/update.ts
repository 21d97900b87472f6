/**
 * Regenerates the expected output of every golden fixture from its own input:
 *   npm run golden
 * Review the diff before committing it: it is the behaviour change.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from '../../pipeline/index.js';
import { fixtureCases, fixturesDir } from './fixtures.js';

for (const name of fixtureCases()) {
  const out = join(fixturesDir, name, 'expected');
  rmSync(out, { recursive: true, force: true });
  const report = await build({ sources: join(fixturesDir, name, 'sources'), out, sourceDateEpoch: null, gitCommit: null });
  process.stdout.write(`${name}: exit ${report.exitCode}, ${report.datasets.map((d) => `${d.name} ${d.rows.paragraphs} paragraphs`).join(', ')}\n`);
}
