/**
 * The pid file: enough to recognise, after our own process was killed, the child we left behind — and
 * to never mistake an unrelated process for it. Identity is pid + the kernel's process start time (+ the
 * boot id), so a recycled pid does not match; descendants are recognised by a marker variable in their
 * environment. The supervising process is identified the same way: a child whose supervisor still runs
 * is that supervisor's, never an orphan to reclaim.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { type ProcessSet, type TerminateResult, terminate } from "./group.ts";
import { bootId, commandLine, isAliveState, processInfo } from "./proc.ts";
import { redactSecrets } from "./redact.ts";

/** What the pid file holds (JSON). */
export interface PidFileRecord {
  version: 1;
  pid: number;
  pgid: number;
  command: string[];
  host: string;
  port?: number | undefined;
  /** ISO time of the spawn. */
  startedAt: string;
  /** The kernel's start time of `pid` (clock ticks since boot on Linux). */
  processStartTime: string;
  /** The kernel boot id ("" where unknown): start times of another boot never match. */
  bootId: string;
  /** Environment variable set in the child and inherited by its descendants. */
  marker: { name: string; value: string };
  /** The pid of the supervising process that wrote the file. */
  supervisorPid: number;
  /**
   * The kernel's start time of `supervisorPid`, so a recycled supervisor pid is not taken for the writer.
   * Absent in files of older versions: then a live child whose parent is `supervisorPid` counts as
   * supervised.
   */
  supervisorStartTime?: string | undefined;
}

/**
 * The record in a pid file: undefined when there is no file or it is not a supervisor's pid file; throws
 * the file system's error when it exists but cannot be read (EACCES, EISDIR…).
 */
export function readPidFile(path: string): PidFileRecord | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
  try {
    const r = JSON.parse(text) as Partial<PidFileRecord>;
    if (
      r.version !== 1 ||
      !Number.isInteger(r.pid) ||
      !Number.isInteger(r.pgid) ||
      typeof r.processStartTime !== "string" ||
      typeof r.marker?.name !== "string" ||
      typeof r.marker.value !== "string"
    ) {
      return undefined;
    }
    return r as PidFileRecord;
  } catch {
    return undefined;
  }
}

/**
 * Writes atomically (temporary file + rename), creating the directory. Mode 0600: the recorded argv may
 * carry a key (`--api-key=…`). The chmod covers a left-over temporary file, whose mode `writeFileSync` keeps.
 */
export function writePidFile(path: string, record: PidFileRecord): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
}

/** Removes the pid file if it still describes `pid` (or unconditionally without `pid`). */
export function removePidFile(path: string, pid?: number): void {
  if (pid !== undefined) {
    const current = readPidFile(path);
    if (current && current.pid !== pid) return;
  }
  rmSync(path, { force: true });
}

/** The supervising process named by a pid file, when it still runs. */
export interface LiveSupervisor {
  pid: number;
  /** Its command line ("" when unreadable). */
  command: string;
  /** It is this very process (another Supervisor instance here holds the pid file). */
  self: boolean;
}

export type OrphanVerdict =
  | { kind: "none" }
  | { kind: "invalid" }
  | { kind: "stale"; reason: string }
  /** The supervisor that wrote the file still runs: its child (if alive) is its own, never to be touched. */
  | { kind: "supervised"; record: PidFileRecord; leaderAlive: boolean; supervisor: LiveSupervisor }
  | { kind: "unrelated"; pid: number; command: string }
  | { kind: "ours"; record: PidFileRecord; leaderAlive: boolean };

/**
 * Pid files held by a Supervisor of this process with a live child (resolved path → holder), so that a
 * second instance in the same process does not take its sibling's child for an orphan.
 */
const heldHere = new Map<string, object>();

/** Records that `holder` (a Supervisor of this process) has a live child described by the pid file. */
export function holdPidFile(path: string, holder: object): void {
  heldHere.set(resolve(path), holder);
}

/** Forgets {@link holdPidFile} (only when `holder` is the one holding it). */
export function releasePidFile(path: string, holder: object): void {
  const key = resolve(path);
  if (heldHere.get(key) === holder) heldHere.delete(key);
}

