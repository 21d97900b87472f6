/**
 * Atomic publication: a dataset is written into a temporary folder beside its
 * destination, flushed to disk and swapped in by renames only once it is
 * complete and checked, so readers see the previous dataset or the new one,
 * never a mix. The one moment with neither is between the two renames of the
 * swap; a build killed there leaves the previous dataset under `.old-<name>-…`,
 * and the next build (or `clean`) puts it back before anything else.
 */
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { lstat, mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { leaveNothing } from './leftovers.js';

// Random: builds in containers (often all pid 1) sharing an output volume never pick the same name.
const unique = () => randomUUID();

/** Names of the folders a build works in beside its destination (`<prefix><name>-<uuid>`); `clean` removes those a killed build left. */
const STAGING_PREFIXES = ['.tmp-', '.old-'] as const;

/** Matches those names only: [whole name, "tmp" or "old", the dataset's name]. */
export const STAGING_NAME = /^\.(tmp|old)-(.+)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Staging folders of this process, each with the remover that runs if the process exits before it is published or discarded. */
const registered = new Map<string, () => void>();

/** A new staging folder beside `destination` (with `make` false, only its name), removed if the process exits before it is published or discarded. */
export async function stagingDir(destination: string, make = true): Promise<string> {
  const dir = join(dirname(destination), `${STAGING_PREFIXES[0]}${basename(destination)}-${unique()}`);
  if (make) await mkdir(dir, { recursive: true });
  registered.set(dir, leaveNothing(() => rmSync(dir, { recursive: true, force: true })));
  return dir;
}

const release = (staging: string) => {
  registered.get(staging)?.();
  registered.delete(staging);
};

/** File systems (and systems) that cannot flush a folder say so with these; the files in it are flushed all the same. */
const NO_FOLDER_SYNC = new Set(['EINVAL', 'EISDIR', 'EPERM', 'ENOTSUP', 'EBADF', 'EACCES']);

/** Flushes a file or folder to the disk, so that a power cut after the rename cannot leave a published name over missing bytes. */
async function flush(path: string, folder = false): Promise<void> {
  try {
    const handle = await open(path, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (!folder || !NO_FOLDER_SYNC.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
  }
}

async function flushTree(dir: string): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) await flushTree(join(dir, entry.name));
    else await flush(join(dir, entry.name));
  }
  await flush(dir, true);
}

export async function publish(staging: string, destination: string): Promise<void> {
  await flushTree(staging);
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
  release(staging);
  // Published: from here on nothing may throw and say otherwise. What cannot be done now, the next run does.
  await flush(dirname(destination), true).catch(() => {});
  if (moved) {
    // Renamed to a staging name first, so that what a kill or an error leaves half removed is never taken for a whole .old- folder to put back.
    const doomed = await stagingDir(destination, false);
    await rename(old, doomed)
      .then(() => discard(doomed))
      .catch(() => release(doomed));
  }
}

export async function discard(staging: string): Promise<void> {
  await rm(staging, { recursive: true, force: true });
  release(staging);
}

export interface Recovery {
  /** Datasets put back from the copy a build set aside just before it was killed (`.old-<name>-…` with no `<name>`). */
  restored: { from: string; path: string }[];
  /** Staging folders of builds that ended before publishing, and copies set aside that were no longer needed. */
  leftovers: string[];
}

const exists = (path: string) => lstat(path).then(() => true, () => false);

/**
 * What builds that were killed left in `out`: puts back a dataset caught between the two renames of its
 * swap, and lists the other staging folders. Only safe while no build is writing into `out` (hold its lock).
 */
export async function recoverStaging(out: string, { dryRun = false } = {}): Promise<Recovery> {
  const recovery: Recovery = { restored: [], leftovers: [] };
  let names: string[];
  try {
    names = (await readdir(out)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return recovery;
    throw error;
  }
  for (const name of names) {
    const path = join(out, name);
    const staging = STAGING_NAME.exec(name);
    if (!staging || !(await lstat(path).then((s) => s.isDirectory(), () => false))) continue;
    const [, kind, dataset] = staging;
    const destination = join(out, dataset!);
    // An .old- folder is always a whole published folder (a dataset, or a shard), renamed aside by publish().
    if (kind === 'old' && !recovery.restored.some((r) => r.path === destination) && !(await exists(destination))) {
      // The only copy: the run was killed between its two renames.
      if (!dryRun) await rename(path, destination);
      recovery.restored.push({ from: path, path: destination });
    } else recovery.leftovers.push(path);
  }
  return recovery;
}
