/** The executor: stage order, what a rejection means for ids, and the counts it reports. */
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stages } from '../pipeline/index.js';
import type { FileStage } from '../pipeline/stage.js';
import { buildTo, readJsonl, tempDir } from './helpers/build.js';
import { fixturesDir } from './golden/fixtures.js';

describe('executor', () => {
  it('runs the stages in the order stages.ts writes', () => {
    expect(stages.map((s) => `${s.name}:${s.scope}`)).toEqual(['read:file', 'decode:file', 'segment:file', 'normalise:file', 'assemble:file', 'validate:file', 'identify:sequence', 'deduplicate:sequence']);
  });

  it('gives no id to a file rejected at validation, so the published duplicate keeps the plain id', async () => {
    const root = tempDir();
    cpSync(join(fixturesDir, 'encodings', 'sources'), join(root, 'sources'), { recursive: true });
    // A stage that rejects the first file by path, as a failed validation would.
    const rejectFirst: FileStage = {
      name: 'reject-first',
      scope: 'file',
      run(file) {
        if (file.relPath.endsWith('cr-only.txt')) file.message('validate/schema', 'validate', 'rejected for the test');
      },
    };
    const withRejection = [...stages.slice(0, 5), rejectFirst, ...stages.slice(5)];
    const { out, report } = await buildTo(join(root, 'sources'), { stages: withRejection });
    const docs = readJsonl<{ doc_id: string; source_path: string }>(join(out, 'encodings', 'documents.jsonl'));
    expect(docs.map((d) => [d.source_path.split('/').at(-1), d.doc_id.replace(/^.*relationship/, '…')])).toEqual([
      ['crlf-bom.txt', '…'],
      ['utf16be-bom.txt', '…-2'],
      ['utf16le-bom-crlf.txt', '…-3'],
    ]);
    const counts = report.datasets[0]!.stages;
    expect(counts.find((c) => c.stage === 'reject-first')).toEqual({ stage: 'reject-first', files_in: 4, files_out: 3, errors: 1, warnings: 0 });
    expect(counts.find((c) => c.stage === 'identify')).toEqual({ stage: 'identify', files_in: 3, files_out: 3, errors: 0, warnings: 2 });
  });

  it('turns an exception in a stage into a catalogued rejection of that file only', async () => {
    const root = tempDir();
    cpSync(join(fixturesDir, 'normalisation', 'sources'), join(root, 'sources'), { recursive: true });
    writeFileSync(join(root, 'sources', 'plain', 'raw', 'boom.txt'), 'Boom.');
    const boom: FileStage = {
      name: 'boom',
      scope: 'file',
      run(file) {
        if (file.relPath.endsWith('boom.txt')) throw new Error('kaboom');
      },
    };
    const { report } = await buildTo(join(root, 'sources'), { stages: [...stages.slice(0, 2), boom, ...stages.slice(2)] });
    const dataset = report.datasets[0]!;
    expect(dataset.rows.documents).toBe(2);
    expect(dataset.rejected).toEqual([expect.objectContaining({ source_path: 'sources/plain/raw/boom.txt', rule: 'internal/exception', stage: 'boom' })]);
    expect(dataset.rejected[0]!.message).toMatch(/^The boom stage failed: Error: kaboom/);
    expect(report.exitCode).toBe(1);
  });
});
