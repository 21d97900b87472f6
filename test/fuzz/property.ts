/**
 * The shape of a property that both `npm test` (test/property.test.ts) and the
 * fuzz runner (`npm run fuzz`, test/fuzz/run.ts) run: one definition each, so
 * the two cannot drift apart. A property is a generator and a check that
 * throws (node:assert) when the invariant breaks; it never uses vitest's
 * `expect`, since the fuzz runner runs it outside vitest.
 */
import fc from 'fast-check';

export interface FuzzProperty<T = unknown> {
  /** Stable id: `FUZZ_ONLY` selects by it, and reports and case files carry it. */
  name: string;
  /** The describe() block it is listed under in npm test. */
  group: string;
  /** What holds, as the test's name. */
  title: string;
  arbitrary: fc.Arbitrary<T>;
  /** Throws when the invariant does not hold for `value`. */
  check(value: T): void | Promise<void>;
  /**
   * Cases per run: `test` in npm test (fixed seed, so each run checks the same
   * ones; 0 for a property too slow for it), `fuzz` in a fuzz run of 100,000
   * cases in all (scaled for another total).
   */
  runs: { test: number; fuzz: number };
}

/** A property of any value type, for lists; `property()` keeps T while one is written, so its check's parameter is typed. */
export type AnyProperty = FuzzProperty<any>;
export const property = <T>(p: FuzzProperty<T>): AnyProperty => p;

/** A bug in pipeline/ that a property found and that is not fixed yet (known-bugs.ts). */
export interface KnownBug {
  id: string;
  /** The bug in a line, for the name of its reproduction's test. */
  title: string;
  /** What goes wrong, where, and what should happen instead. */
  summary: string;
  /** Whether this bug explains `error`, thrown by property `property` on `value`. */
  explains(error: unknown, value: unknown, property: string): boolean;
  /** The smallest input that shows it: throws while the bug is there. */
  reproduce(): void | Promise<void>;
}

/** The open bug among `bugs` that explains a failure, if any; none under FUZZ_STRICT=1 or FC_STRICT=1, which tolerate nothing. */
export function explainedBy(bugs: readonly KnownBug[], error: unknown, value: unknown, property: string): KnownBug | undefined {
  if (process.env.FUZZ_STRICT === '1' || process.env.FC_STRICT === '1') return undefined;
  return bugs.find((b) => {
    try {
      return b.explains(error, value, property);
    } catch {
      // A matcher that cannot read this value does not explain it; the failure must show as it is.
      return false;
    }
  });
}

export interface CaseHooks {
  /** Open bugs: a failure one of them explains counts as a pass (see known-bugs.ts). */
  bugs?: readonly KnownBug[];
  /**
   * Called with each value just before its check; false skips the check. The
   * fuzz runner writes the case down here, so that a case which never returns
   * (a synchronous infinite loop cannot be interrupted) can still be shown, and
   * skips the cases it ran before a hang when it resumes.
   */
  before?(value: unknown): boolean | void;
  /** Called when an open bug (known-bugs.ts) explains a failure, which then counts as a pass. */
  known?(bug: KnownBug): void;
  /** Called when a check fails (and no open bug explains it), before fast-check hears of it. */
  failed?(error: unknown): void;
}

/** The fast-check property of `p`. */
export function toFastCheck(p: AnyProperty, hooks: CaseHooks = {}): fc.IAsyncProperty<[unknown]> {
  return fc.asyncProperty(p.arbitrary, async (value) => {
    if (hooks.before?.(value) === false) return;
    try {
      await p.check(value);
    } catch (error) {
      const bug = explainedBy(hooks.bugs ?? [], error, value, p.name);
      if (!bug) {
        hooks.failed?.(error);
        throw error;
      }
      hooks.known?.(bug);
    }
  });
}
