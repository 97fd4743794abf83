/**
 * Terminating everything a child left behind: its whole process group plus any descendant that moved to
 * a group of its own but still carries our marker variable. TERM first, KILL after a grace period, and
 * only return when none of them is alive (a zombie counts as gone: it holds no port and runs no code).
 */
import { setTimeout as sleep } from "node:timers/promises";
import { canReadEnvMarkers, hasEnvMarker, isAliveState, listProcesses, type ProcessInfo } from "./proc.ts";

export interface ProcessSet {
  /** A process group we own. */
  pgid?: number | undefined;
  /** `name=value` in a process's environment marks it as ours, wherever its group. */
  marker?: { name: string; value: string } | undefined;
}

export interface TerminateResult {
  /** Processes that were alive when we started. */
  found: ProcessInfo[];
  /** Whether KILL had to be sent. */
  forced: boolean;
  /** Still alive at the end (should be empty; a process in uninterruptible sleep can linger). */
  survivors: ProcessInfo[];
}

/** Alive processes of the set (group members, then marker holders). */
export function collect(set: ProcessSet): ProcessInfo[] {
  if (set.pgid === undefined && set.marker === undefined) return [];
  const procs = listProcesses();
  const out: ProcessInfo[] = [];
  for (const p of procs) {
    if (!isAliveState(p.state) || p.pid === process.pid) continue;
    if (set.pgid !== undefined && p.pgid === set.pgid) out.push(p);
    else if (set.marker && canReadEnvMarkers && hasEnvMarker(p.pid, set.marker.name, set.marker.value))
      out.push(p);
  }
  return out;
}

/** Cheap check: does any process of the group still exist (zombies included)? */
export function groupExists(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

function stillAlive(targets: readonly ProcessInfo[]): ProcessInfo[] {
  if (targets.length === 0) return [];
  const byPid = new Map(listProcesses().map((p) => [p.pid, p]));
  return targets.filter((t) => {
    const now = byPid.get(t.pid);
    return now !== undefined && now.startTime === t.startTime && isAliveState(now.state);
  });
}

function send(signal: NodeJS.Signals, set: ProcessSet, targets: readonly ProcessInfo[]): void {
  if (set.pgid !== undefined) {
    try {
      process.kill(-set.pgid, signal);
    } catch {
      // group already gone
    }
  }
  for (const t of targets) {
    if (t.pgid === set.pgid) continue;
    try {
      process.kill(t.pid, signal);
    } catch {
      // gone
    }
  }
}

async function waitGone(targets: ProcessInfo[], timeoutMs: number): Promise<ProcessInfo[]> {
  const deadline = Date.now() + timeoutMs;
  let alive = stillAlive(targets);
  let interval = 5;
  while (alive.length > 0 && Date.now() < deadline) {
    await sleep(Math.min(interval, Math.max(1, deadline - Date.now())));
    interval = Math.min(interval * 2, 50);
    alive = stillAlive(alive);
  }
  return alive;
}

/**
 * TERM the set, wait up to `graceMs`, KILL whatever is left (and anything that joined meanwhile), wait
 * until it is gone. Never throws for processes that vanish on their own.
 */
export async function terminate(
  set: ProcessSet,
  options: { graceMs: number; killWaitMs?: number; onForce?: (alive: ProcessInfo[]) => void },
): Promise<TerminateResult> {
  const found = collect(set);
  if (found.length === 0) return { found, forced: false, survivors: [] };
  send("SIGTERM", set, found);
  let alive = await waitGone(found, options.graceMs);
  // Late joiners (e.g. a wrapper that forked during shutdown) are ours too.
  const known = new Set(alive.map((p) => p.pid));
  for (const p of collect(set)) if (!known.has(p.pid)) alive.push(p);
  if (alive.length === 0) return { found, forced: false, survivors: [] };
  options.onForce?.(alive);
  send("SIGKILL", set, alive);
  alive = await waitGone(alive, options.killWaitMs ?? 2000);
  return { found, forced: true, survivors: alive };
}
