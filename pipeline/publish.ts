/**
 * Atomic publication: a dataset is written into a temporary folder beside its
 * destination and swapped in by renames only once it is complete, so readers
 * see the previous dataset or the new one, never a mix.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

// Random: builds in containers (often all pid 1) sharing an output volume never pick the same name.
const unique = () => randomUUID();

/** Names of the folders a build works in beside its destination (`<prefix><name>-<uuid>`); `clean` removes those a killed build left. */
const STAGING_PREFIXES = ['.tmp-', '.old-'] as const;

/** Matches those names only: [whole name, "tmp" or "old", the dataset's name]. */
export const STAGING_NAME = /^\.(tmp|old)-(.+)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export async function stagingDir(destination: string): Promise<string> {
  const dir = join(dirname(destination), `${STAGING_PREFIXES[0]}${basename(destination)}-${unique()}`);
  await mkdir(dir, { recursive: true });
  return dir;
}

export async function publish(staging: string, destination: string): Promise<void> {
  const old = join(dirname(destination), `${STAGING_PREFIXES[1]}${basename(destination)}-${unique()}`);
  let moved = false;
  try {
    await rename(destination, old);
    moved = true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  try {
    await rename(staging, destination);
  } catch (error) {
    if (moved) await rename(old, destination);
    throw error;
  }
  if (moved) await rm(old, { recursive: true, force: true });
}

export async function discard(staging: string): Promise<void> {
  await rm(staging, { recursive: true, force: true });
}
