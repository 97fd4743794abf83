#!/usr/bin/env node
/**
 * The simulator as a command, started exactly like the real proxy: settings come from the environment
 * (see `options.ts`), the ready line and the start-up failures are Meridian's.
 */
import { fileURLToPath } from "node:url";
import { checkAuth } from "./auth.ts";
import { writeEnvDump } from "./env-dump.ts";
import { optionsFromEnv } from "./options.ts";
import { startFakeProxy } from "./server.ts";
import { runWrapper } from "./wrapper.ts";

async function main(): Promise<void> {
  const options = optionsFromEnv(process.env);

  if (options.wrapper) {
    runWrapper(
      [process.execPath, ...process.execArgv, fileURLToPath(import.meta.url)],
      options.ignoreSigterm === true,
    );
    return;
  }

  if (options.envDump !== undefined) writeEnvDump(options.envDump);
  if (options.ignoreSigterm) {
    process.on("SIGTERM", () => console.error("[fake-proxy] ignoring SIGTERM"));
  }

  // Meridian runs `claude auth status` before it listens.
  const { startDelayMs, ...serverOptions } = options;
  if (startDelayMs) await new Promise((resolve) => setTimeout(resolve, startDelayMs));
  const auth = checkAuth(options);
  if (auth === null) {
    console.error(
      "\x1b[33m⚠ Could not verify Claude auth status. If requests fail, run: claude login\x1b[0m",
    );
  } else if (!auth.loggedIn) {
    console.error("\x1b[31m✗ Not logged in to Claude.\x1b[0m Run: claude login");
    process.exit(1);
  }

  const port = options.port ?? 3456;
  let proxy: Awaited<ReturnType<typeof startFakeProxy>>;
  try {
    proxy = await startFakeProxy({ ...serverOptions, port });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") {
      console.error(`\nError: Port ${port} is already in use.`);
      console.error("\nIs another instance of the proxy already running?");
      console.error(`  Check with: lsof -i :${port}`);
      process.exit(1);
    }
    throw error;
  }

  console.log(`Meridian running at http://${proxy.host}:${proxy.port}`);
  console.log("Simulated by @proxykit/fake-proxy (not the real Meridian)");

  if (options.crashAfterMs !== undefined) {
    setTimeout(() => {
      console.error("[fake-proxy] simulated crash");
      process.exit(options.crashExitCode ?? 1);
    }, options.crashAfterMs);
  }
}

main().catch((error: unknown) => {
  console.error(`[fake-proxy] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
