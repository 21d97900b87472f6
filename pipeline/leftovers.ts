/**
 * What this process must not leave behind however it ends (short of a signal
 * that cannot be caught, such as SIGKILL):
 * its staging folders and its output lock. Each is registered with a
 * synchronous remover while it exists; they all run on `process` 'exit',
 * which also fires when a second Ctrl-C ends the process at once.
 */
const removers = new Set<() => void>();
let listening = false;

function removeAll(): void {
  for (const remove of removers) {
    try {
      remove();
    } catch {
      // Exiting: a leftover that cannot go is for `clean` or the next build's recovery.
    }
  }
  removers.clear();
}

/** Registers `remove` until the returned function is called (when the thing is gone or published). */
export function leaveNothing(remove: () => void): () => void {
  if (!listening) {
    process.on('exit', removeAll);
    listening = true;
  }
  removers.add(remove);
  return () => void removers.delete(remove);
}
