/**
 * One writer per output folder. A build, merge or clean takes the lock file
 * `<out>/.speech-datasets.lock` (created exclusively, so two processes never
 * both make it) and removes it when done. A second one fails with
 * `output/locked`, naming the holder, or waits when asked to. A lock whose
 * process is dead (on this machine) is stale: it is taken over, and what the
 * dead build left half-done is put right before anything is written.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import { link, mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { leaveNothing } from './leftovers.js';

export const LOCK_FILE = '.speech-datasets.lock';

export interface LockHolder {
  pid: number;
  hostname: string;
  /** The command that holds it, e.g. "build". */
  command: string;
  /** When it was taken (ISO 8601): shown to whoever waits, never published. */
  since: string;
  /** Tells this lock from a later one of the same process. */
  token: string;
}

/** The output folder is held by another live process: exit code 75 (try again later). */
export class LockedError extends Error {
  override name = 'LockedError';
  constructor(
    readonly path: string,
    readonly holder: LockHolder | null,
  ) {
    super(
      holder
        ? `${holder.command} (process ${holder.pid} on ${holder.hostname}, since ${holder.since}) is writing into this output folder; wait for it to finish, or give --wait`
        : 'Another process is writing into this output folder; wait for it to finish, or give --wait',
    );
  }
}

/** The lock was removed or taken by someone else while this process held it (by hand, or a takeover that raced): nothing more is published. */
export class LockLostError extends Error {
  override name = 'LockLostError';
}

/** Whether a process of this machine is alive. EPERM: it exists but belongs to another user. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function parseHolder(text: string): LockHolder | null {
  try {
    const h = JSON.parse(text) as Partial<LockHolder>;
    return Number.isSafeInteger(h.pid) && typeof h.hostname === 'string' && typeof h.token === 'string'
      ? { pid: h.pid!, hostname: h.hostname, command: String(h.command ?? '?'), since: String(h.since ?? '?'), token: h.token }
      : null;
  } catch {
    return null;
  }
}

const readHolder = (path: string) => readFile(path, 'utf8').then(parseHolder, () => null);

/** A lock is stale when it names a dead process of this machine; one of another machine is never judged from here. */
const isStale = (holder: LockHolder) => holder.hostname === hostname() && !alive(holder.pid);

export interface LockOptions {
  /** The command taking the lock, shown to whoever finds it taken. */
  command: string;
  /** Seconds to wait for a live holder to finish; 0 (default) fails at once with LockedError. */
  wait?: number;
  signal?: AbortSignal;
  /** Called once when the lock is found held and this process starts to wait. */
  onWait?: (holder: LockHolder | null) => void;
}

export class OutputLock {
  private unregister: () => void;

  private constructor(
    readonly path: string,
    readonly token: string,
    /** The dead process whose stale lock this one replaced, if any. */
    readonly tookOver: LockHolder | null,
  ) {
    this.unregister = leaveNothing(() => {
      if (parseHolder(readFileSync(path, 'utf8'))?.token === token) unlinkSync(path);
    });
  }

  /** Takes the lock of folder `out` (made if missing). */
  static async take(out: string, options: LockOptions): Promise<OutputLock> {
    await mkdir(out, { recursive: true });
    const path = join(out, LOCK_FILE);
    const deadline = Date.now() + (options.wait ?? 0) * 1000;
    let tookOver: LockHolder | null = null;
    let waiting = false;
    // A lock file that cannot be parsed is being written (or was cut short): it is judged once it is this old.
    let unreadableSince: number | null = null;
    for (;;) {
      options.signal?.throwIfAborted();
      const token = randomUUID();
      const holder: LockHolder = { pid: process.pid, hostname: hostname(), command: options.command, since: new Date().toISOString(), token };
      try {
        const handle = await open(path, 'wx');
        try {
          await handle.writeFile(`${JSON.stringify(holder)}\n`);
        } finally {
          await handle.close();
        }
        return new OutputLock(path, token, tookOver);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const current = await readHolder(path);
      if (current === null) unreadableSince ??= Date.now();
      else unreadableSince = null;
      const abandoned = current === null && Date.now() - unreadableSince! > 2000;
      if ((current && isStale(current)) || abandoned) {
        if (await takeOver(path, current)) tookOver = current ?? tookOver;
        continue;
      }
      if (current !== null && Date.now() >= deadline) throw new LockedError(path, current);
      if (!waiting && current !== null) {
        waiting = true;
        options.onWait?.(current);
      }
      await sleep(current === null ? 50 : 250, undefined, { signal: options.signal });
    }
  }

  /** Throws LockLostError unless the lock file is still this one: checked just before each dataset is published. */
  async check(): Promise<void> {
    const holder = await readHolder(this.path);
    if (holder?.token !== this.token) {
      throw new LockLostError(`The lock ${this.path} was removed or taken by another process while this build held it; nothing more is published`);
    }
  }

  async release(): Promise<void> {
    this.unregister();
    if ((await readHolder(this.path))?.token === this.token) await unlink(this.path).catch(() => {});
  }
}

/**
 * Moves a stale lock out of the way. Two processes may judge it stale at once; the rename lets one win,
 * and a process that finds it moved a live lock instead (taken in between) puts it back.
 */
async function takeOver(path: string, stale: LockHolder | null): Promise<boolean> {
  const aside = `${path}.stale-${randomUUID()}`;
  try {
    await rename(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  const moved = await readHolder(aside);
  if (moved?.token !== stale?.token) {
    // link, not rename: it fails rather than replace a lock taken meanwhile (whose owner then finds its own gone at check()).
    await link(aside, path).catch(() => {});
    await unlink(aside).catch(() => {});
    return false;
  }
  await unlink(aside).catch(() => {});
  return true;
}
