/**
 * The simulator as a real child process, for tests that need a proxy they can kill, crash or orphan:
 * its own process group, its output captured, its readiness taken from the ready line.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fakeProxyCommand } from "./command.ts";
import { envFromOptions, type FakeProxyCliOptions } from "./options.ts";
import { type RequestLogEntry, readRequestLog } from "./request-log.ts";

/** How to spawn the simulator: its settings (turned into env vars) plus process options. */
export interface SpawnFakeProxyOptions extends FakeProxyCliOptions {
  /** Base environment of the child. Default `process.env`. The settings above are added on top. */
  env?: Record<string, string | undefined>;
  /** `ready` rejects when the ready line has not appeared by then. Default 15 000 ms. */
  readyTimeoutMs?: number;
  /** How long `stop()` waits after SIGTERM before SIGKILL. Default 2 000 ms. */
  stopTimeoutMs?: number;
}

/** Where the simulator listens, from its ready line. */
export interface FakeProxyAddress {
  url: string;
  host: string;
  port: number;
}

/** A spawned simulator. */
export interface SpawnedFakeProxy {
  child: ChildProcess;
  /** The direct child's pid (the wrapper in wrapper mode; the server is its child then). */
  pid: number;
  /** Resolves on the ready line; rejects with `FakeProxyExitedError` when the process exits first. */
  ready: Promise<FakeProxyAddress>;
  /** Resolves when the direct child has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The URL: known at once when `port` was given, else once ready (throws before). */
  readonly url: string;
  /** The port: known at once when `port` was given, else once ready (throws before). */
  readonly port: number;
  /** The request log file the simulator writes. */
  requestLog: string;
  /** Every request the simulator logged so far. */
  requests(): RequestLogEntry[];
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Sends a signal to the direct child only (as a naive supervisor would). */
  kill(signal?: NodeJS.Signals): void;
  /** SIGTERM to the whole process group, SIGKILL after `stopTimeoutMs`; idempotent. Removes temp files. */
  stop(): Promise<void>;
}

/** The simulator exited (or never printed its ready line) before it was ready. */
export class FakeProxyExitedError extends Error {
  readonly code = "FAKE_PROXY_EXITED";
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly output: string;
  constructor(exitCode: number | null, signal: NodeJS.Signals | null, output: string) {
    super(
      `fake proxy exited before it was ready (${signal ?? `exit code ${exitCode}`}); output:\n${output.trim()}`,
    );
    this.name = "FakeProxyExitedError";
    this.exitCode = exitCode;
    this.signal = signal;
    this.output = output;
  }
}

const READY_LINE = /Meridian running at (http:\/\/(\S+):(\d+))/;

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is gone already
  }
}

/**
 * Spawns `fakeProxyCommand()` with the given settings. Port 0 by default (the ready line tells the real
 * one); a request log in a temp dir unless `requestLog` is given. Always `stop()` it, e.g. in `afterEach`.
 */
export function spawnFakeProxy(options: SpawnFakeProxyOptions = {}): SpawnedFakeProxy {
  const { env: baseEnv = process.env, readyTimeoutMs = 15_000, stopTimeoutMs = 2_000, ...settings } = options;
  const tempDir = settings.requestLog === undefined ? mkdtempSync(join(tmpdir(), "fake-proxy-")) : undefined;
  const requestLog = settings.requestLog ?? join(tempDir as string, "requests.jsonl");
  const hasPort = baseEnv.MERIDIAN_PORT !== undefined || baseEnv.CLAUDE_PROXY_PORT !== undefined;
  const env = {
    ...baseEnv,
    ...envFromOptions({ ...settings, port: settings.port ?? (hasPort ? undefined : 0), requestLog }),
  };

  const [command, ...args] = fakeProxyCommand() as [string, ...string[]];
  const child = spawn(command, args, { env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  if (child.pid === undefined) throw new Error(`could not spawn ${command}`);
  const pid = child.pid;

  let out = "";
  let address: FakeProxyAddress | undefined;
  // A caller that chose the port knows the URL before the ready line.
  const chosenHost = settings.host ?? "127.0.0.1";
  const chosen: FakeProxyAddress | undefined =
    settings.port !== undefined && settings.port > 0
      ? {
          host: chosenHost,
          port: settings.port,
          url: `http://${chosenHost.includes(":") ? `[${chosenHost}]` : chosenHost}:${settings.port}`,
        }
      : undefined;
  let exitInfo: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on("exit", (code, signal) => {
      exitInfo = { code, signal };
      resolve(exitInfo);
    });
  });

  const ready = new Promise<FakeProxyAddress>((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(new FakeProxyExitedError(null, null, `${out}\n(no ready line after ${readyTimeoutMs} ms)`)),
      readyTimeoutMs,
    );
    const onData = (chunk: Buffer): void => {
      out += chunk.toString("utf8");
      const match = address === undefined ? READY_LINE.exec(out) : null;
      if (match) {
        const host = match[2] as string;
        const port = Number(match[3]);
        // Meridian prints an IPv6 host unbracketed (`http://::1:3456`); give callers a usable URL.
        const url = host.includes(":") ? `http://[${host}]:${port}` : (match[1] as string);
        address = { url, host, port };
        clearTimeout(timer);
        resolve(address);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    // "close" fires after the pipes are drained, so the output is complete.
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (address === undefined) reject(new FakeProxyExitedError(code, signal, out));
    });
  });
  ready.catch(() => {}); // callers that never await `ready` must not see an unhandled rejection

  let stopping: Promise<void> | undefined;
  let finalRequests: RequestLogEntry[] | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (exitInfo === undefined) {
        signalGroup(pid, "SIGTERM");
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, stopTimeoutMs)))]);
        clearTimeout(timer);
      }
      // Whatever survived (an ignoring server, an orphaned grandchild) goes now.
      signalGroup(pid, "SIGKILL");
      await exited;
      if (tempDir !== undefined) {
        finalRequests = readRequestLog(requestLog);
        rmSync(tempDir, { recursive: true, force: true });
      }
    })();
    return stopping;
  };

  return {
    child,
    pid,
    ready,
    exited,
    get url() {
      const known = address ?? chosen;
      if (known === undefined) throw new Error("fake proxy port not known yet: await ready, or pass port");
      return known.url;
    },
    get port() {
      const known = address ?? chosen;
      if (known === undefined) throw new Error("fake proxy port not known yet: await ready, or pass port");
      return known.port;
    },
    requestLog,
    requests: () => finalRequests ?? readRequestLog(requestLog),
    output: () => out,
    kill: (signal = "SIGTERM") => {
      child.kill(signal);
    },
    stop,
  };
}
