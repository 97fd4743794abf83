/**
 * Benchmark (c): idle CPU of a supervisor that probes liveness, over 60 s windows. Ours (its own
 * process, livenessIntervalMs 5 000 — denser than the plugin's default 10 000) against two baselines
 * measured side by side in the same windows from /proc/<pid>/schedstat: pm2 7's daemon supervising the
 * same simulator (pm2 does not probe at all), and the floor of probing — a bare Node process doing
 * nothing but the same GET /health at the same interval. Target: ours < 0.5 % of one core.
 *
 *   node --conditions=@proxykit/source tools/bench/src/supervisor-idle-cpu.ts [--runs 10] [--seconds 60]
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { setTimeout as sleep } from "node:timers/promises";
import { report } from "./stats.ts";
import {
  cpuMs,
  getFreePort,
  numberFlag,
  pollUntilHealthy,
  startOurHost,
  startPm2,
} from "./supervisor-support.ts";

const runs = numberFlag("runs", 10);
const seconds = numberFlag("seconds", 60);
const livenessIntervalMs = numberFlag("liveness-ms", 5_000);

const [ourPort, pm2Port] = [await getFreePort(), await getFreePort()];
const ours = startOurHost(ourPort, { livenessIntervalMs });
const pm2 = await startPm2([{ name: "fake-proxy", port: pm2Port }]);
const prober = spawn(process.execPath, [join(import.meta.dirname, "supervisor-minimal-prober.ts")], {
  env: { ...process.env, BENCH_PROBE_PORT: String(ourPort), BENCH_PROBE_MS: String(livenessIntervalMs) },
  stdio: ["ignore", "pipe", "inherit"],
});
await new Promise((resolve) => createInterface({ input: prober.stdout }).once("line", resolve));
const oursPct: number[] = [];
const pm2Pct: number[] = [];
const floorPct: number[] = [];
try {
  const childPid = await ours.nextReadyPid();
  await pollUntilHealthy(pm2Port);
  const hostPid = ours.proc.pid as number;
  const daemonPid = pm2.daemonPid();
  await sleep(2_000); // let start-up work (JIT, module loading) finish before measuring idle
  console.log(
    `measuring ${runs} windows of ${seconds} s (our supervisor pid ${hostPid}, pm2 daemon pid ${daemonPid})`,
  );
  const proberPid = prober.pid as number;
  for (let i = 0; i < runs; i++) {
    const a0 = cpuMs(hostPid);
    const b0 = cpuMs(daemonPid);
    const c0 = cpuMs(proberPid);
    const t0 = performance.now();
    await sleep(seconds * 1000);
    const wall = performance.now() - t0;
    oursPct.push(((cpuMs(hostPid) - a0) / wall) * 100);
    pm2Pct.push(((cpuMs(daemonPid) - b0) / wall) * 100);
    floorPct.push(((cpuMs(proberPid) - c0) / wall) * 100);
    console.log(
      `  window ${i + 1}: ours ${oursPct.at(-1)?.toFixed(3)} %, pm2 ${pm2Pct.at(-1)?.toFixed(3)} %, bare prober ${floorPct.at(-1)?.toFixed(3)} % of one core`,
    );
  }
  const restarted = await ours.nextReadyPidNow();
  if (restarted !== undefined)
    throw new Error(`our child ${childPid} was replaced by ${restarted} during the idle run`);
} finally {
  prober.kill("SIGKILL");
  await ours.stop();
  await pm2.close();
}

report({
  name: `(c) idle CPU over ${seconds} s, liveness probe every ${livenessIntervalMs} ms (pm2: no probing)`,
  unit: "% of one core",
  ours: oursPct,
  baseline: pm2Pct,
  baselineName: "pm2 7.0.4 daemon supervising the same simulator",
  target: { max: 0.5 },
});
report({
  name: `(c') idle CPU over ${seconds} s against the floor of probing (the same GET every ${livenessIntervalMs} ms, nothing else)`,
  unit: "% of one core",
  ours: oursPct,
  baseline: floorPct,
  baselineName: "bare Node process running only the probe",
});
// pm2's client can keep sockets open after its daemon is gone: end explicitly.
process.exit(0);
