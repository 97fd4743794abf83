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
export async function measureBoot(port: number): Promise<number> {
  const [cmd, ...args] = fakeProxyCommand() as [string, ...string[]];
  const t0 = performance.now();
  const child = spawn(cmd, args, { env: simulatorEnv(port), detached: true, stdio: "ignore" });
  try {
    const t1 = await pollUntilHealthy(port);
    return t1 - t0;
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
  createInterface({ input: proc.stdout as NodeJS.ReadableStream }).on("line", (line) => {
    const msg = JSON.parse(line) as { state: string; pid?: number };
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
    stop: async () => {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = new Promise((r) => proc.once("exit", r));
      proc.kill("SIGTERM");
      await Promise.race([exited, sleep(10_000)]);
      if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGKILL");
    },
  };
}

/** pm2 7, programmatic API, in its own PM2_HOME so it never touches a user's pm2. */
export interface Pm2Harness {
  /** The pid of the app's current process. */
  pid(): Promise<number>;
  /** The pid of pm2's daemon ("God"). */
  daemonPid(): number;
  close(): Promise<void>;
}

interface Pm2Api {
  connect(cb: (err?: Error) => void): void;
  start(options: object, cb: (err?: Error) => void): void;
  describe(name: string, cb: (err: Error | null, list: Array<{ pid?: number }>) => void): void;
  killDaemon(cb: (err?: Error) => void): void;
  disconnect(): void;
}

export async function startPm2(port: number, name = "fake-proxy"): Promise<Pm2Harness> {
  const home = mkdtempSync(join(tmpdir(), "bench-pm2-home-"));
  // pm2 reads PM2_HOME when it is loaded: set it first, then load it.
  process.env.PM2_HOME = home;
  const pm2 = createRequire(import.meta.url)("pm2") as Pm2Api;
  const call = (fn: (cb: (err?: Error) => void) => void) =>
    new Promise<void>((resolve, reject) => fn((err) => (err ? reject(err) : resolve())));
  await call((cb) => pm2.connect(cb));
  const [cmd, ...args] = fakeProxyCommand() as [string, ...string[]];
  await call((cb) =>
    pm2.start(
      {
        name,
        script: cmd,
        args,
        interpreter: "none", // the same argv our supervisor runs
        env: { MERIDIAN_HOST: HOST, MERIDIAN_PORT: String(port) },
        autorestart: true,
        restart_delay: 0,
        min_uptime: 100,
        max_restarts: 100_000,
      },
      cb,
    ),
  );
  const pid = () =>
    new Promise<number>((resolve, reject) =>
      pm2.describe(name, (err, list) => {
        const p = list?.[0]?.pid;
        if (err || !p) reject(err ?? new Error("pm2: no pid"));
        else resolve(p);
      }),
    );
  return {
    pid,
    daemonPid: () => Number(readFileSync(join(home, "pm2.pid"), "utf8").trim()),
    close: async () => {
      try {
        await call((cb) => pm2.killDaemon(cb));
      } catch {
        // already gone
      }
      pm2.disconnect();
      rmSync(home, { recursive: true, force: true });
    },
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
