/**
 * Benchmark (a): crash recovery. The simulator is killed with SIGKILL; how long until /health answers
 * again? Ours (restartDelayMs 0, in its own process) against pm2 7 (restart_delay 0) supervising the very
 * same command, both reported as overhead above the simulator's own boot time (spawn → first healthy
 * answer to a tight poller), which is measured in the same run, interleaved.
 *
 *   node --conditions=@proxykit/source tools/bench/src/supervisor-crash-recovery.ts [--runs 15]
 */
import { median, report } from "./stats.ts";
import {
  getFreePort,
  killHard,
  measureBoot,
  numberFlag,
  pollUntilHealthy,
  startOurHost,
  startPm2,
} from "./supervisor-support.ts";

const runs = numberFlag("runs", 15);
const warmup = 2;
const settleMs = 400; // let a restarted child settle before the next kill (both supervisors alike)

const [bootPort, ourPort, pm2Port] = [await getFreePort(), await getFreePort(), await getFreePort()];
const ours = startOurHost(ourPort, {
  restartDelayMs: 0,
  stableAfterMs: 200,
  maxCrashes: 100_000,
  livenessIntervalMs: 10_000,
});
const pm2 = await startPm2(pm2Port);
const boot: number[] = [];
const oursRecovery: number[] = [];
const pm2Recovery: number[] = [];

async function recover(pid: number, port: number): Promise<number> {
  const t0 = performance.now();
  await killHard(pid);
  return (await pollUntilHealthy(port)) - t0;
}

try {
  let ourPid = await ours.nextReadyPid();
  await pollUntilHealthy(pm2Port);
  for (let i = 0; i < runs + warmup; i++) {
    const keep = i >= warmup;
    // Rotate the order so that no side always runs first.
    const steps = [
      async () => {
        const b = await measureBoot(bootPort);
        if (keep) boot.push(b);
      },
      async () => {
        await new Promise((r) => setTimeout(r, settleMs));
        const r = await recover(ourPid, ourPort);
        ourPid = await ours.nextReadyPid();
        if (keep) oursRecovery.push(r);
      },
      async () => {
        await new Promise((r) => setTimeout(r, settleMs));
        const r = await recover(await pm2.pid(), pm2Port);
        if (keep) pm2Recovery.push(r);
      },
    ];
    for (let k = 0; k < steps.length; k++) await (steps[(i + k) % steps.length] as () => Promise<void>)();
  }
} finally {
  await ours.stop();
  await pm2.close();
}

const floor = median(boot);
console.log(
  `\nsimulator boot (spawn → first healthy answer, tight poller): median ${floor.toFixed(1)} ms (n=${boot.length})`,
);
console.log(
  `kill -9 → healthy again: ours median ${median(oursRecovery).toFixed(1)} ms, pm2 median ${median(pm2Recovery).toFixed(1)} ms`,
);
report({
  name: "(a) crash recovery: kill -9 → healthy, overhead above the simulator's own boot",
  unit: "ms",
  ours: oursRecovery.map((r) => r - floor),
  baseline: pm2Recovery.map((r) => r - floor),
  baselineName: "pm2 7.0.4, restart_delay 0, same command",
  target: { maxRatio: 0.25 },
});
