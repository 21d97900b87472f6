/** The same inputs give byte-identical files whatever the concurrency or the run; only SOURCE_DATE_EPOCH adds a date. */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../pipeline/index.js';
import { buildTo, filesOf, tempDir } from './helpers/build.js';
import { fixturesDir } from './golden/fixtures.js';

/** A corpus of many small files in both profiles, so concurrency really interleaves. */
function manyFiles(): string {
  const root = tempDir();
  cpSync(join(fixturesDir, 'encodings', 'sources'), join(root, 'sources'), { recursive: true });
  const raw = join(root, 'sources', 'encodings', 'raw');
  const sample = readFileSync(join(raw, 'cr-only.txt'), 'latin1');
  for (let i = 0; i < 40; i++) writeFileSync(join(raw, `copy-${String(i).padStart(2, '0')}.txt`), sample.replace('April 6, 2017', `April ${(i % 28) + 1}, 2017`), 'latin1');
  return join(root, 'sources');
}

describe('determinism', () => {
  it('gives identical bytes with concurrency 1, 2 and 8, and on a second run', async () => {
    const sources = manyFiles();
    const runs = [];
    for (const concurrency of [1, 2, 8, 8]) runs.push(filesOf((await buildTo(sources, { concurrency })).out));
    for (const other of runs.slice(1)) {
      expect([...other.keys()]).toEqual([...runs[0]!.keys()]);
      for (const [path, bytes] of runs[0]!) expect(other.get(path)!.equals(bytes), path).toBe(true);
    }
  });

  it('writes no date without SOURCE_DATE_EPOCH, and exactly that date with it', async () => {
    const sources = join(fixturesDir, 'normalisation', 'sources');
    const out = tempDir();
    const previous = process.env.SOURCE_DATE_EPOCH;
    delete process.env.SOURCE_DATE_EPOCH;
    await build({ sources, out });
    const without = readFileSync(join(out, 'plain', 'provenance.json'), 'utf8');
    expect(JSON.parse(without).build).toEqual({ source_date_epoch: null, created: null });

    process.env.SOURCE_DATE_EPOCH = '1577836800';
    try {
      await build({ sources, out });
    } finally {
      if (previous === undefined) delete process.env.SOURCE_DATE_EPOCH;
      else process.env.SOURCE_DATE_EPOCH = previous;
    }
    const withDate = JSON.parse(readFileSync(join(out, 'plain', 'provenance.json'), 'utf8'));
    expect(withDate.build).toEqual({ source_date_epoch: 1577836800, created: '2020-01-01T00:00:00Z' });
    expect(JSON.parse(readFileSync(join(out, 'plain', 'datapackage.json'), 'utf8')).created).toBe('2020-01-01T00:00:00Z');
    // The tables themselves never change.
    for (const f of ['paragraphs.parquet', 'paragraphs.jsonl', 'paragraphs.csv', 'paragraphs.arrow', 'documents.arrow']) {
      expect(readFileSync(join(out, 'plain', f)).equals(readFileSync(join(fixturesDir, 'normalisation', 'expected', 'plain', f))), f).toBe(true);
    }
  });

  it('replaces a published dataset whole, leaving no staging folders behind', async () => {
    const sources = join(fixturesDir, 'normalisation', 'sources');
    const out = tempDir();
    writeFileSync(join(out, 'unrelated.txt'), 'kept');
    await build({ sources, out });
    writeFileSync(join(out, 'plain', 'stale-file.csv'), 'from an older build');
    await build({ sources, out });
    expect([...filesOf(out).keys()].filter((p) => !p.startsWith('plain/'))).toEqual(['unrelated.txt']);
    expect(filesOf(join(out, 'plain')).has('stale-file.csv')).toBe(false);
  });
});
