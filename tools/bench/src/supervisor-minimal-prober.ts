/**
 * The floor of "a process that probes liveness": nothing but one GET /health every BENCH_PROBE_MS on
 * BENCH_PROBE_PORT, with the same probe function our supervisor gets. Used as a baseline by the idle-CPU
 * benchmark.
 */
import { HOST, healthProbe } from "./supervisor-probe.ts";

const port = Number(process.env.BENCH_PROBE_PORT);
const every = Number(process.env.BENCH_PROBE_MS ?? 5000);
setInterval(() => {
  void healthProbe({ host: HOST, port, signal: AbortSignal.timeout(2000), timeoutMs: 2000 });
}, every);
console.log("probing");
