/**
 * Benchmark: how soon does `@proxykit/health` notice that a server is ready, and what does a probe cost?
 *
 * 1. Readiness detection latency — from the moment a server (a separate process) starts listening to
 *    the moment `waitUntilReady` resolves, beside a fixed 500 ms poller waiting for the same server in
 *    the same run. Each run starts both waiters together, then the server listens after a random delay
 *    (100–1100 ms). Both sides read CLOCK_MONOTONIC (`process.hrtime`), which all processes share.
 * 2. The cost of one probe over a kept-alive connection, beside a probe on a fresh connection.
 * 3. What waiting costs while nothing listens: CPU time of `waitUntilReady` per second of waiting.
 *
 * Run: `node tools/bench/src/health-readiness.ts` (after `npx nx build health`), or
 * `npm run bench:health -w @proxykit/bench` (runs on the TypeScript sources). RUNS=… changes run count.
 */
import { type ChildProcess, spawn } from "node:child_process";
import http from "node:http";
import net from "node:net";
import { performance } from "node:perf_hooks";
import { type ProbeResult, probe, waitUntilReady } from "@proxykit/health";
import { median, report } from "./stats.ts";

const RUNS = Number(process.env.RUNS ?? 25);
const PROBES = Number(process.env.PROBES ?? 300);
const FIXED_INTERVAL_MS = 500;

/**
 * The server: warms its HTTP path on a throwaway port (so the figure is our detection, not a cold Node
 * process's first request), then waits for "go <delayMs>" on stdin, listens on the measured port and
 * reports the monotonic time of it.
 */
const SERVER = `
const http = require("node:http");
const port = Number(process.argv[1]);
const body = JSON.stringify({ status: "healthy", version: "bench", auth: { loggedIn: true, subscriptionType: "max" } });
const handler = (req, res) => res.writeHead(200, { "content-type": "application/json" }).end(body);
const server = http.createServer(handler);
async function warmUp() {
  const warm = http.createServer(handler);
  await new Promise((r) => warm.listen(0, "127.0.0.1", r));
  for (let i = 0; i < 20; i++) {
    await new Promise((r) => http.get({ host: "127.0.0.1", port: warm.address().port, path: "/health", agent: false }, (res) => { res.resume(); res.on("end", r); }));
  }
  await new Promise((r) => warm.close(r));
}
process.stdin.setEncoding("utf8");
process.stdin.on("data", (line) => {
  const delay = Number(line.trim().split(" ")[1] ?? 0);
  setTimeout(() => {
    server.listen(port, "127.0.0.1", () => {
      process.stdout.write("listening " + process.hrtime.bigint() + "\\n");
    });
  }, delay);
});
warmUp().then(() => process.stdout.write("booted\\n"));
`;

interface ServerProcess {
  child: ChildProcess;
  /** Resolves with the hrtime (ns) at which the server started listening. */
  listening: Promise<bigint>;
  go(delayMs: number): void;
  stop(): Promise<void>;
}

async function startServerProcess(port: number): Promise<ServerProcess> {
  const child = spawn(process.execPath, ["-e", SERVER, String(port)], { stdio: ["pipe", "pipe", "inherit"] });
  let buffer = "";
  let onBooted: () => void = () => {};
  let onListening: (t: bigint) => void = () => {};
  const booted = new Promise<void>((r) => (onBooted = r));
  const listening = new Promise<bigint>((r) => (onListening = r));
  child.stdout?.setEncoding("utf8");
  child.stdout?.on("data", (chunk: string) => {
    buffer += chunk;
    for (let nl = buffer.indexOf("\n"); nl >= 0; nl = buffer.indexOf("\n")) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      if (line === "booted") onBooted();
      else if (line.startsWith("listening ")) onListening(BigInt(line.slice("listening ".length)));
    }
  });
  await booted;
  return {
    child,
    listening,
    go: (delayMs) => child.stdin?.write(`go ${delayMs}\n`),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGKILL");
      }),
  };
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/** The baseline: probe, and if not healthy sleep a fixed 500 ms and try again. */
async function fixedPoller(url: string): Promise<{ result: ProbeResult; attempts: number }> {
  for (let attempts = 1; ; attempts++) {
    const result = await probe(url, { timeoutMs: 2000 });
    if (result.state === "healthy") return { result, attempts };
    await new Promise((r) => setTimeout(r, FIXED_INTERVAL_MS));
  }
}

/** Deterministic, evenly spread delays (mulberry32), so every run of the benchmark sees the same starts. */
function* delays(seed: number): Generator<number> {
  let a = seed >>> 0;
  for (;;) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const unit = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    yield 100 + Math.floor(unit * 1000);
  }
}