/**
 * The supervising process of `record` if it still runs. Identity: pid + kernel start time, like the child
 * (a recycled pid is someone else). Files of older versions lack the start time: then the supervisor
 * counts as alive when the recorded child runs and is still its child (an orphan is re-parented).
 * This process counts only when another Supervisor instance here holds the file (`holder` aside).
 */
function liveSupervisor(
  path: string | undefined,
  record: PidFileRecord,
  child: ReturnType<typeof processInfo>,
  holder: object | undefined,
): LiveSupervisor | undefined {
  const pid = record.supervisorPid;
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  if (pid === process.pid) {
    const other = path === undefined ? undefined : heldHere.get(resolve(path));
    if (other === undefined || other === holder) return undefined;
    if (record.supervisorStartTime !== undefined && record.supervisorStartTime !== ownStartTime())
      return undefined;
    return { pid, command: redactSecrets(commandLine(pid)), self: true };
  }
  const info = processInfo(pid);
  if (!info || !isAliveState(info.state)) return undefined;
  if (record.supervisorStartTime !== undefined) {
    if (info.startTime !== record.supervisorStartTime) return undefined;
  } else if (!child || child.ppid !== pid) {
    return undefined;
  }
  return { pid, command: redactSecrets(commandLine(pid)), self: false };
}

let ownStartTimeCache: string | undefined;

/** The kernel's start time of this process (what the pid file records as `supervisorStartTime`). */
export function ownStartTime(): string {
  ownStartTimeCache ??= processInfo(process.pid)?.startTime ?? "";
  return ownStartTimeCache;
}

/**
 * Decides, without touching anything, what a pid file points at. `path` and `holder` (the asking
 * Supervisor) let a sibling Supervisor of this process be recognised as the live supervisor.
 */
export function judgePidFile(
  record: PidFileRecord | undefined,
  context: { path?: string; holder?: object } = {},
): OrphanVerdict {
  if (!record) return { kind: "none" };
  const boot = bootId();
  if (record.bootId && boot && record.bootId !== boot)
    return { kind: "stale", reason: "written before a reboot" };
  const info = processInfo(record.pid);
  const leaderAlive =
    info !== undefined && info.startTime === record.processStartTime && isAliveState(info.state);
  const supervisor = liveSupervisor(context.path, record, leaderAlive ? info : undefined, context.holder);
  if (supervisor) return { kind: "supervised", record, leaderAlive, supervisor };
  if (leaderAlive) return { kind: "ours", record, leaderAlive: true };
  if (info && info.startTime !== record.processStartTime) {
    // The pid was recycled. Descendants of our old child may still exist: they carry the marker.
    // Someone else's command line, shown in reasons and logs: redacted (it may carry a key).
    return { kind: "unrelated", pid: record.pid, command: redactSecrets(commandLine(record.pid)) };
  }
  return { kind: "ours", record, leaderAlive: false };
}

export interface ReclaimResult {
  verdict: OrphanVerdict;
  terminated?: TerminateResult;
}

/**
 * Reclaims what a previous supervisor left behind, only when that supervisor is gone: when the pid
 * file's process is ours (same start time), its whole group and marked descendants are terminated; when
 * the pid now belongs to someone else, only processes carrying our marker are. The pid file is removed
 * either way. When the supervisor that wrote the file still runs (`supervised`), nothing is touched and
 * the file stays.
 */
export async function reclaimOrphan(path: string, graceMs: number, holder?: object): Promise<ReclaimResult> {
  let record: PidFileRecord | undefined;
  try {
    record = readPidFile(path);
  } catch {
    return { verdict: { kind: "invalid" } };
  }
  const verdict = judgePidFile(record, { path, ...(holder ? { holder } : {}) });
  if (verdict.kind === "none" || verdict.kind === "supervised") return { verdict };
  let terminated: TerminateResult | undefined;
  if (record && (verdict.kind === "ours" || verdict.kind === "unrelated")) {
    const set: ProcessSet =
      verdict.kind === "ours" && verdict.leaderAlive
        ? { pgid: record.pgid, marker: record.marker }
        : { marker: record.marker };
    terminated = await terminate(set, { graceMs });
    if (terminated.found.length === 0) terminated = undefined;
  }
  removePidFile(path);
  return terminated ? { verdict, terminated } : { verdict };
}

