/**
 * pandas reads our CSV and JSON Lines with the README's calls and gets the
 * exact rows. CI installs pandas (.ci/run); elsewhere the test is skipped
 * with a notice, unless CI is set, where a missing pandas fails the run.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writers } from '../pipeline/index.js';
import { tables, paragraphsTable, type TableDef } from '../schemas/tables.js';
import { committedOutput, tempDir } from './helpers/build.js';
import { pandasAvailable, pandasRead, PYTHON } from './helpers/pandas.js';
import { readArrow, type Row } from './helpers/readers.js';
import { trickyParagraphs } from './helpers/tricky.js';

const available = pandasAvailable();

/** With dtype=str every value comes back as text; integers are compared as their decimal text. */
const asCsvStrings = (rows: Row[]) => rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null ? null : String(v)])));

function check(dir: string, name: string, table: TableDef) {
  const expected = readArrow(join(dir, `${name}.arrow`), table);
  const back = pandasRead(join(dir, `${name}.csv`), join(dir, `${name}.jsonl`));
  expect(back.csv).toEqual(asCsvStrings(expected));
  expect(back.jsonl).toEqual(expected);
}

describe('pandas', () => {
  it('is installed where CI runs', () => {
    if (process.env.CI) expect(available, `pandas not importable by ${PYTHON}: .ci/run installs python3-pandas`).toBe(true);
  });

  describe.skipIf(!available)('with pandas', () => {
    for (const table of tables) {
      it(`reads the published ${table.name} exactly`, () => check(join(committedOutput, 'governance-of-china'), table.name, table));
    }

    it('keeps hard text exact, including "NA", "null" and line breaks', async () => {
      const dir = tempDir();
      const rows = trickyParagraphs();
      for (const w of writers) await w.write(join(dir, `p.${w.extension}`), paragraphsTable, rows, { dataset: 't', pipelineVersion: '0' });
      check(dir, 'p', paragraphsTable);
    });
  });
});
