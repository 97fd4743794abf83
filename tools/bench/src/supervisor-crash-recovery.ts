/**
 * Benchmark (a): crash recovery. The simulator is killed with SIGKILL; how long until /health answers
 * again? Ours (restartDelayMs 0, in its own process) against pm2 7 (restart_delay 0) supervising the very
 * same command, both reported as overhead above the simulator's own boot time (spawn → first healthy
 * answer to a tight poller), which is measured in the same run, interleaved.
 *
 * Also printed (a'): the supervisor's reaction alone — kill → the new process is spawned, as each supervisor
 * reports it (ours: the "starting" state with the new pid; pm2: its "online" bus event, emitted right after
 * its spawn). It leaves the simulator's boot out, so a busy machine disturbs it far less.
 *
 *   node --conditions=@proxykit/source tools/bench/src/supervisor-crash-recovery.ts [--runs 15]
 */
import { setTimeout as sleep } from "node:timers/promises";
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

const wall = () => performance.timeOrigin + performance.now();

const [bootPort, ourPort, pm2Port, pm2AppPort] = [
  await getFreePort(),
  await getFreePort(),
  await getFreePort(),
  await getFreePort(),
];
const ours = startOurHost(ourPort, {
  restartDelayMs: 0,
  stableAfterMs: 200,
  maxCrashes: 100_000,
  livenessIntervalMs: 10_000,
});
const pm2 = await startPm2([
  { name: "same-argv", port: pm2Port, mode: "same-argv" },
  { name: "node-app", port: pm2AppPort, mode: "node-app" },
]);
const boot: number[] = [];
const oursRecovery: number[] = [];
const pm2Recovery: number[] = [];
const pm2AppRecovery: number[] = [];
const oursReaction: number[] = [];
const pm2Reaction: number[] = [];
const pm2AppReaction: number[] = [];

/** kill -9 → healthy again (ms); the kill's epoch ms. */
async function recover(pid: number, port: number): Promise<[number, number]> {
  const t0 = performance.now();
  const killedAt = wall();
  await killHard(pid);
  return [(await pollUntilHealthy(port)) - t0, killedAt];
}

try {
  let ourPid = await ours.nextReadyPid();
  await pollUntilHealthy(pm2Port);
  await pollUntilHealthy(pm2AppPort);
  for (let i = 0; i < runs + warmup; i++) {
    const keep = i >= warmup;
    // Rotate the order so that no side always runs first.
    const steps = [
      async () => {
        const b = await measureBoot(bootPort);
        if (keep) boot.push(b);
      },
      async () => {
        await sleep(settleMs);
        const [r, killedAt] = await recover(ourPid, ourPort);
        ourPid = await ours.nextReadyPid();
        if (keep) {
          oursRecovery.push(r);
          oursReaction.push((ours.spawnedAt(ourPid) ?? Number.NaN) - killedAt);
        }
      },
      async () => {
        await sleep(settleMs);
        const [r, killedAt] = await recover(await pm2.pid("same-argv"), pm2Port);
        if (keep) {
          pm2Recovery.push(r);
          pm2Reaction.push((pm2.lastOnlineAt("same-argv") ?? Number.NaN) - killedAt);
        }
      },
      async () => {
        await sleep(settleMs);
        const [r, killedAt] = await recover(await pm2.pid("node-app"), pm2AppPort);
        if (keep) {
          pm2AppRecovery.push(r);
          pm2AppReaction.push((pm2.lastOnlineAt("node-app") ?? Number.NaN) - killedAt);
        }
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
  `kill -9 → healthy again: ours median ${median(oursRecovery).toFixed(1)} ms, pm2 (same argv) ${median(pm2Recovery).toFixed(1)} ms, pm2 (node app) ${median(pm2AppRecovery).toFixed(1)} ms`,
);
report({
  name: "(a) crash recovery: kill -9 → healthy, overhead above the simulator's own boot — pm2 given our exact argv",
  unit: "ms",
  ours: oursRecovery.map((r) => r - floor),
  baseline: pm2Recovery.map((r) => r - floor),
  baselineName: "pm2 7.0.4, interpreter none, restart_delay 0",
  target: { maxRatio: 0.25 },
});
report({
  name: "(a) crash recovery: kill -9 → healthy, overhead above the simulator's own boot — pm2 as it runs a Node app",
  unit: "ms",
  ours: oursRecovery.map((r) => r - floor),
  baseline: pm2AppRecovery.map((r) => r - floor),
  baselineName: "pm2 7.0.4, interpreter node (ProcessContainerFork), restart_delay 0",
  target: { maxRatio: 0.25 },
});
report({
  name: "(a') supervisor reaction: kill -9 → the new process spawned (as each supervisor reports it)",
  unit: "ms",
  ours: oursReaction,
  baseline: pm2Reaction,
  baselineName: "pm2 7.0.4 'online' event, interpreter none",
});
console.log(`  (pm2 as a Node app: median ${median(pm2AppReaction).toFixed(1)} ms)`);
// pm2's client can keep sockets open after its daemon is gone: end explicitly.
process.exit(0);
