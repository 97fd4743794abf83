// The demo/smoke path as a command: `node --conditions=@proxykit/source tools/openclaw-e2e/src/smoke-main.ts`
// (or `npx nx run openclaw-e2e:smoke`). Prints each step with ✓/✗ and its time; exit code 0 only if all passed.
import { cleanupAll } from "./home.ts";
import { runSmoke } from "./smoke.ts";

let interrupted = false;
const interrupt = (signal: NodeJS.Signals) => {
  if (interrupted) process.exit(130); // second Ctrl-C: the exit hook still SIGKILLs what was started
  interrupted = true;
  console.log(`\n${signal}: stopping everything that was started…`);
  // Killing the Gateway makes the running step fail; runSmoke then stops the simulator and cleans up.
  void cleanupAll();
};
process.on("SIGINT", interrupt);
process.on("SIGTERM", interrupt);

console.log("Smoke path: a real OpenClaw Gateway sends one agent turn to a local Anthropic-compatible proxy");
const started = Date.now();
const report = await runSmoke({
  log: (line) => console.log(`  ${line}`),
  keepHome: process.env.OPENCLAW_E2E_KEEP_HOME === "1",
});
const total = ((Date.now() - started) / 1000).toFixed(1);
if (report.ok) {
  const ready = ((report.gatewayReadyMs ?? 0) / 1000).toFixed(1);
  const turn = ((report.agentTurnMs ?? 0) / 1000).toFixed(1);
  console.log(`✓ smoke path passed in ${total} s (Gateway ready ${ready} s, agent turn ${turn} s)`);
} else {
  console.log(`✗ smoke path failed after ${total} s: ${report.error?.message ?? "unknown error"}`);
}
process.exitCode = interrupted ? 130 : report.ok ? 0 : 1;
