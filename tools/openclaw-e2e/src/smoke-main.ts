// The demo/smoke path as a command: `node tools/openclaw-e2e/src/smoke-main.ts` (or
// `npx nx run openclaw-e2e:smoke`). Prints each step with ✓/✗ and its time; exit code 0 only if all passed.
// OPENCLAW_E2E_KEEP_HOME=1 keeps the temp OpenClaw home for inspection.
import { spawn } from "node:child_process";
import { constants as osConstants } from "node:os";
import { fileURLToPath } from "node:url";

const SOURCE_CONDITION = "--conditions=@proxykit/source";

if (!process.execArgv.includes(SOURCE_CONDITION)) {
  // Workspace packages resolve to their TypeScript sources only under this export condition (no build
  // needed): run again with it. The child owns the work and the cleanup; this process waits for it.
  const child = spawn(
    process.execPath,
    [SOURCE_CONDITION, ...process.execArgv, fileURLToPath(import.meta.url)],
    {
      stdio: "inherit",
    },
  );
  process.on("SIGINT", () => {}); // Ctrl-C reaches the child from the terminal already
  process.on("SIGTERM", () => child.kill("SIGTERM"));
  child.on("exit", (code, signal) =>
    process.exit(code ?? (signal ? 128 + (osConstants.signals[signal] ?? 0) : 1)),
  );
} else {
  await main();
}

async function main(): Promise<void> {
  const { cleanupAll } = await import("./home.ts");
  const { runSmoke } = await import("./smoke.ts");

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

  console.log(
    "Smoke path: a real OpenClaw Gateway sends one agent turn to a local Anthropic-compatible proxy",
  );
  const started = Date.now();
  const report = await runSmoke({
    log: (line) => console.log(`  ${line}`),
    keepHome: process.env.OPENCLAW_E2E_KEEP_HOME === "1",
  });
  const total = ((Date.now() - started) / 1000).toFixed(1);
  if (interrupted) {
    console.log(`✗ smoke path interrupted after ${total} s; everything it started was stopped`);
  } else if (report.ok) {
    const ready = ((report.gatewayReadyMs ?? 0) / 1000).toFixed(1);
    const turn = ((report.agentTurnMs ?? 0) / 1000).toFixed(1);
    console.log(`✓ smoke path passed in ${total} s (Gateway ready ${ready} s, agent turn ${turn} s)`);
  } else {
    console.log(`✗ smoke path failed after ${total} s: ${report.error?.message ?? "unknown error"}`);
  }
  process.exitCode = interrupted ? 130 : report.ok ? 0 : 1;
}
