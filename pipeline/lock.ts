/**
 * One writer per output folder. A build, merge or clean takes the lock file
 * `<out>/.speech-datasets.lock` (created exclusively, so two processes never
 * both make it) and removes it when done. A second one fails with
 * `output/locked`, naming the holder, or waits when asked to. A lock whose
 * process is gone (on this machine) is stale: it is taken over, and what the
 * dead run left half-done is put right before anything is written.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, readlinkSync, unlinkSync } from 'node:fs';
import { link, lstat, mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { leaveNothing } from './leftovers.js';
import { printable } from './messages.js';

export const LOCK_FILE = '.speech-datasets.lock';
/** Held for the moment a stale lock is removed, so that two processes never remove one each other just made. */
const TAKEOVER_FILE = `${LOCK_FILE}.takeover`;
/** A lock file that cannot be parsed (cut short while written) is judged once it is this old. */
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
  /**
   * Linux: the kernel's boot id, the process's start time and its pid namespace, so that a pid used again (after
   * a reboot, or by a restarted container's pid 1) is not taken for the holder, and a holder in another pid
   * namespace (a container sharing this host name) is never judged from here.
   */
  boot?: string;
  started?: string;
  ns?: string;
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
/** This process's pid namespace (Linux), or undefined. */
function pidNamespace(): string | undefined {
  try {
    return readlinkSync('/proc/self/ns/pid');
  } catch {
    return undefined;
  }
}
/** When this machine started (Linux, btime in /proc/stat), in milliseconds since the epoch, or undefined. */
function bootTime(): number | undefined {
  try {
    const m = /^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'));
    return m ? Number(m[1]) * 1000 : undefined;
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
      ...(typeof h.ns === 'string' ? { ns: h.ns } : {}),
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
  const boot = bootId();
  if (holder.boot !== undefined && boot !== undefined && holder.boot !== boot) {
    // Another boot of this machine if the lock is older than this boot; else another machine of the same name.
    const booted = bootTime();
    const since = Date.parse(holder.since);
    return booted !== undefined && Number.isFinite(since) && since < booted;
  }
  // pids of another namespace (a container sharing this host name) mean nothing here.
  const ns = pidNamespace();
  if (holder.ns !== undefined && ns !== undefined && holder.ns !== ns) return false;
  if (holder.pid === process.pid) return !ownTokens.has(holder.token);
  if (!alive(holder.pid)) return true;
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
      const ns = pidNamespace();
      const holder: LockHolder = { pid: process.pid, hostname: hostname(), command: options.command, since: new Date().toISOString(), token, ...(boot ? { boot } : {}), ...(started ? { started } : {}), ...(ns ? { ns } : {}) };
      // Known as ours before the file exists, so that no other lock of this process judges it stale meanwhile.
      ownTokens.add(token);
      if (await createExclusive(path, `${JSON.stringify(holder)}\n`)) return new OutputLock(path, token, tookOver);
      ownTokens.delete(token);
      const found = await inspectLock(path);
      if ('holder' in found && isStale(found.holder)) {
        // Not held by anyone: no deadline applies. Another process may be removing it this very moment (for milliseconds).
        if (await removeStale(out, path, found.holder.token)) tookOver = found.holder;
        else await sleep(20, undefined, { signal: options.signal });
        continue;
      } else if ('unreadable' in found && found.unreadable === 'unfinished' && Math.abs(found.age) > UNFINISHED_MS) {
        // A lock file left empty or cut short by a process that died while writing it.
        if (!(await removeStale(out, path, null))) await sleep(20, undefined, { signal: options.signal });
        continue;
      } else if ('unreadable' in found && found.unreadable === 'missing' && !(await lstat(path).then(() => true, () => false))) {
        // Removed between the two looks: try again at once.
        continue;
      }
      // Every other way round the loop waits, and ends at the deadline: a lock that cannot be read (or a link where it should be) counts as held.
      const current = 'holder' in found ? found.holder : null;
      if (Date.now() >= deadline) throw new LockedError(path, current, wait);
      if (!waiting) {
        waiting = true;
        options.onWait?.(current);
      }
      await sleep(current === null ? 50 : 250, undefined, { signal: options.signal });
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
    const found = await inspectLock(this.path);
    if ('holder' in found && found.holder.token === this.token) await unlink(this.path).catch(() => {});
    // Only once the file is gone: until then no other lock of this process may judge it stale.
    ownTokens.delete(this.token);
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
 * is never moved, so a lock taken meanwhile by another process is never lost. A takeover file whose process is
 * dead (it holds the pid) is moved aside and checked to be that one before it goes, so that a takeover file just
 * made by another process is never removed.
 */
async function removeStale(out: string, path: string, stale: string | null): Promise<boolean> {
  const guard = join(out, TAKEOVER_FILE);
  if (!(await createExclusive(guard, `${process.pid}\n`))) {
    await removeDeadGuard(guard);
    return false;
  }
  try {
    const found = await inspectLock(path);
    const same = stale === null ? 'unreadable' in found && found.unreadable === 'unfinished' : 'holder' in found && found.holder.token === stale;
    if (!same) return false;
    await unlink(path).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
    return true;
  } finally {
    await unlink(guard).catch(() => {});
  }
}

/** A takeover file left by a process that died while holding it (it lives for milliseconds otherwise). */
async function removeDeadGuard(guard: string): Promise<void> {
  const pid = Number((await readFile(guard, 'utf8').catch(() => '')).trim());
  if (!(Number.isSafeInteger(pid) && pid > 0 && pid !== process.pid && !alive(pid))) return;
  const aside = `${guard}.${randomUUID()}`;
  if (!(await rename(guard, aside).then(() => true, () => false))) return;
  const moved = Number((await readFile(aside, 'utf8').catch(() => '')).trim());
  // Another process's fresh takeover file, made in between: put it back (link never replaces one made since).
  if (moved !== pid) await link(aside, guard).catch(() => {});
  await unlink(aside).catch(() => {});
}
