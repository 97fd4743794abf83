import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Gateway, waitUntilGatewayReady } from "./gateway.ts";
import { isAlive, killProcesses, processesWithEnv } from "./process-tree.ts";
import { IGNORE_TERM_SCRIPT } from "./test-support/node-tree.ts";
import { spawnTracked, type TrackedProcess } from "./tracked-process.ts";

// The Gateway handle's process logic, exercised on a stand-in process: real OpenClaw runs in the e2e tests.
const procs: TrackedProcess[] = [];
let dir: string | undefined;
const marker = { name: "OPENCLAW_E2E_TEST_STANDIN", value: `${process.pid}-${Date.now()}` };
afterEach(async () => {
  for (const proc of procs.splice(0)) if (proc.running) process.kill(-proc.pid, "SIGKILL");
  await killProcesses(processesWithEnv(marker.name, marker.value));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function standIn(script: string): Gateway {
  dir = mkdtempSync(join(tmpdir(), "openclaw-e2e-unit-"));
  const proc = spawnTracked([process.execPath, "-e", script], {
    env: { PATH: process.env.PATH ?? "" },
    cwd: dir,
  });
  procs.push(proc);
  return new Gateway({ process: proc, port: 1, logFile: join(dir, "none.log") });
}

describe("Gateway.stop", () => {
  it("SIGKILLs a Gateway that ignores SIGTERM once the timeout is over, and says so", async () => {
    const gateway = standIn(IGNORE_TERM_SCRIPT);
    await gateway.waitForLog(/^\d+$/, 10_000);
    const result = await gateway.stop("SIGTERM", { timeoutMs: 300 });
    expect(result).toMatchObject({ forced: true, signal: "SIGKILL", exitCode: null });
    expect(result.durationMs).toBeGreaterThanOrEqual(300);
    expect(isAlive(gateway.pid)).toBe(false);
    expect(gateway.running).toBe(false);
  });

  it("reports a clean exit when the signal is honoured", async () => {
    const gateway = standIn(
      "process.on('SIGTERM', () => process.exit(0)); console.log('up'); setInterval(() => {}, 1e9)",
    );
    await gateway.waitForLog(/^up$/, 10_000);
    await expect(gateway.stop()).resolves.toMatchObject({ forced: false, exitCode: 0, signal: null });
  });
});

describe("Gateway.destroy (what cleanup() runs)", () => {
  it("kills a Gateway that ignores SIGTERM and a descendant in its own process group", async () => {
    const gateway = standIn(
      [
        "process.on('SIGTERM', () => {});",
        "const { spawn } = require('node:child_process');",
        `const g = spawn(process.execPath, ['-e', ${JSON.stringify(IGNORE_TERM_SCRIPT)}], { stdio: 'ignore', detached: true });`,
        "process.stdout.write('grandchild ' + g.pid + '\\n');",
        "setInterval(() => {}, 1 << 30);",
      ].join("\n"),
    );
    const line = await gateway.waitForLog(/^grandchild \d+$/, 10_000);
    const grandchildPid = Number(line.split(" ")[1]);
    expect(gateway.seenDescendants().map((info) => info.pid)).toContain(grandchildPid);

    const killed = await gateway.destroy(200);
    expect(killed.map((info) => info.pid)).toEqual(expect.arrayContaining([gateway.pid, grandchildPid]));
    expect(isAlive(gateway.pid)).toBe(false);
    expect(isAlive(grandchildPid)).toBe(false);
  });
});

describe("waitUntilGatewayReady", () => {
  it("fails fast with the output when the process exits before it is ready", async () => {
    const gateway = standIn("console.error('Gateway failed to start: port busy'); process.exit(3)");
    await expect(waitUntilGatewayReady(gateway, 60_000, Date.now())).rejects.toMatchObject({
      code: "GATEWAY_START_FAILED",
      message: expect.stringMatching(/exited before it was ready \(exit code 3\)[\s\S]*port busy/),
    });
  });
});
