/**
 * Where the proxy's supervisor (the plugin's service inside the Gateway, or `anthropic-max-proxy run`)
 * keeps its pid file, and what `status` reads from it. One path for both supervisors, so each sees the
 * other and an orphan left by a killed Gateway is recognised.
 */
import { join } from "node:path";
import { type PidFileRecord, readPidFile } from "@proxykit/supervisor";
import { PLUGIN_ID } from "./ids.ts";

/** `<OpenClaw state dir>/anthropic-max-proxy/proxy.pid` */
export function proxyPidFile(stateDir: string): string {
  return join(stateDir, PLUGIN_ID, "proxy.pid");
}

/** What the pid file says, checked against the live processes. */
export interface SupervisionView {
  pidFile: string;
  /** `running`: the recorded proxy process is alive; `stale`: the file names a dead process; `none`: no file. */
  state: "running" | "stale" | "none";
  pid?: number;
  command?: string[];
  startedAt?: string;
  /** The process that supervises it (a Gateway or `anthropic-max-proxy run`). */
  supervisorPid?: number;
  supervisorAlive?: boolean;
}

/** True when a process with this pid exists (and we may signal it or it is someone else's). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Reads the pid file of the proxy's supervisor under `stateDir`. Never throws. */
export function readSupervision(stateDir: string): SupervisionView {
  const pidFile = proxyPidFile(stateDir);
  let record: PidFileRecord | undefined;
  try {
    record = readPidFile(pidFile);
  } catch {
    record = undefined;
  }
  if (!record) return { pidFile, state: "none" };
  return {
    pidFile,
    state: isAlive(record.pid) ? "running" : "stale",
    pid: record.pid,
    command: record.command,
    startedAt: record.startedAt,
    supervisorPid: record.supervisorPid,
    supervisorAlive: isAlive(record.supervisorPid),
  };
}
