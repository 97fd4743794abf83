/**
 * A small Linux-only port-owner lookup for tests (the app injects @proxykit/health's inspectPort):
 * /proc/net/tcp{,6} gives the listening socket's inode, /proc/<pid>/fd tells who holds it.
 */
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { isPortInUse } from "../port.ts";
import type { InspectPort } from "../types.ts";

function listeningInodes(port: number): Set<string> {
  const inodes = new Set<string>();
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text = "";
    try {
      text = readFileSync(table, "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n").slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10 || f[3] !== "0A") continue;
      const local = f[1] as string;
      if (Number.parseInt(local.slice(local.lastIndexOf(":") + 1), 16) === port) inodes.add(f[9] as string);
    }
  }
  return inodes;
}

export const inspectPortForTests: InspectPort = async (host, port) => {
  if (!(await isPortInUse(host, port))) return { free: true };
  const inodes = listeningInodes(port);
  const pids = readdirSync("/proc")
    .filter((n) => /^\d+$/.test(n))
    .map(Number)
    .sort((a, b) => a - b);
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m && inodes.has(m[1] as string)) {
          const command = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
          return { free: false, listener: { pid, command } };
        }
      } catch {
        // closed meanwhile
      }
    }
  }
  return { free: false };
};
