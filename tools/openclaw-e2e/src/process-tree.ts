import { readdirSync, readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";

/** One process as Linux's `/proc` describes it. */
export interface ProcessInfo {
  pid: number;
  ppid: number;
  /** Process group id: `kill(-pgid)` reaches every member, even orphans adopted by init. */
  pgid: number;
  /** Session id. */
  sid: number;
  /** `R`, `S`, `D`, `Z` (zombie: exited, not yet reaped), … */
  state: string;
  /** Start time in clock ticks since boot: with `pid`, identifies the process even after pid reuse. */
  startTime: number;
  /** Kernel's short name (`comm`), e.g. `openclaw-gatewa` (a process title, truncated to 15 chars). */
  name: string;
  /** Full command line (empty for kernel threads and zombies). */
  argv: string[];
}

/** A process identity that survives pid reuse: signal it only while `startTime` still matches. */
export interface ProcessRef {
  pid: number;
  startTime?: number;
}

/** Reads one process from `/proc`; `undefined` once it is gone. */
export function readProcess(pid: number): ProcessInfo | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined;
  }
  // "pid (comm) state ppid pgrp session …": comm may contain spaces and parentheses.
  const open = stat.indexOf("(");
  const close = stat.lastIndexOf(")");
  const fields = stat.slice(close + 2).split(" ");
  let argv: string[] = [];
  try {
    argv = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
  } catch {
    // Gone between the two reads, or not ours to read: the stat line is enough.
  }
  return {
    pid,
    name: stat.slice(open + 1, close),
    state: fields[0] ?? "?",
    ppid: Number(fields[1]),
    pgid: Number(fields[2]),
    sid: Number(fields[3]),
    startTime: Number(fields[19]),
    argv,
  };
}

/** Every process visible in `/proc`. */
export function listProcesses(): ProcessInfo[] {
  const all: ProcessInfo[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const info = readProcess(Number(entry));
    if (info) all.push(info);
  }
  return all;
}

/** True while the process runs: false once gone, a zombie, or its pid reused by another process. */
export function isAlive(ref: ProcessRef | number): boolean {
  const { pid, startTime } = typeof ref === "number" ? { pid: ref, startTime: undefined } : ref;
  const info = readProcess(pid);
  if (!info || info.state === "Z" || info.state === "X") return false;
  return startTime === undefined || info.startTime === startTime;
}

/** Children, grandchildren, … of `pid` (not `pid` itself), alive ones only, parents before children. */
export function descendantsOf(pid: number, processes: ProcessInfo[] = listProcesses()): ProcessInfo[] {
  const byParent = new Map<number, ProcessInfo[]>();
  for (const info of processes) {
    const siblings = byParent.get(info.ppid) ?? [];
    siblings.push(info);
    byParent.set(info.ppid, siblings);
  }
  const found: ProcessInfo[] = [];
  const queue = [pid];
  for (let parent = queue.shift(); parent !== undefined; parent = queue.shift()) {
    for (const child of byParent.get(parent) ?? []) {
      if (child.state === "Z" || child.state === "X") continue;
      found.push(child);
      queue.push(child.pid);
    }
  }
  return found;
}

/**
 * Live processes whose environment contains `name=value`. Finds what a process tree loses: a grandchild
 * that was orphaned (adopted by init) and moved to its own process group still inherited the environment.
 * Only processes of the current user can be read; the caller itself is never listed.
 */
export function processesWithEnv(name: string, value: string): ProcessInfo[] {
  const needle = `${name}=${value}`;
  const found: ProcessInfo[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    let environ: string;
    try {
      environ = readFileSync(`/proc/${entry}/environ`, "utf8");
    } catch {
      continue;
    }
    if (!environ.split("\0").includes(needle)) continue;
    const info = readProcess(Number(entry));
    if (info && info.state !== "Z" && info.state !== "X") found.push(info);
  }
  return found;
}

/** Sends `signal` to the process if it is still the same process; false when it is already gone. */
export function signalProcess(ref: ProcessRef, signal: NodeJS.Signals): boolean {
  if (!isAlive(ref)) return false;
  try {
    process.kill(ref.pid, signal);
    return true;
  } catch {
    return false;
  }
}

/** Sends `signal` to a whole process group; false when the group is empty. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  if (pgid <= 1 || pgid === process.pid) return false;
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/** Waits until none of `refs` is alive (polling `/proc`); true if they all exited within `timeoutMs`. */
export async function waitForExit(refs: Array<ProcessRef | number>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let delay = 10;
  for (;;) {
    if (!refs.some((ref) => isAlive(ref))) return true;
    if (Date.now() >= deadline) return false;
    await sleep(Math.min(delay, Math.max(1, deadline - Date.now())));
    delay = Math.min(delay * 2, 100);
  }
}

/** What `killProcesses` did. */
export interface KillReport {
  /** Processes that were alive and got signalled. */
  killed: ProcessInfo[];
  /** Processes still alive after the wait (should be empty; a process in uninterruptible sleep can linger). */
  survivors: ProcessInfo[];
}

/**
 * SIGKILLs every listed process and every member of the listed process groups, then waits for them.
 * Identities are checked first (pid + start time), so a recycled pid is never hit.
 */
export async function killProcesses(
  processes: ProcessInfo[],
  options: { groups?: number[]; timeoutMs?: number } = {},
): Promise<KillReport> {
  const groups = new Set((options.groups ?? []).filter((pgid) => pgid > 1 && pgid !== process.pid));
  const targets = new Map<number, ProcessInfo>();
  for (const info of groups.size > 0 ? listProcesses() : []) {
    if (groups.has(info.pgid)) targets.set(info.pid, info);
  }
  for (const info of processes) targets.set(info.pid, info);
  const killed = [...targets.values()].filter((info) => isAlive(info));
  for (const pgid of groups) signalGroup(pgid, "SIGKILL");
  for (const info of killed) signalProcess(info, "SIGKILL");
  await waitForExit(killed, options.timeoutMs ?? 5_000);
  return { killed, survivors: killed.filter((info) => isAlive(info)) };
}
