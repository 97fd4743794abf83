/**
 * Benchmark (b): readiness overhead. For each start, a tight external poller (back-to-back GET /health,
 * the earliest moment anyone could know) watches the very child our supervisor spawned; the overhead of
 * that run is `ready` event − the poller's first healthy answer. Pairing on the same child removes the
 * boot-time noise of a busy machine. Also printed, unpaired: spawn → ready against spawn → first healthy
 * answer on a bare simulator started without a supervisor, interleaved in the same run.
 *
 *   node --conditions=@proxykit/source tools/bench/src/supervisor-readiness.ts [--runs 15]
 */
import { fakeProxyCommand } from "@proxykit/fake-proxy";
import { Supervisor } from "@proxykit/supervisor";
import { median, percentile, report } from "./stats.ts";
import { healthProbe } from "./supervisor-probe.ts";
import {
  getFreePort,
  HOST,
  measureBoot,
  numberFlag,
  pollUntilHealthy,
  waitPortFree,
} from "./supervisor-support.ts";

const runs = numberFlag("runs", 15);
const warmup = 2;
const port = await getFreePort();
const spawnToReady: number[] = [];
const paired: number[] = [];
const bare: number[] = [];

async function oursOnce(): Promise<{ ready: number; overhead: number }> {
  const sup = new Supervisor({
    command: fakeProxyCommand(),
    host: HOST,
    port,
    portEnv: ["MERIDIAN_PORT"],
    probe: healthProbe,
    livenessIntervalMs: 10_000,
  });
  let readyAt = 0;
  sup.on("state", (c) => {
    if (c.state === "ready") readyAt = performance.now();
  });
  const t0 = performance.now();
  const started = sup.start();
  const polled = await pollUntilHealthy(port);
  const s = await started;
  if (s.state !== "ready") throw new Error(`supervisor ended in ${s.state}: ${s.reason}`);
  await sup.stop();
  await waitPortFree(port);
  return { ready: readyAt - t0, overhead: readyAt - polled };
}

for (let i = 0; i < runs + warmup; i++) {
  const o = await oursOnce();
  const b = await measureBoot(port);
  if (i < warmup) continue;
  spawnToReady.push(o.ready);
  paired.push(o.overhead);
  bare.push(b);
}

report({
  name: "(b) readiness: start() → ready event, against spawn → first healthy answer on a bare simulator",
  unit: "ms",
  ours: spawnToReady,
  baseline: bare,
  baselineName: "tight external poller, simulator spawned without a supervisor",
});
const m = median(paired);
console.log(
  `\n(b) readiness overhead, paired on the same child: ready event − first healthy answer of a tight poller\n` +
    `  median ${m.toFixed(2)} ms  p90 ${percentile(paired, 90).toFixed(2)} ms  (n=${paired.length})\n` +
    `  target    median ≤ 10 ms: ${m <= 10 ? "met" : "NOT met"}`,
);
