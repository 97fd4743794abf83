/** Shared helpers of the supervisor's tests: free ports, a tiny HTTP probe, cleanup of everything started. */
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspectPort, probe } from "@proxykit/health";
import { Supervisor } from "../supervisor.ts";
import type { InspectPort, Probe, SupervisorOptions, SupervisorStatus } from "../types.ts";

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

export function statusLine(s: SupervisorStatus): string {
  return `${s.state}: ${s.reason}`;
}
