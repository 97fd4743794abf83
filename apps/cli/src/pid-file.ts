/**
 * What `status`, `doctor` and `run` read from the pid file of the proxy's supervisor (the plugin's service
 * inside the Gateway, or `anthropic-max-proxy run`). Its path is the shared policy's (`proxyPidFile` from
 * `@proxykit/config-schema`): one path for both supervisors, so each sees the other and an orphan left by a
 * killed Gateway is recognised.
 */
import { proxyPidFile } from "@proxykit/config-schema";
// The pid-file reader without the supervisor itself (which loads execa, ~20 ms `status` does not need).
import { type PidFileRecord, readPidFile } from "@proxykit/supervisor/pid-file";
import { PLUGIN_ID } from "./ids.ts";

/** What the pid file says, checked against the live processes. */
export interface SupervisionView {
  pidFile: string;
  /**
   * `running`: the recorded proxy process is alive; `proxy-down`: it is not, but its supervisor runs (it is
   * restarting the proxy or waiting for a Claude login); `stale`: both are gone; `none`: no file.
   */
  state: "running" | "proxy-down" | "stale" | "none";
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

/** The pid file's record, or undefined when absent, unreadable or not a supervisor's pid file. */
function readRecord(path: string): PidFileRecord | undefined {
  try {
    return readPidFile(path);
  } catch {
    return undefined;
  }
}

/** Reads the pid file of the proxy's supervisor under `stateDir`. Never throws. */
export function readSupervision(stateDir: string): SupervisionView {
  const pidFile = proxyPidFile(stateDir, PLUGIN_ID);
  const record = readRecord(pidFile);
  if (!record) return { pidFile, state: "none" };
  const supervisorAlive = isAlive(record.supervisorPid);
  return {
    pidFile,
    state: isAlive(record.pid) ? "running" : supervisorAlive ? "proxy-down" : "stale",
    pid: record.pid,
    command: record.command,
    startedAt: record.startedAt,
    supervisorPid: record.supervisorPid,
    supervisorAlive,
  };
}
