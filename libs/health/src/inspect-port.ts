/**
 * `inspectPort(host, port)`: is anything listening there, could a new server bind it, and — where the
 * OS tells (Linux `/proc`) — which process holds it.
 *
 * Two different questions, two different tests:
 * - "is something listening?" — a TCP connect. It has no side effect on anyone.
 * - "could my server bind it?" — a bind test. It is the only way to see a port held without listening,
 *   or by a wildcard listener on another address, or refused by permissions; but it briefly owns the
 *   port, so it runs only when the connect test found nobody listening.
 */
import { lookup } from "node:dns/promises";
import net from "node:net";
import { cleanText } from "./interpret-answer.ts";
import { listeningSockets, readCmdline, socketOwners } from "./proc-net.ts";
import { redactArgv } from "./redact-argv.ts";

/** A process holding the listening socket. */
export interface PortListener {
  pid: number;
  /** Its command line (`/proc/<pid>/cmdline`), secret-looking values replaced by `<redacted>`. */
  command: string[];
}

/** Why the listener is not known (`listener` is then absent). */
export type ListenerUnknownReason =
  /** Not Linux: no `/proc` to ask. */
  | "unsupported-platform"
  /** The socket is there but belongs to a process whose fd table we may not read (another user). */
  | "not-permitted"
  /** No listening socket or owner found in `/proc` (another network or pid namespace, or it just went). */
  | "not-found";

/** What {@link inspectPort} found. */
export interface PortInfo {
  host: string;
  port: number;
  /** A server could bind `host:port` now (bind test). False when something listens or holds it. */
  free: boolean;
  /** Something accepts TCP connections at `host:port` (connect test). */
  listening: boolean;
  /** Code of the failed bind test, e.g. `EADDRINUSE`, `EACCES`, `EADDRNOTAVAIL`. */
  bindError?: string;
  /** The process holding the port (the lowest pid when several share the socket). */
  listener?: PortListener;
  /** Every process holding the listening socket (e.g. a wrapper and its child sharing it). */
  listeners?: PortListener[];
  /** Owner's uid of the listening socket, when `/proc/net` shows one. */
  socketUid?: number;
  /** Why `listener` is absent although the port is taken. */
  listenerUnknown?: ListenerUnknownReason;
}

/** Options of {@link inspectPort}. */
export interface InspectPortOptions {
  /** Deadline of the connect test (default 1000 ms). */
  timeoutMs?: number | undefined;
  /** Where `proc` is mounted (default `/proc`; e.g. `/host/proc` in a container). */
  procRoot?: string | undefined;
  /** The platform to behave as (default `process.platform`); `/proc` is read only on `linux`. */
  platform?: NodeJS.Platform | undefined;
}

type ConnectOutcome = "connected" | "refused" | "timeout" | "error";

function connectTest(host: string, port: number, timeoutMs: number): Promise<ConnectOutcome> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (outcome: ConnectOutcome) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => done("timeout"), timeoutMs);
    socket.once("connect", () => done("connected"));
    socket.once("error", (error: NodeJS.ErrnoException) =>
      done(error.code === "ECONNREFUSED" ? "refused" : "error"),
    );
  });
}

function bindTest(host: string, port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? "EUNKNOWN"));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(undefined)));
  });
}

async function addressesOf(host: string): Promise<string[]> {
  if (net.isIP(host)) return [host];
  try {
    return (await lookup(host, { all: true })).map((a) => a.address);
  } catch {
    return [];
  }
}

/**
 * Inspects `host:port`. Never throws for a busy, free or unreachable port; `listener` is filled only
 * when `/proc` says for certain who holds the socket.
 *
 * Run it before spawning a server, not while one is starting: the bind test (done only when nothing
 * listens) holds the port for a moment.
 *
 * @example
 * const info = await inspectPort("127.0.0.1", 3456);
 * if (!info.free) throw new Error(describePortInfo(info)); // "port 3456 on 127.0.0.1 is used by pid 4242 (node …)"
 */
export async function inspectPort(
  host: string,
  port: number,
  options: InspectPortOptions = {},
): Promise<PortInfo> {
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new RangeError(`port must be an integer from 1 to 65535, got ${port}`);
  }
  const connect = await connectTest(host, port, options.timeoutMs ?? 1000);
  const listening = connect === "connected";
  const info: PortInfo = { host, port, free: false, listening };
  if (!listening) {
    const bindError = await bindTest(host, port);
    if (bindError === undefined) info.free = true;
    else info.bindError = bindError;
  }
  // Free, or not bindable for a reason no process explains (EACCES, EADDRNOTAVAIL): nobody to look up.
  if (info.free || (!listening && info.bindError !== "EADDRINUSE")) return info;

  const platform = options.platform ?? process.platform;
  if (platform !== "linux") {
    info.listenerUnknown = "unsupported-platform";
    return info;
  }
  const procRoot = options.procRoot ?? "/proc";
  const sockets = await listeningSockets(procRoot, port, await addressesOf(host));
  if (sockets.length === 0) {
    info.listenerUnknown = "not-found";
    return info;
  }
  const first = sockets[0];
  if (first && sockets.every((s) => s.uid === first.uid)) info.socketUid = first.uid;
  const owners = await socketOwners(procRoot, new Set(sockets.map((s) => s.inode)));
  const listeners: PortListener[] = [];
  for (const pid of owners.pids) {
    const argv = await readCmdline(procRoot, pid);
    if (argv !== undefined) listeners.push({ pid, command: redactArgv(argv) });
  }
  if (listeners.length === 0) {
    info.listenerUnknown = owners.sawDenied ? "not-permitted" : "not-found";
    return info;
  }
  info.listener = listeners[0];
  info.listeners = listeners;
  return info;
}

/**
 * A command line for a message: control characters flattened, a long path kept as `…/dir/file`, any
 * other long argument cut, at most ~120 characters — e.g. `node …/meridian/dist/cli.js`.
 */
export function formatCommand(command: readonly string[]): string {
  const shortened = command.map((raw) => {
    const arg = cleanText(raw);
    if (arg.length <= 60) return arg;
    if (/^[^\s]*\/[^\s]*$/.test(arg)) return `…/${arg.split("/").slice(-2).join("/")}`;
    return `${arg.slice(0, 40)}…`;
  });
  const text = shortened.join(" ");
  return text.length > 120 ? `${text.slice(0, 119)}…` : text;
}

/**
 * One line for an error message: `port 3456 on 127.0.0.1 is used by pid 4242 (node …/bin/cli.js)`,
 * `… is in use (owner unknown: not permitted to read other users' processes)`, or `… is free`.
 */
export function describePortInfo(info: PortInfo): string {
  const where = `port ${info.port} on ${info.host}`;
  if (info.free) return `${where} is free`;
  if (info.listener) {
    const cmd = info.listener.command.length > 0 ? ` (${formatCommand(info.listener.command)})` : "";
    return `${where} is used by pid ${info.listener.pid}${cmd}`;
  }
  const what = info.listening ? "is in use" : `cannot be bound (${info.bindError ?? "unknown error"})`;
  const why: Record<ListenerUnknownReason, string> = {
    "unsupported-platform": "this OS does not tell which process",
    "not-permitted": `it belongs to another user${info.socketUid === undefined ? "" : ` (uid ${info.socketUid})`}, whose processes we may not read`,
    "not-found": "no process found holding it",
  };
  return info.listenerUnknown
    ? `${where} ${what} (owner unknown: ${why[info.listenerUnknown]})`
    : `${where} ${what}`;
}
