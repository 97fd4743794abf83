/**
 * Linux `/proc`: which sockets listen on a TCP port (`/proc/net/tcp{,6}`), which processes hold them
 * (`/proc/<pid>/fd/* → socket:[inode]`) and their command lines (`/proc/<pid>/cmdline`).
 * Everything here answers "unknown" rather than guess.
 */
import { readdir, readFile, readlink } from "node:fs/promises";
import { isIPv4 } from "node:net";
import path from "node:path";

/** One row of `/proc/net/tcp` or `/proc/net/tcp6`. */
export interface ProcSocket {
  /** Local address in canonical text form (`127.0.0.1`, `::`, `::ffff:127.0.0.1`). */
  address: string;
  port: number;
  /** Kernel TCP state number; 10 (0x0A) is LISTEN. */
  state: number;
  uid: number;
  inode: number;
}

export const TCP_LISTEN = 0x0a;

/** `0100007F` → `127.0.0.1` (the kernel prints each 32-bit word in host byte order: little-endian). */
function ipv4FromHex(hex: string): string {
  const n = Number.parseInt(hex, 16);
  return [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff].join(".");
}

/** 32 hex digits, four little-endian 32-bit words → canonical IPv6 text. */
function ipv6FromHex(hex: string): string {
  const bytes: number[] = [];
  for (let word = 0; word < 4; word++) {
    const w = hex.slice(word * 8, word * 8 + 8);
    for (let b = 3; b >= 0; b--) bytes.push(Number.parseInt(w.slice(b * 2, b * 2 + 2), 16));
  }
  const isMapped = bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  if (isMapped) return `::ffff:${bytes.slice(12).join(".")}`;
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16));
  return compressIpv6(groups);
}

/** Collapses the longest run of zero groups to `::` (RFC 5952). */
function compressIpv6(groups: string[]): string {
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < groups.length; ) {
    if (groups[i] !== "0") {
      i++;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === "0") j++;
    if (j - i > bestLen && j - i > 1) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (bestStart < 0) return groups.join(":");
  const head = groups.slice(0, bestStart).join(":");
  const tail = groups.slice(bestStart + bestLen).join(":");
  return `${head}::${tail}`;
}

/** Parses the text of `/proc/net/tcp` (`family` 4) or `/proc/net/tcp6` (`family` 6). */
export function parseProcNetTcp(text: string, family: 4 | 6): ProcSocket[] {
  const rows: ProcSocket[] = [];
  for (const line of text.split("\n").slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10) continue;
    const [addrHex, portHex] = (f[1] ?? "").split(":");
    if (!addrHex || !portHex) continue;
    rows.push({
      address: family === 4 ? ipv4FromHex(addrHex) : ipv6FromHex(addrHex),
      port: Number.parseInt(portHex, 16),
      state: Number.parseInt(f[3] ?? "", 16),
      uid: Number.parseInt(f[7] ?? "", 10),
      inode: Number.parseInt(f[9] ?? "", 10),
    });
  }
  return rows;
}

/** `0.0.0.0` and `::`: bound to every address. */
function wildcardFor(address: string): boolean {
  return address === "0.0.0.0" || address === "::";
}

/**
 * Whether a socket bound to `socketAddress` takes connections meant for one of `hostAddresses`:
 * the same address, a wildcard (`0.0.0.0`, `::` — dual-stack on Linux by default), or the IPv4-mapped
 * form. A host that is itself a wildcard matches every socket.
 */
export function addressCovers(socketAddress: string, hostAddresses: readonly string[]): boolean {
  for (const host of hostAddresses) {
    if (wildcardFor(host)) return true;
    if (socketAddress === host) return true;
    if (socketAddress === "::") return true;
    if (socketAddress === "0.0.0.0" && isIPv4(host)) return true;
    if (isIPv4(host) && socketAddress === `::ffff:${host}`) return true;
  }
  return false;
}

/** LISTEN sockets on `port` that cover one of `hostAddresses`, from `<procRoot>/net/tcp{,6}`. */
export async function listeningSockets(
  procRoot: string,
  port: number,
  hostAddresses: readonly string[],
): Promise<ProcSocket[]> {
  const found: ProcSocket[] = [];
  for (const [file, family] of [
    ["tcp", 4],
    ["tcp6", 6],
  ] as const) {
    let text: string;
    try {
      text = await readFile(path.join(procRoot, "net", file), "utf8");
    } catch {
      continue; // no IPv6 in this kernel, or no /proc/net at all
    }
    for (const row of parseProcNetTcp(text, family)) {
      if (row.state === TCP_LISTEN && row.port === port && addressCovers(row.address, hostAddresses)) {
        found.push(row);
      }
    }
  }
  return found;
}

export interface SocketOwners {
  /** Processes holding one of the sockets, lowest pid first. */
  pids: number[];
  /** Whether some process's fd table could not be read (another user's, without privileges). */
  sawDenied: boolean;
}

/** The two file-system calls {@link socketOwners} makes (replaceable to test a denied fd table). */
export interface ProcFs {
  readdir(dir: string): Promise<string[]>;
  readlink(file: string): Promise<string>;
}

const realFs: ProcFs = { readdir: (dir) => readdir(dir), readlink: (file) => readlink(file) };

/** Processes holding any of `inodes`, found by reading `<procRoot>/<pid>/fd/*` links. */
export async function socketOwners(
  procRoot: string,
  inodes: ReadonlySet<number>,
  fs: ProcFs = realFs,
): Promise<SocketOwners> {
  const wanted = new Set([...inodes].map((i) => `socket:[${i}]`));
  const entries = await fs.readdir(procRoot).catch(() => [] as string[]);
  const pids = entries.filter((e) => /^\d+$/.test(e)).map(Number);
  const owners: number[] = [];
  let sawDenied = false;
  await Promise.all(
    pids.map(async (pid) => {
      const fdDir = path.join(procRoot, String(pid), "fd");
      let fds: string[];
      try {
        fds = await fs.readdir(fdDir);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === "EACCES" || code === "EPERM") sawDenied = true;
        return; // ENOENT: the process exited meanwhile
      }
      for (const fd of fds) {
        const target = await fs.readlink(path.join(fdDir, fd)).catch(() => "");
        if (wanted.has(target)) {
          owners.push(pid);
          return;
        }
      }
    }),
  );
  owners.sort((a, b) => a - b);
  return { pids: owners, sawDenied };
}

/** `/proc/<pid>/cmdline` as an argv array (empty for kernel threads and zombies, undefined if unreadable). */
export async function readCmdline(procRoot: string, pid: number): Promise<string[] | undefined> {
  try {
    const raw = await readFile(path.join(procRoot, String(pid), "cmdline"), "utf8");
    const argv = raw.split("\0");
    if (argv.at(-1) === "") argv.pop();
    return argv;
  } catch {
    return undefined;
  }
}