/** What a pid file says, checked against the running processes. */
export interface PidFileInspection {
  /** The file looked at. */
  path: string;
  /**
   * - `none`: no pid file.
   * - `invalid`: a file that is not a supervisor's pid file (or cannot be read).
   * - `stale`: written before the last reboot.
   * - `supervised`: the supervising process that wrote it still runs (`child.alive` says whether its
   *   child does); a second supervisor adopts that child or refuses, it never kills it.
   * - `orphaned`: the child runs but its supervisor is gone; the next supervisor reclaims (ends) it.
   * - `recycled`: the child is gone and its pid now belongs to an unrelated process (left alone).
   * - `exited`: the child and its supervisor are gone (a left-over file).
   */
  state: "none" | "invalid" | "stale" | "supervised" | "orphaned" | "recycled" | "exited";
  /** The file's content, when it is a pid file. */
  record?: PidFileRecord;
  /** The recorded child: its pid, whether it still runs (same start time), its recorded argv. */
  child?: { pid: number; alive: boolean; command: string[] };
  /** The recorded supervising process: its pid, whether it still runs, its command line when it does. */
  supervisor?: { pid: number; alive: boolean; self: boolean; command?: string };
  /** One sentence for people. */
  reason: string;
}

/**
 * Reads a pid file and checks it against the running processes (pid + kernel start time of the child
 * and of its supervisor; `/proc` on Linux, `ps` elsewhere). Changes nothing, never throws, and does not
 * load execa: import it from `@proxykit/supervisor/pid-file` in tools that only look (a `status` command).
 */
export function inspectPidFile(path: string): PidFileInspection {
  let record: PidFileRecord | undefined;
  try {
    record = readPidFile(path);
  } catch (e) {
    return { path, state: "invalid", reason: `cannot read ${path}: ${(e as Error).message}` };
  }
  if (!record) {
    return existsSync(path)
      ? { path, state: "invalid", reason: `${path} is not a supervisor's pid file` }
      : { path, state: "none", reason: `no pid file at ${path}` };
  }
  const v = judgePidFile(record, { path });
  const childAlive = (v.kind === "ours" || v.kind === "supervised") && v.leaderAlive;
  const child = { pid: record.pid, alive: childAlive, command: record.command ?? [] };
  const supervisor =
    v.kind === "supervised"
      ? { pid: v.supervisor.pid, alive: true, self: v.supervisor.self, command: v.supervisor.command }
      : { pid: record.supervisorPid, alive: false, self: false };
  const base = { path, record, child, supervisor };
  const by = describeProcess(supervisor.pid, supervisor.command);
  switch (v.kind) {
    case "stale":
      return { ...base, state: "stale", reason: `${path} was ${v.reason}` };
    case "supervised":
      return {
        ...base,
        state: "supervised",
        reason: childAlive
          ? `pid ${record.pid} is supervised by ${by}`
          : `supervised by ${by}; its child pid ${record.pid} is not running`,
      };
    case "unrelated":
      return {
        ...base,
        state: "recycled",
        reason: `pid ${record.pid} now belongs to an unrelated process (${v.command || "?"}); its supervisor pid ${record.supervisorPid} is gone`,
      };
    default:
      return childAlive
        ? {
            ...base,
            state: "orphaned",
            reason: `pid ${record.pid} runs but its supervisor pid ${record.supervisorPid} is gone: the next supervisor reclaims it`,
          }
        : {
            ...base,
            state: "exited",
            reason: `pid ${record.pid} and its supervisor pid ${record.supervisorPid} are gone`,
          };
  }
}

/** `pid N (command)` or `pid N`. */
export function describeProcess(pid: number, command: string | undefined): string {
  return command ? `pid ${pid} (${command})` : `pid ${pid}`;
}
