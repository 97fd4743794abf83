/**
 * Shared pieces of the supervisor benchmarks: the simulator's command, a tight external health poller
 * (the physical floor every supervisor is measured against), our supervisor in its own process, pm2 in an
 * isolated PM2_HOME, and per-process CPU time from /proc.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { request } from "node:http";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { setTimeout as sleep } from "node:timers/promises";
import { fakeProxyCommand } from "@proxykit/fake-proxy";

import { HOST } from "./supervisor-probe.ts";

export { HOST };

/** The environment that makes the simulator listen on `port` (Meridian's variables). */
export function simulatorEnv(port: number, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, MERIDIAN_HOST: HOST, MERIDIAN_PORT: String(port), ...extra };
}

/** One GET /health on a fresh connection: true on a 2xx answer. Never throws. */
export function healthOnce(port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ host: HOST, port, path: "/health", agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      res.on("end", () => resolve((res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 300));
      res.on("error", () => resolve(false));
    });
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(false));
    req.end();
  });
}

/** Polls back to back (no sleep) until /health answers 2xx; resolves with performance.now() of that answer. */
export async function pollUntilHealthy(port: number, deadlineMs = 30_000): Promise<number> {
  const end = performance.now() + deadlineMs;
  while (performance.now() < end) {
    if (await healthOnce(port)) return performance.now();
  }
  throw new Error(`port ${port}: not healthy within ${deadlineMs} ms`);
}

/** True while a process with this pid exists and is not a zombie. */
export function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
    return state !== "Z" && state !== "X";
  } catch {
    return false;
  }
}

/** SIGKILL `pid` and wait (spinning, it takes microseconds) until it is gone. */
export async function killHard(pid: number): Promise<void> {
  process.kill(pid, "SIGKILL");
  while (alive(pid)) await new Promise((r) => setImmediate(r));
}

/** Waits until nothing answers on the port (connection refused). */
export async function waitPortFree(port: number, deadlineMs = 10_000): Promise<void> {
  const end = performance.now() + deadlineMs;
  while (performance.now() < end) {
    const inUse = await new Promise<boolean>((resolve) => {
      const req = request({ host: HOST, port, path: "/", agent: false, timeout: 200 }, (res) => {
        res.resume();
        resolve(true);
      });
      req.on("timeout", () => req.destroy());
      req.on("error", (e: NodeJS.ErrnoException) => resolve(e.code !== "ECONNREFUSED"));
      req.end();
    });
    if (!inUse) return;
    await sleep(5);
  }
  throw new Error(`port ${port} still in use after ${deadlineMs} ms`);
}

/**
 * The simulator's own boot time: spawn it directly, tight-poll until healthy, kill its group.
 * This is the floor no supervisor can beat.
 */
export async function measureBoot(port: number, env: Record<string, string> = {}): Promise<number> {
  return (await measureBootDetailed(port, env)).healthyMs;
}

/** Like measureBoot, also telling when (epoch ms) the child was spawned. */
export async function measureBootDetailed(
  port: number,
  env: Record<string, string> = {},
): Promise<{ healthyMs: number; spawnedAt: number }> {
  const [cmd, ...args] = fakeProxyCommand() as [string, ...string[]];
  const t0 = performance.now();
  const spawnedAt = performance.timeOrigin + t0;
  const child = spawn(cmd, args, { env: simulatorEnv(port, env), detached: true, stdio: "ignore" });
  try {
    const t1 = await pollUntilHealthy(port);
    return { healthyMs: t1 - t0, spawnedAt };
  } finally {
    try {
      process.kill(-(child.pid as number), "SIGKILL");
    } catch {
      // gone
    }
    await waitPortFree(port);
  }
}

/** Our supervisor, running in its own Node process like pm2's daemon (src/supervisor-host.ts). */
export interface OurHost {
  proc: ChildProcess;
  /** The pid of the current child once it is ready. */
  nextReadyPid(): Promise<number>;
  /** A ready pid reported and not yet taken, if any (e.g. a restart nobody asked for). */
  nextReadyPidNow(): Promise<number | undefined>;
  /** Epoch ms at which the host reported spawning `pid` ("starting" with that pid). */
  spawnedAt(pid: number): number | undefined;
  stop(): Promise<void>;
}

