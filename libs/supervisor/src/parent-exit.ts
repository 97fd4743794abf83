/**
 * When the supervising process exits without `stop()` (the event loop ran dry, `process.exit()`, an
 * uncaught error), the children's process groups get SIGTERM. Node runs no `exit` listener when an
 * unhandled signal (SIGTERM, SIGINT, SIGHUP) or SIGKILL ends it; installing signal handlers is the host's
 * call, not a library's (it would change how the host dies): the pid file reclaims those children on the
 * next start.
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
