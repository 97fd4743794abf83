/**
 * When the supervising process exits without `stop()` (an uncaught error, `process.exit()`), the
 * children's process groups get SIGTERM. A SIGKILLed parent cannot do this: the pid file covers that.
 */
const groups = new Set<number>();
let installed = false;

function onExit(): void {
  for (const pgid of groups) {
    try {
      process.kill(-pgid, "SIGTERM");
    } catch {
      // already gone
    }
  }
}

/** Remember a process group to TERM if this process exits. */
export function killOnExit(pgid: number): void {
  groups.add(pgid);
  if (!installed) {
    installed = true;
    process.on("exit", onExit);
  }
}

/** Forget a process group (it ended). */
export function forgetOnExit(pgid: number): void {
  groups.delete(pgid);
}