export function startOurHost(port: number, options: Record<string, unknown>): OurHost {
  const script = join(import.meta.dirname, "supervisor-host.ts");
  const proc = spawn(process.execPath, ["--conditions=@proxykit/source", script], {
    env: { ...process.env, BENCH_HOST_OPTIONS: JSON.stringify({ port, ...options }) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const waiting: Array<(pid: number) => void> = [];
  const readyPids: number[] = [];
  const spawned = new Map<number, number>();
  createInterface({ input: proc.stdout as NodeJS.ReadableStream }).on("line", (line) => {
    const msg = JSON.parse(line) as { state: string; pid?: number; at?: number };
    if (msg.state === "starting" && msg.pid !== undefined && msg.at !== undefined && !spawned.has(msg.pid)) {
      spawned.set(msg.pid, msg.at);
    }
    if (msg.state !== "ready" || msg.pid === undefined) return;
    const w = waiting.shift();
    if (w) w(msg.pid);
    else readyPids.push(msg.pid);
  });
  return {
    proc,
    nextReadyPid: () => {
      const pid = readyPids.shift();
      if (pid !== undefined) return Promise.resolve(pid);
      return new Promise((resolve) => waiting.push(resolve));
    },
    nextReadyPidNow: async () => readyPids.shift(),
    spawnedAt: (pid) => spawned.get(pid),
    stop: async () => {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = new Promise((r) => proc.once("exit", r));
      proc.kill("SIGTERM");
      await Promise.race([exited, sleep(10_000)]);
      if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGKILL");
    },
  };
}

/** pm2 7, programmatic API, in its own PM2_HOME (one daemon per benchmark) so it never touches a user's pm2. */
export interface Pm2Harness {
  /** The pid of an app's current process. */
  pid(name: string): Promise<number>;
  /** The pid of pm2's daemon ("God"). */
  daemonPid(): number;
  /** Epoch ms of pm2's last "online" event for an app (emitted right after it spawned the process). */
  lastOnlineAt(name: string): number | undefined;
  close(): Promise<void>;
}

/**
 * How pm2 runs the simulator: `"same-argv"` gives it exactly our argv (`interpreter: "none"`);
 * `"node-app"` is pm2's usual way for a Node script (`script` + `interpreter: node`, through its
 * ProcessContainerFork wrapper), what `pm2 start meridian` does.
 */
export type Pm2Mode = "same-argv" | "node-app";

export interface Pm2App {
  name: string;
  port: number;
  mode?: Pm2Mode;
  env?: Record<string, string>;
}

interface Pm2Bus {
  on(
    event: "process:event",
    listener: (packet: { event: string; at: number; process: { name: string } }) => void,
  ): void;
}

interface Pm2Api {
  connect(cb: (err?: Error) => void): void;
  launchBus(cb: (err: Error | null, bus: Pm2Bus) => void): void;
  start(options: object, cb: (err?: Error) => void): void;
  describe(name: string, cb: (err: Error | null, list: Array<{ pid?: number }>) => void): void;
  killDaemon(cb: (err?: Error) => void): void;
  disconnect(): void;
}

let pm2Loaded = false;

/** Starts a private pm2 daemon supervising `apps` (restart_delay 0, no restart limit). Call once per process. */
export async function startPm2(apps: readonly Pm2App[]): Promise<Pm2Harness> {
  if (pm2Loaded) throw new Error("startPm2: one pm2 daemon per benchmark process");
  pm2Loaded = true;
  const home = mkdtempSync(join(tmpdir(), "bench-pm2-home-"));
  // pm2 reads PM2_HOME when it is loaded: set it first, then load it.
  process.env.PM2_HOME = home;
  const pm2 = createRequire(import.meta.url)("pm2") as Pm2Api;
  const call = (fn: (cb: (err?: Error) => void) => void) =>
    new Promise<void>((resolve, reject) => fn((err) => (err ? reject(err) : resolve())));
  const close = async () => {
    try {
      await call((cb) => pm2.killDaemon(cb));
    } catch {
      // already gone
    } finally {
      pm2.disconnect();
      rmSync(home, { recursive: true, force: true });
    }
  };
  const onlineAt = new Map<string, number>();
  try {
    await call((cb) => pm2.connect(cb));
    const bus = await new Promise<Pm2Bus>((resolve, reject) =>
      pm2.launchBus((err, b) => (err ? reject(err) : resolve(b))),
    );
    bus.on("process:event", (p) => {
      if (p.event === "online") onlineAt.set(p.process.name, p.at);
    });
    const [cmd, ...args] = fakeProxyCommand() as [string, ...string[]];
    for (const app of apps) {
      const how =
        (app.mode ?? "same-argv") === "same-argv"
          ? { script: cmd, args, interpreter: "none" }
          : { script: args[0], interpreter: cmd }; // node (absolute path) → pm2's ProcessContainerFork
      await call((cb) =>
        pm2.start(
          {
            name: app.name,
            ...how,
            env: { MERIDIAN_HOST: HOST, MERIDIAN_PORT: String(app.port), ...app.env },
            autorestart: true,
            restart_delay: 0,
            min_uptime: 100,
            max_restarts: 100_000,
          },
          cb,
        ),
      );
    }
  } catch (e) {
    await close();
    throw e;
  }
  return {
    pid: (name) =>
      new Promise<number>((resolve, reject) =>
        pm2.describe(name, (err, list) => {
          const p = list?.[0]?.pid;
          if (err || !p) reject(err ?? new Error(`pm2: no pid for ${name}`));
          else resolve(p);
        }),
      ),
    daemonPid: () => Number(readFileSync(join(home, "pm2.pid"), "utf8").trim()),
    lastOnlineAt: (name) => onlineAt.get(name),
    close,
  };
}

/** CPU time a process has used so far, in milliseconds (/proc/<pid>/schedstat, ns precision). */
export function cpuMs(pid: number): number {
  try {
    const ns = Number(readFileSync(`/proc/${pid}/schedstat`, "utf8").split(" ")[0]);
    if (Number.isFinite(ns)) return ns / 1e6;
  } catch {
    // fall back to clock ticks
  }
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(f[11]) + Number(f[12])) * 10; // USER_HZ = 100
}

/** Parses `--name value` flags with numeric defaults. */
export function numberFlag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} needs a positive number`);
  return v;
}

/** A free port on loopback. */
export { getFreePort } from "@proxykit/fake-proxy";
