/** Name and version of the pipeline, from its package.json (found upward, so it works from source and from dist/). */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackage(): { name: string; version: string; root: string } {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name: string; version: string };
      if (pkg.name === 'speech-datasets') return { name: pkg.name, version: pkg.version, root: dir };
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('package.json of speech-datasets not found above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

export const PIPELINE = findPackage();
