/** SourceFile objects for stage tests, from bytes written to a temporary file. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SourceFile } from '../../pipeline/file.js';
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
