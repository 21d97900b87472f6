/** SourceFile objects for stage tests, from bytes written to a temporary file. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SourceFile } from '../../pipeline/file.js';
import { processedOf } from '../../pipeline/process-file.js';
import type { SequenceStage } from '../../pipeline/stage.js';
import { stages } from '../../pipeline/stages.js';
import { assemble } from '../../pipeline/stages/assemble.js';
import { decode } from '../../pipeline/stages/decode.js';
import { normalise } from '../../pipeline/stages/normalise.js';
import { read } from '../../pipeline/stages/read.js';
import { segment } from '../../pipeline/stages/segment.js';
import { SourceConfig } from '../../schemas/source.js';
import { tempDir } from './build.js';

export function config(overrides: Partial<SourceConfig> = {}): SourceConfig {
  return SourceConfig.parse({
    name: 'test',
    title: 'Test',
    description: 'Test source.',
    version: '1.0.0',
    profile: 'npc-governance-page',
    language: 'en',
    origin: { publisher: 'Tests', url: 'https://example.org/' },
    rights: { holder: 'Tests', statement: 'Made for tests.', open: false },
    ...overrides,
  });
}

let n = 0;
export function sourceFile(content: string | Uint8Array, overrides: Partial<SourceConfig> = {}): SourceFile {
  const dir = tempDir();
  const name = `file-${n++}.txt`;
  writeFileSync(join(dir, name), content);
  return new SourceFile(join(dir, name), `sources/test/raw/${name}`, config(overrides));
}

/** Runs the per-file stages up to and including `until`, stopping early on an error like the executor does. */
export async function runUntil(file: SourceFile, until: 'read' | 'decode' | 'segment' | 'normalise' | 'assemble'): Promise<SourceFile> {
  for (const stage of [read, decode, segment, normalise, assemble]) {
    await stage.run(file);
    if (file.failed || stage.name === until) break;
  }
  return file;
}

/**
 * Runs sequence stages over files that went through the file stages, in the
 * order given, as the dataset writer does. The results share their rows and
 * messages with the files, so the tests look at the files.
 */
export function runSequence(files: SourceFile[], only?: SequenceStage): void {
  const sequence = only ? [only] : stages.filter((s): s is SequenceStage => s.scope === 'sequence');
  const takers = sequence.map((s) => s.start());
  for (const file of files) {
    if (file.failed) continue;
    const processed = processedOf(file);
    for (const take of takers) take(processed);
  }
}

/** Every stage over one file: the file stages, then the sequence stages as for a dataset of one file. */
export async function runAll(file: SourceFile): Promise<SourceFile> {
  for (const stage of stages) {
    if (stage.scope !== 'file') continue;
    await stage.run(file);
    if (file.failed) return file;
  }
  runSequence([file]);
  return file;
}
