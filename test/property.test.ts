/**
 * Invariants over generated input (fast-check). The properties themselves are
 * in test/fuzz/properties.ts, shared with `npm run fuzz`, which runs 100,000
 * cases with a new seed under a watchdog that catches hangs (test/fuzz/run.ts);
 * here each runs its `runs.test` cases, about 20,000 in all (FC_RUNS=n gives
 * every property n). The seed is fixed, so npm test and CI check the same
 * cases on every run; FC_SEED=random (or a number) explores others, and a
 * failure prints its seed and path.
 *
 * A failure that an open bug explains (test/fuzz/known-bugs.ts) is tolerated
 * and noted on the test; FC_STRICT=1 tolerates none. Each open bug's
 * reproduction runs below as a test expected to fail: when it passes, the bug
 * is fixed, and its entry goes.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { knownBugs, properties } from './fuzz/properties.js';
import { toFastCheck } from './fuzz/property.js';

const seed = process.env.FC_SEED === 'random' ? Date.now() ^ process.pid : Number(process.env.FC_SEED ?? 20261130);
/** FC_RUNS=n: n cases for every property instead (a long run in vitest, as the README shows; npm run fuzz adds the hang watchdog). */
const runsOverride = process.env.FC_RUNS ? Number(process.env.FC_RUNS) : null;

for (const group of new Set(properties.map((p) => p.group))) {
  describe(group, () => {
    // A property with no npm-test runs (too slow per case) runs only under npm run fuzz, or with FC_RUNS.
    for (const p of properties.filter((q) => q.group === group && (q.runs.test > 0 || runsOverride))) {
      it(p.title, async ({ annotate }) => {
        const tolerated = new Map<string, number>();
        await fc.assert(toFastCheck(p, { bugs: knownBugs, known: (bug) => tolerated.set(bug.id, (tolerated.get(bug.id) ?? 0) + 1) }), { seed, numRuns: runsOverride ?? p.runs.test });
        for (const [id, n] of tolerated) await annotate(`${n} case(s) failed on open bug ${id} (test/fuzz/known-bugs.ts)`);
        // A long FC_RUNS run takes as long as it takes.
      }, runsOverride ? 24 * 3600_000 : undefined);
    }
  });
}

// Open bugs the properties found (test/fuzz/known-bugs.ts): each reproduction is expected to fail until the bug is fixed; then its entry goes, and the reproduction becomes a test in test/regressions.test.ts.
if (knownBugs.length > 0) {
  describe('open bugs the properties found', () => {
    for (const bug of knownBugs) it.fails(`${bug.id}: ${bug.title}`, () => bug.reproduce());
  });
}
