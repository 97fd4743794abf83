/**
 * The pid file: enough to recognise, after our own process was killed, the child we left behind — and
 * to never mistake an unrelated process for it. Identity is pid + the kernel's process start time (+ the
 * boot id), so a recycled pid does not match; descendants are recognised by a marker variable in their
 * environment.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { type ProcessSet, type TerminateResult, terminate } from "./group.ts";
import { bootId, commandLine, processInfo } from "./proc.ts";

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
}

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

/** Writes atomically (temporary file + rename), creating the directory. */
export function writePidFile(path: string, record: PidFileRecord): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(record, null, 2)}\n`, { mode: 0o644 });
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

export type OrphanVerdict =
  | { kind: "none" }
  | { kind: "invalid" }
  | { kind: "stale"; reason: string }
  | { kind: "unrelated"; pid: number; command: string }
  | { kind: "ours"; record: PidFileRecord; leaderAlive: boolean };

/** Decides, without touching anything, what a pid file points at. */
export function judgePidFile(record: PidFileRecord | undefined): OrphanVerdict {
  if (!record) return { kind: "none" };
  const boot = bootId();
  if (record.bootId && boot && record.bootId !== boot)
    return { kind: "stale", reason: "written before a reboot" };
  const info = processInfo(record.pid);
  if (info && info.startTime === record.processStartTime && info.state !== "Z") {
    return { kind: "ours", record, leaderAlive: true };
  }
  if (info && info.startTime !== record.processStartTime) {
    // The pid was recycled. Descendants of our old child may still exist: they carry the marker.
    return { kind: "unrelated", pid: record.pid, command: commandLine(record.pid) };
  }
  return { kind: "ours", record, leaderAlive: false };
}

export interface ReclaimResult {
  verdict: OrphanVerdict;
  terminated?: TerminateResult;
}

/**
 * Reclaims what a previous supervisor left behind: when the pid file's process is ours (same start
 * time), its whole group and marked descendants are terminated; when the pid now belongs to someone
 * else, only processes carrying our marker are. The pid file is removed either way.
 */
export async function reclaimOrphan(path: string, graceMs: number): Promise<ReclaimResult> {
  let record: PidFileRecord | undefined;
  try {
    record = readPidFile(path);
  } catch {
    return { verdict: { kind: "invalid" } };
  }
  const verdict = judgePidFile(record);
  if (verdict.kind === "none") return { verdict };
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
