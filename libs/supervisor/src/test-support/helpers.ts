/**
 * Shared helpers of the supervisor's tests: free ports, a tiny HTTP probe, cleanup of everything started,
 * log collection, a foreign server, a supervising child process.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { inspectPort, probe } from "@proxykit/health";
import { Supervisor } from "../supervisor.ts";
import type { InspectPort, Probe, SupervisorLogger, SupervisorOptions, SupervisorStatus } from "../types.ts";

export const TINY_SERVER = join(import.meta.dirname, "tiny-server.ts");

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** The probe the app injects: @proxykit/health's `probe()` of http://host:port/health. */
export const httpProbe: Probe = ({ host, port, signal, timeoutMs }) =>
  probe(`http://${host}:${port}/health`, { signal, timeoutMs });

/** The port-owner lookup the app injects: @proxykit/health's `inspectPort()`. */
export const inspectPortForTests: InspectPort = (host, port) => inspectPort(host, port);

/** Tracks what a test starts, so afterEach stops it even when the test failed. */
export class Cleanup {
  #supervisors: Supervisor[] = [];
  #servers: Server[] = [];
  #dirs: string[] = [];
  #pids: number[] = [];
  #fns: Array<() => unknown> = [];

  supervisor(options: SupervisorOptions): Supervisor {
    const s = new Supervisor(options);
    this.#supervisors.push(s);
    return s;
  }
  server(s: Server): Server {
    this.#servers.push(s);
    return s;
  }
  tempDir(): string {
    const d = mkdtempSync(join(tmpdir(), "supervisor-test-"));
    this.#dirs.push(d);
    return d;
  }
  /** A process group to KILL at the end. */
  group(pgid: number): void {
    this.#pids.push(pgid);
  }
  add(fn: () => unknown): void {
    this.#fns.push(fn);
  }
  async run(): Promise<void> {
    await Promise.allSettled(this.#supervisors.map((s) => s.stop()));
    for (const pgid of this.#pids) {
      try {
        process.kill(-pgid, "SIGKILL");
      } catch {
        // gone
      }
    }
    for (const fn of this.#fns) await fn();
    await Promise.allSettled(this.#servers.map((s) => new Promise((r) => s.close(r))));
    for (const d of this.#dirs) rmSync(d, { recursive: true, force: true });
    this.#supervisors = [];
    this.#servers = [];
    this.#dirs = [];
    this.#pids = [];
    this.#fns = [];
  }
}

/** Options for a supervisor of the tiny server with fast test timings. */
export function tinyOptions(
  port: number,
  env: Record<string, string> = {},
  more: Partial<SupervisorOptions> = {},
): SupervisorOptions {
  return {
    command: [process.execPath, TINY_SERVER],
    name: "tiny",
    port,
    env: { TINY_PORT: String(port), ...env },
    probe: httpProbe,
    restartDelayMs: 20,
    maxRestartDelayMs: 200,
    stopTimeoutMs: 500,
    probeTimeoutMs: 300,
    livenessIntervalMs: 100,
    livenessFailureThreshold: 2,
    startupTimeoutMs: 10_000,
    ...more,
  };
}

/** Collects the sequence of states a supervisor goes through. */
export function recordStates(s: Supervisor): string[] {
  const states: string[] = [];
  s.on("state", (c) => states.push(c.state));
  return states;
}

/** Collects the restart delays a supervisor announces ("restarting in N ms"). */
export function recordRestartDelays(s: Supervisor): number[] {
  const delays: number[] = [];
  s.on("state", (c) => {
    const m = c.state === "restarting" ? /restarting in (\d+) ms/.exec(c.reason ?? "") : null;
    if (m) delays.push(Number(m[1]));
  });
  return delays;
}

export function statusLine(s: SupervisorStatus): string {
  return `${s.state}: ${s.reason}`;
}

/** A logger that keeps every line (info, warn and error alike) in `logs`. */
export function collectLogs(): { logs: string[]; logger: SupervisorLogger } {
  const logs: string[] = [];
  const keep = (m: string) => {
    logs.push(m);
  };
  return { logs, logger: { info: keep, warn: keep, error: keep } };
}

/** A process that is not ours and not a proxy: an HTTP server answering 404 to everything. Its pid. */
export async function foreignServer(cleanup: Cleanup, port: number): Promise<number> {
  const code = `require("http").createServer((q, s) => { s.writeHead(404); s.end("not a proxy"); })
    .listen(${port}, "127.0.0.1", () => console.log("up"));`;
  const child = spawn(process.execPath, ["-e", code], { stdio: ["ignore", "pipe", "inherit"] });
  cleanup.add(() => child.kill("SIGKILL"));
  await new Promise<void>((resolve) =>
    createInterface({ input: child.stdout }).once("line", () => resolve()),
  );
  return child.pid as number;
}

/** A state change as the supervising process (test-support/supervise.ts) prints it. */
export interface SupervisedLine {
  state: string;
  pid?: number;
  reason?: string;
  code?: string;
}

/** A supervising process (test-support/supervise.ts) started by {@link supervisingProcess}. */
export interface SupervisingProcess {
  process: ChildProcess;
  pid: number;
  /** Every state change it printed so far. */
  lines: SupervisedLine[];
  /** Resolves with the first printed state change matching `pred`. */
  next(pred: (line: SupervisedLine) => boolean): Promise<SupervisedLine>;
  /** Resolves when the process has exited (and was reaped). */
  exited: Promise<unknown>;
}

/**
 * Runs one Supervisor in a child process of its own (test-support/supervise.ts, probe = `httpProbe`),
 * for tests that need a second process on the same pid file or that SIGKILL the supervisor itself.
 * `options` must be JSON-serialisable (no probe, inspectPort or logger). Stopped at cleanup (SIGTERM,
 * then SIGKILL).
 */
export function supervisingProcess(
  cleanup: Cleanup,
  options: Partial<SupervisorOptions>,
): SupervisingProcess {
  const child = spawn(
    process.execPath,
    ["--conditions=@proxykit/source", join(import.meta.dirname, "supervise.ts")],
    {
      env: { ...process.env, SUPERVISE_OPTIONS: JSON.stringify(options) },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const exited = new Promise((resolve) => child.once("exit", resolve));
  // Still running at the end: SIGTERM (it stops its Supervisor, whose child goes too), SIGKILL after 5 s.
  cleanup.add(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const force = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(force);
  });
  const lines: SupervisedLine[] = [];
  const waiters = new Set<(line: SupervisedLine) => void>();
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (text) => {
    const line = JSON.parse(text) as SupervisedLine;
    lines.push(line);
    for (const w of [...waiters]) w(line);
  });
  return {
    process: child,
    pid: child.pid as number,
    lines,
    exited,
    next: (pred) => {
      const seen = lines.find(pred);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve) => {
        const w = (line: SupervisedLine) => {
          if (!pred(line)) return;
          waiters.delete(w);
          resolve(line);
        };
        waiters.add(w);
      });
    },
  };
}
