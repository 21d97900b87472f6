/**
 * Bugs the properties have found in pipeline/ that are not fixed yet. While
 * one is open, a case that fails *because of it* is counted, not failed, so
 * that npm test stays green and a fuzz run reports what is new; everything
 * else about such a case is unchecked, which is the price of tolerating it.
 * FUZZ_STRICT=1 (or FC_STRICT=1 in npm test) tolerates nothing. The list is
 * exported by properties.ts beside the properties, so a runner gets both
 * from one module (and the runner's own test fixture needs no pipeline).
 *
 * Each entry carries its minimal reproduction, which test/property.test.ts
 * runs as a test that is expected to fail: once the bug is fixed that test
 * fails, and the entry (with its test) is to be deleted.
 */
import type { KnownBug } from './property.js';

/** None open. The eight the properties found on 2026-11-30 are fixed; their reproductions are in test/regressions.test.ts. */
export const knownBugs: KnownBug[] = [];
