#!/usr/bin/env node
/**
 * The simulator as a command, started exactly like the real proxy: settings come from the environment
 * (see `options.ts`), the ready line and the start-up failures are Meridian's (see `run-cli.ts`).
 */
import { fileURLToPath } from "node:url";
import { runFakeProxyCli } from "./run-cli.ts";

runFakeProxyCli({
  env: process.env,
  selfCommand: [process.execPath, ...process.execArgv, fileURLToPath(import.meta.url)],
}).then(
  ({ exitCode }) => {
    if (exitCode !== undefined) process.exit(exitCode);
  },
  (error: unknown) => {
    console.error(`[fake-proxy] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
