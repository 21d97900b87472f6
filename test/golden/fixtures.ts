/** The golden fixtures: each test/fixtures/<case>/sources is built and compared with test/fixtures/<case>/expected. */
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../helpers/paths.js';

export const fixturesDir = join(repoRoot, 'test/fixtures');

export function fixtureCases(): string[] {
  return readdirSync(fixturesDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(fixturesDir, e.name, 'sources')))
    .map((e) => e.name)
    .sort();
}
