// Test fixture for the harness: a Gateway service that owns one child process, like a proxy supervisor.
// With FIXTURE_ORPHAN_CHILD=1 it "forgets" to stop the child, so the harness can prove it finds leftovers.
import { spawn } from "node:child_process";
import { definePluginEntry } from "openclaw/plugin-sdk/plugin-entry";

export default definePluginEntry({
  id: "e2e-fixture",
  name: "E2E fixture",
  description: "Test fixture: a service that spawns one long-lived child process",
  register(api) {
    let child;
    api.registerService({
      id: "e2e-fixture-child",
      start(ctx) {
        child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1 << 30)"], { stdio: "ignore" });
        ctx.logger.info(`e2e-fixture: child started pid=${child.pid}`);
      },
      stop(ctx) {
        if (process.env.FIXTURE_ORPHAN_CHILD === "1") {
          ctx.logger.info(`e2e-fixture: leaving child pid=${child?.pid} behind`);
          return;
        }
        child?.kill("SIGTERM");
        ctx.logger.info(`e2e-fixture: child stopped pid=${child?.pid}`);
      },
    });
  },
});
