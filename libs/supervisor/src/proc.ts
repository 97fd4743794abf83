/**
 * What the operating system knows about processes: identity (pid + start time, so a recycled pid is never
 * mistaken for ours), process-group membership, liveness (a zombie counts as gone), command line, and
 * the marker variable we put in every child's environment.
 * Linux reads /proc; other Unixes fall back to `ps` (through `node:child_process`: this module, and the
 * pid-file code built on it, must not load execa).
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

export interface ProcessInfo {
  pid: number;
  ppid: number;
  pgid: number;
  /** One-letter state; "Z" (zombie) and "X" (dead) are not alive. */
  state: string;
  /** Opaque start time: clock ticks since boot on Linux, `lstart` text elsewhere. */
  startTime: string;
}

const hasProc = process.platform === "linux";
let bootIdCache: string | undefined;

/** The kernel's boot id (Linux), so start times from another boot never match; "" elsewhere. */
export function bootId(): string {
  if (bootIdCache !== undefined) return bootIdCache;
  try {
    bootIdCache = readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
  } catch {
    bootIdCache = "";
  }
  return bootIdCache;
}

/** Parses the text of /proc/<pid>/stat (the command name may contain spaces and parentheses). */
export function parseProcStat(text: string): ProcessInfo | undefined {
  const open = text.indexOf("(");
  const close = text.lastIndexOf(")");
  if (open < 0 || close < open) return undefined;
  const pid = Number(text.slice(0, open).trim());
  const rest = text.slice(close + 2).split(" ");
  // rest[0] is field 3 (state); field n is rest[n - 3].
  const state = rest[0];
  const ppid = Number(rest[1]);
  const pgid = Number(rest[2]);
  const startTime = rest[19];
  if (!state || !Number.isInteger(pid) || startTime === undefined) return undefined;
  return { pid, ppid, pgid, state, startTime };
}

/** CPU time (user + system) in clock ticks from /proc/<pid>/stat text. */
export function cpuTicksFromStat(text: string): number {
  const rest = text.slice(text.lastIndexOf(")") + 2).split(" ");
  return Number(rest[11]) + Number(rest[12]);
}

/** Runs `ps` with `args`; its stdout, or undefined when it could not run. */
function ps(args: string[]): string | undefined {
  const r = spawnSync("ps", args, {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
    windowsHide: true,
  });
  return typeof r.stdout === "string" ? r.stdout : undefined;
}

function psList(pidFilter?: number): ProcessInfo[] {
  const args = ["-o", "pid=,ppid=,pgid=,stat=,lstart="];
  if (pidFilter === undefined) args.unshift("-A");
  else args.push("-p", String(pidFilter));
  const stdout = ps(args);
  if (stdout === undefined) return [];
  const out: ProcessInfo[] = [];
  for (const line of stdout.split("\n")) {
    const m = /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(\S+)\s+(.*\S)\s*$/.exec(line);
    if (!m) continue;
    out.push({
      pid: Number(m[1]),
      ppid: Number(m[2]),
      pgid: Number(m[3]),
      state: (m[4] as string).charAt(0),
      startTime: m[5] as string,
    });
  }
  return out;
}

/** One process, or undefined when there is no such pid. */
export function processInfo(pid: number): ProcessInfo | undefined {
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  if (!hasProc) return psList(pid)[0];
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return undefined;
  }
}

/** Every process visible to us. */
export function listProcesses(): ProcessInfo[] {
  if (!hasProc) return psList();
  const out: ProcessInfo[] = [];
  let names: string[];
  try {
    names = readdirSync("/proc");
  } catch {
    return psList();
  }
  for (const name of names) {
    const c = name.charCodeAt(0);
    if (c < 48 || c > 57) continue;
    try {
      const info = parseProcStat(readFileSync(`/proc/${name}/stat`, "utf8"));
      if (info) out.push(info);
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

export function isAliveState(state: string): boolean {
  return state !== "Z" && state !== "X" && state !== "x";
}

/** True when `pid` runs (not a zombie) and, if given, started at `startTime`. */
export function isRunning(pid: number, startTime?: string): boolean {
  const info = processInfo(pid);
  if (!info || !isAliveState(info.state)) return false;
  return startTime === undefined || info.startTime === startTime;
}

/** The command line of a process as one display string ("" when unreadable). */
export function commandLine(pid: number): string {
  if (hasProc) {
    try {
      const raw = readFileSync(`/proc/${pid}/cmdline`, "utf8");
      return raw.split("\0").filter(Boolean).join(" ");
    } catch {
      return "";
    }
  }
  return ps(["-o", "command=", "-p", String(pid)])?.trim() ?? "";
}

/** Whether the environment of `pid` contains exactly `name=value` (false when unreadable). */
export function hasEnvMarker(pid: number, name: string, value: string): boolean {
  if (!hasProc) return false;
  try {
    const env = readFileSync(`/proc/${pid}/environ`);
    const needle = Buffer.from(`${name}=${value}\0`);
    const at = env.indexOf(needle);
    return at === 0 || (at > 0 && env[at - 1] === 0);
  } catch {
    return false;
  }
}

/** Whether environment markers can be read on this platform. */
export const canReadEnvMarkers = hasProc;