const nsToMs = (ns: bigint) => Number(ns) / 1e6;

async function readinessDetection(): Promise<void> {
  const ours: number[] = [];
  const baseline: number[] = [];
  const oursAttempts: number[] = [];
  const baselineAttempts: number[] = [];
  const exchange: number[] = [];
  const delay = delays(42);
  for (let run = 0; run < RUNS; run++) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/health`;
    const server = await startServerProcess(port);
    try {
      let attempts = 0;
      const oursDone = waitUntilReady(url, { timeoutMs: 10_000, onProbe: (_r, n) => (attempts = n) }).then(
        (r) => {
          exchange.push(r.latencyMs);
          return process.hrtime.bigint();
        },
      );
      const baseDone = fixedPoller(url).then((b) => {
        baselineAttempts.push(b.attempts);
        return process.hrtime.bigint();
      });
      server.go(delay.next().value as number);
      const [listenedAt, oursAt, baseAt] = await Promise.all([server.listening, oursDone, baseDone]);
      ours.push(nsToMs(oursAt - listenedAt));
      baseline.push(nsToMs(baseAt - listenedAt));
      oursAttempts.push(attempts);
    } finally {
      await server.stop();
    }
  }
  report({
    name: `readiness detection latency: server starts listening → waitUntilReady resolves (${RUNS} runs, start delay 100–1100 ms)`,
    unit: "ms",
    ours,
    baseline,
    baselineName: `fixed ${FIXED_INTERVAL_MS} ms poller, same runs`,
    target: { max: 15 },
  });
  console.log(
    `  probes    per run: ours median ${median(oursAttempts)}, baseline median ${median(baselineAttempts)}`,
  );
  console.log(
    `  of which  the successful probe itself (connect + HTTP exchange): median ${median(exchange).toFixed(2)} ms`,
  );
}

async function probeCost(): Promise<void> {
  const port = await freePort();
  const server = await startServerProcess(port);
  const url = `http://127.0.0.1:${port}/health`;
  server.go(0);
  await server.listening;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const kept: number[] = [];
    const fresh: number[] = [];
    const cpu = { kept: 0, fresh: 0 };
    await probe(url, { agent }); // open the kept-alive connection once
    for (let i = 0; i < PROBES; i++) {
      // Alternate, so both see the same machine load.
      for (const kind of i % 2 === 0 ? (["kept", "fresh"] as const) : (["fresh", "kept"] as const)) {
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        const r = await probe(url, kind === "kept" ? { agent } : {});
        const t = performance.now() - t0;
        const c = process.cpuUsage(c0);
        if (r.state !== "healthy") throw new Error(`probe failed: ${r.state} ${r.reason ?? ""}`);
        (kind === "kept" ? kept : fresh).push(t);
        cpu[kind] += c.user + c.system;
      }
    }
    report({
      name: `cost of one probe (${PROBES} each, alternating, server in another process)`,
      unit: "ms",
      ours: kept,
      baseline: fresh,
      baselineName: "fresh connection per probe",
    });
    console.log(
      `  cpu       per probe (this process): kept-alive ${(cpu.kept / PROBES).toFixed(0)} µs, fresh ${(cpu.fresh / PROBES).toFixed(0)} µs`,
    );
  } finally {
    agent.destroy();
    await server.stop();
  }
}

async function waitingCost(): Promise<void> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/health`;
  const seconds = 5;
  const perSecond: number[] = Array.from({ length: seconds + 1 }, () => 0);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await waitUntilReady(url, {
    timeoutMs: seconds * 1000,
    onProbe: () => {
      const second = Math.floor((performance.now() - t0) / 1000);
      perSecond[Math.min(second, seconds)] = (perSecond[Math.min(second, seconds)] ?? 0) + 1;
    },
  }).catch(() => {});
  const elapsed = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  const cpuMs = (c.user + c.system) / 1000;
  const attempts = perSecond.reduce((a, b) => a + b, 0);
  console.log(`\nwaiting while nothing listens (${seconds} s against a refused port)`);
  console.log(`  probes    per second: ${perSecond.slice(0, seconds).join(", ")} (${attempts} in all)`);
  console.log(
    `  cpu       ${(cpuMs / elapsed).toFixed(1)} ms per second of waiting (${((cpuMs / elapsed / 1000) * 100).toFixed(1)}% of one core), ${((cpuMs * 1000) / attempts).toFixed(0)} µs per probe`,
  );
}

console.log(`@proxykit/health readiness benchmark — node ${process.version}, ${process.platform}`);
await readinessDetection();
await probeCost();
await waitingCost();
