/**
 * Our supervisor in a process of its own (as pm2 runs in its daemon), for the crash-recovery and idle-CPU
 * benchmarks: supervises the simulator with the options in BENCH_HOST_OPTIONS (JSON, must contain
 * `port`) and prints every state change as a JSON line `{"state","pid"}`. SIGTERM stops it cleanly.
 */
import { fakeProxyCommand } from "@proxykit/fake-proxy";
import { Supervisor, type SupervisorOptions } from "@proxykit/supervisor";
import { HOST, healthProbe } from "./supervisor-probe.ts";

const options = JSON.parse(process.env.BENCH_HOST_OPTIONS ?? "{}") as Partial<SupervisorOptions> & {
  port: number;
};
const sup = new Supervisor({
  command: fakeProxyCommand(),
  name: "fake-proxy",
  host: HOST,
  hostEnv: ["CLAUDE_PROXY_HOST", "MERIDIAN_HOST"],
  portEnv: ["CLAUDE_PROXY_PORT", "MERIDIAN_PORT"],
  probe: healthProbe,
  ...options,
});
const now = () => performance.timeOrigin + performance.now();
sup.on("state", (c) => {
  process.stdout.write(`${JSON.stringify({ state: c.state, pid: sup.status().pid, at: now() })}\n`);
});
sup.on("exit", (e) => {
  process.stdout.write(`${JSON.stringify({ state: "exit", pid: e.pid, at: now() })}\n`);
});
process.on("SIGTERM", () => {
  void sup.stop().then(() => process.exit(0));
});
await sup.start();
