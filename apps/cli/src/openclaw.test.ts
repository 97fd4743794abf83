import { chmodSync, existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { killProcesses, processesWithEnv } from "@proxykit/openclaw-e2e";
import { describe, expect, it, onTestFinished } from "vitest";
import { findOpenClaw, runOpenClaw } from "./openclaw.ts";
import { startCli } from "./test-support/cli.ts";
import { fakeProxy, setUp, tempDir, testHome } from "./test-support/fixtures.ts";

const MARKER = "AMP_FAKE_OPENCLAW";

/**
 * A stand-in `openclaw` that is hard to stop: like the real one it re-spawns itself into a new session
 * unless OPENCLAW_NO_RESPAWN=1; it starts a grandchild, ignores SIGTERM (so do its children), says it is
 * up, and hangs. Every process of it carries `MARKER=<value>` in its environment.
 */
function hangingOpenClaw(dir: string): { path: string; ready: string; marker: string } {
  const path = join(dir, "openclaw");
  const ready = join(dir, "ready");
  writeFileSync(
    path,
    `#!/bin/sh
trap '' TERM
if [ "$OPENCLAW_NO_RESPAWN" != "1" ]; then setsid sleep 1000 & fi
sleep 1000 &
echo up > "${ready}"
wait
`,
  );
  chmodSync(path, 0o755);
  const marker = `${process.pid}-${Math.random().toString(36).slice(2)}`;
  // Whatever outlives a failing test is killed.
  onTestFinished(async () => {
    await killProcesses(processesWithEnv(MARKER, marker));
  });
  return { path, ready, marker };
}

describe("runOpenClaw", () => {
  it("after its timeout no process of the command is left (its group, a re-spawn, TERM ignored)", async () => {
    const dir = tempDir();
    const fake = hangingOpenClaw(dir);
    const env = { PATH: `${dir}:/usr/bin:/bin`, [MARKER]: fake.marker };
    const bin = findOpenClaw(env);
    expect(bin?.path).toBe(fake.path);
    const result = await runOpenClaw(bin as NonNullable<typeof bin>, ["agent"], { env, timeoutMs: 3_000 });
    expect(result.timedOut).toBe(true);
    expect(existsSync(fake.ready)).toBe(true);
    expect(processesWithEnv(MARKER, fake.marker)).toEqual([]);
  });

  it("Ctrl-C during verify's agent turn reaches openclaw: the CLI ends and nothing of openclaw is left", async () => {
    const home = testHome();
    const proxy = await fakeProxy({ replyText: "pong" });
    await setUp(home, proxy.port);
    const fake = hangingOpenClaw(tempDir());
    const cli = startCli(["verify", "--openclaw", fake.path], {
      env: { ...home.env, [MARKER]: fake.marker },
    });
    await expect.poll(() => existsSync(fake.ready), { timeout: 30_000 }).toBe(true);
    cli.kill("SIGINT");
    const exit = await cli.exited;
    expect(exit.signal ?? exit.exitCode).not.toBe(0);
    expect(processesWithEnv(MARKER, fake.marker)).toEqual([]);
  });
});
