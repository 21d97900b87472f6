/** SHA256SUMS and provenance.json cover every published file, the card and metadata included. */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { committedOutput } from './helpers/build.js';

const dir = join(committedOutput, 'governance-of-china');
const files = readdirSync(dir).sort();
const sha256 = (f: string) => createHash('sha256').update(readFileSync(join(dir, f))).digest('hex');

describe('checksums', () => {
  it('SHA256SUMS lists every file but itself, and `sha256sum -c` accepts it', () => {
    const listed = readFileSync(join(dir, 'SHA256SUMS'), 'utf8').trim().split('\n').map((l) => l.split('  ') as [string, string]);
    expect(listed.map(([, f]) => f)).toEqual(files.filter((f) => f !== 'SHA256SUMS'));
    for (const [hash, f] of listed) expect(hash, f).toBe(sha256(f));
    const check = spawnSync('sha256sum', ['-c', '--strict', 'SHA256SUMS'], { cwd: dir, encoding: 'utf8' });
    if (check.error) return; // no coreutils here; the loop above checked every hash
    expect(check.status, check.stdout + check.stderr).toBe(0);
  });

  it('provenance.json lists every file written before it with size and hash', () => {
    const outputs = JSON.parse(readFileSync(join(dir, 'provenance.json'), 'utf8')).outputs as { path: string; bytes: number; sha256: string }[];
    expect(outputs.map((o) => o.path).sort()).toEqual(files.filter((f) => f !== 'SHA256SUMS' && f !== 'provenance.json'));
    for (const o of outputs) expect([o.bytes, o.sha256], o.path).toEqual([statSync(join(dir, o.path)).size, sha256(o.path)]);
  });
});
