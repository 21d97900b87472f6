/**
 * One writer per output folder. A build, merge or clean takes the lock file
 * `<out>/.speech-datasets.lock` (created exclusively, so two processes never
 * both make it) and removes it when done. A second one fails with
 * `output/locked`, naming the holder, or waits when asked to. A lock whose
 * process is gone (on this machine) is stale: it is taken over, and what the
 * dead run left half-done is put right before anything is written.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import { mkdir, open, readFile, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { leaveNothing } from './leftovers.js';
import { printable } from './messages.js';

export const LOCK_FILE = '.speech-datasets.lock';
/** Held for the moment a stale lock is removed, so that two processes never remove one each other just made. */
const TAKEOVER_FILE = `${LOCK_FILE}.takeover`;
/** A lock file or takeover file that cannot be parsed (cut short while written) is judged once it is this old. */
const UNFINISHED_MS = 2000;

export interface LockHolder {
  pid: number;
  hostname: string;
  /** The command that holds it, e.g. "build". */
  command: string;
  /** When it was taken (ISO 8601): shown to whoever waits, never published. */
  since: string;
  /** Tells this lock from a later one of the same process. */
  token: string;
  /** Linux: the kernel's boot id and the process's start time, so that a pid used again (after a reboot, or by a restarted container's pid 1) is not taken for the holder. */
  boot?: string;
  started?: string;
}

/** The output folder is held by another live process: exit code 75 (try again later). */
export class LockedError extends Error {
  override name = 'LockedError';
  constructor(
    readonly path: string,
    readonly holder: LockHolder | null,
    waited: number,
  ) {
    const after = waited > 0 ? ` and still was after ${waited} s of --wait` : '';
    super(
      holder
        ? `${describeHolder(holder)} is writing into this output folder${after}; wait for it to finish${waited > 0 ? '' : ', or give --wait <seconds>'}`
        : `Another process is writing into this output folder${after} (its lock file cannot be read); wait for it to finish${waited > 0 ? '' : ', or give --wait <seconds>'}`,
    );
  }
}

/** The lock was removed or taken by someone else while this process held it (by hand, or a takeover that raced): nothing more is published. */
export class LockLostError extends Error {
  override name = 'LockLostError';
}

/** "build (process 12 on host, since …)", safe to print: a lock file is anyone's to write. */
export const describeHolder = (h: LockHolder): string => printable(`${h.command} (process ${h.pid} on ${h.hostname}, since ${h.since})`);

