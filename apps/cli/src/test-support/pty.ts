/** Runs the built CLI in a real pseudo-terminal (the harness's `spawnInPty`), for the interactive paths. */
import { PTY_KEYS, type PtySession, spawnInPty } from "@proxykit/openclaw-e2e/pty";
import { onTestFinished } from "vitest";
import { CLI_BUNDLE } from "./cli.ts";

/** Keys for clack prompts. */
export const KEY = { enter: PTY_KEYS.enter, erase: PTY_KEYS.clear } as const;

/** Starts `dist/cli.js ...args` in a 120×40 terminal; killed when the test ends. */
export function startCliInPty(args: string[], env: Record<string, string | undefined>): PtySession {
  const pty = spawnInPty([process.execPath, CLI_BUNDLE, ...args], {
    env,
    cols: 120,
    rows: 40,
    waitTimeoutMs: 20_000,
  });
  onTestFinished(() => pty.kill());
  return pty;
}