/** Whether a process of this machine is alive. EPERM: it exists but belongs to another user. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const readText = (path: string) => readFileSync(path, 'utf8').trim();
/** The kernel's boot id (Linux), or undefined. */
function bootId(): string | undefined {
  try {
    return readText('/proc/sys/kernel/random/boot_id');
  } catch {
    return undefined;
  }
}
/** A process's start time in clock ticks since boot (Linux, field 22 of /proc/<pid>/stat), or undefined. */
function startTime(pid: number): string | undefined {
  try {
    const stat = readText(`/proc/${pid}/stat`);
    // The command name (field 2) is in parentheses and may hold spaces: count from after it.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function parseHolder(text: string): LockHolder | null {
  try {
    const h = JSON.parse(text) as Partial<LockHolder>;
    if (!(Number.isSafeInteger(h.pid) && h.pid! > 0 && typeof h.hostname === 'string' && typeof h.token === 'string')) return null;
    return {
      pid: h.pid!,
      hostname: h.hostname,
      command: String(h.command ?? '?'),
      since: String(h.since ?? '?'),
      token: h.token,
      ...(typeof h.boot === 'string' ? { boot: h.boot } : {}),
      ...(typeof h.started === 'string' ? { started: h.started } : {}),
    };
  } catch {
    return null;
  }
}

/** The tokens of the locks this process holds: its own pid under another token is a lock an earlier process with this pid left. */
const ownTokens = new Set<string>();

/**
 * A lock is stale when its process is gone: on this machine, the pid is dead, or it is this very process under
 * a token it never made, or (Linux) the machine was started again or the pid is another process's now. A lock
 * of another machine is never judged from here.
 */
function isStale(holder: LockHolder): boolean {
  if (holder.hostname !== hostname()) return false;
  if (holder.pid === process.pid) return !ownTokens.has(holder.token);
  if (!alive(holder.pid)) return true;
  if (holder.boot !== undefined && bootId() !== undefined && holder.boot !== bootId()) return true;
  const started = startTime(holder.pid);
  return holder.started !== undefined && started !== undefined && holder.started !== started;
}

type Found = { holder: LockHolder } | { unreadable: 'missing' | 'unfinished' | 'forbidden'; age: number };

/** What the lock file at `path` says, or why it says nothing. */
async function inspectLock(path: string): Promise<Found> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { unreadable: code === 'ENOENT' ? 'missing' : 'forbidden', age: 0 };
  }
  const holder = parseHolder(text);
  if (holder) return { holder };
  const info = await stat(path).catch(() => null);
  return { unreadable: 'unfinished', age: info ? Date.now() - info.mtimeMs : 0 };
}

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
    ownTokens.add(token);
    this.unregister = leaveNothing(() => {
      if (parseHolder(readFileSync(path, 'utf8'))?.token === token) unlinkSync(path);
    });
  }

  /** Takes the lock of folder `out` (made if missing). */
  static async take(out: string, options: LockOptions): Promise<OutputLock> {
    await mkdir(out, { recursive: true });
    const path = join(out, LOCK_FILE);
    const wait = options.wait ?? 0;
    const deadline = Date.now() + wait * 1000;
    let tookOver: LockHolder | null = null;
    let waiting = false;
    for (;;) {
      options.signal?.throwIfAborted();
      const token = randomUUID();
      const boot = bootId();
      const started = startTime(process.pid);
      const holder: LockHolder = { pid: process.pid, hostname: hostname(), command: options.command, since: new Date().toISOString(), token, ...(boot ? { boot } : {}), ...(started ? { started } : {}) };
      if (await createExclusive(path, `${JSON.stringify(holder)}\n`)) return new OutputLock(path, token, tookOver);
      const found = await inspectLock(path);
      if ('holder' in found && isStale(found.holder)) {
        if (await removeStale(out, path, found.holder.token)) tookOver = found.holder;
        continue;
      }
      // A lock file left empty or cut short by a process that died while writing it.
      if ('unreadable' in found && found.unreadable === 'unfinished' && found.age > UNFINISHED_MS) {
        await removeStale(out, path, null);
        continue;
      }
      if ('unreadable' in found && found.unreadable === 'missing') continue;
      const current = 'holder' in found ? found.holder : null;
      if (Date.now() >= deadline) throw new LockedError(path, current, wait);
      if (!waiting) {
        waiting = true;
        options.onWait?.(current);
      }
      await sleep(250, undefined, { signal: options.signal });
    }
  }

  /** The live holder of `out`'s lock, or null when none holds it (for `clean --dry-run`, which takes no lock). */
  static async holder(out: string): Promise<LockHolder | null> {
    const found = await inspectLock(join(out, LOCK_FILE));
    return 'holder' in found && !isStale(found.holder) ? found.holder : null;
  }

  /** Throws LockLostError unless the lock file is still this one: checked just before each dataset is published. */
  async check(): Promise<void> {
    const found = await inspectLock(this.path);
    if (!('holder' in found) || found.holder.token !== this.token) {
      throw new LockLostError(`The lock ${this.path} was removed or taken by another process while this run held it; nothing more is published`);
    }
  }

  async release(): Promise<void> {
    this.unregister();
    ownTokens.delete(this.token);
    const found = await inspectLock(this.path);
    if ('holder' in found && found.holder.token === this.token) await unlink(this.path).catch(() => {});
  }
}

/** Creates `path` with `text` unless it exists: true when this process made it. */
async function createExclusive(path: string, text: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(path, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(text);
  } finally {
    await handle.close();
  }
  return true;
}

/**
 * Removes the stale lock with token `stale` (null: one that cannot be parsed), and only that one: under the
 * takeover file, made exclusively, the lock is read again and removed only if it is still the same. A live lock
 * is never moved, so a lock taken meanwhile by another process is never lost. A takeover file left by a process
 * that died holding it is removed once it is older than a takeover can take.
 */
async function removeStale(out: string, path: string, stale: string | null): Promise<boolean> {
  const guard = join(out, TAKEOVER_FILE);
  if (!(await createExclusive(guard, `${process.pid}\n`))) {
    const age = await stat(guard).then((s) => Date.now() - s.mtimeMs, () => 0);
    if (age > UNFINISHED_MS * 5) await unlink(guard).catch(() => {});
    else await sleep(20);
    return false;
  }
  try {
    const found = await inspectLock(path);
    const same = stale === null ? 'unreadable' in found && found.unreadable === 'unfinished' : 'holder' in found && found.holder.token === stale;
    if (!same) return false;
    await unlink(path);
    return true;
  } finally {
    await unlink(guard).catch(() => {});
  }
}
