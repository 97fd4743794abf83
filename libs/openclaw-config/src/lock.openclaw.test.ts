// Interop with real OpenClaw 2026.9.6: its config writers (withConfigWriteLock, behind `openclaw config set/patch`)
// and updateConfigFile use the same sidecar lock, so they never write the file at the same time.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { OpenClawConfigError } from "./errors.ts";
import { acquireConfigLock } from "./lock.ts";
import { cleanEnv, openclawPackageDir, runnerPath } from "./test-support/openclaw.ts";
import { updateConfigFile } from "./update.ts";

const root = mkdtempSync(path.join(tmpdir(), "occ-lock-"));
const children = new Set<ChildProcess>();
afterEach(() => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  children.clear();
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function lockRunner(
  file: string,
  args: string[],
): { child: ChildProcess; lines: string[]; waitFor: (re: RegExp) => Promise<string> } {
  const child = spawn(process.execPath, [runnerPath("lock-runner.ts"), openclawPackageDir(), file, ...args], {
    env: cleanEnv({ HOME: path.join(root, "home") }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  const lines: string[] = [];
  let buffer = "";
  const waiters: Array<{ re: RegExp; resolve: (line: string) => void }> = [];
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    buffer += chunk;
    for (let nl = buffer.indexOf("\n"); nl !== -1; nl = buffer.indexOf("\n")) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      lines.push(line);
      for (const waiter of waiters.filter((w) => w.re.test(line))) waiter.resolve(line);
    }
  });
  const waitFor = (re: RegExp) =>
    new Promise<string>((resolve, reject) => {
      const seen = lines.find((line) => re.test(line));
      if (seen) return resolve(seen);
      waiters.push({ re, resolve });
      child.on("close", (code) => reject(new Error(`lock runner exited (${code}) before ${re}: ${stderr}`)));
    });
  return { child, lines, waitFor };
}

describe("the config lock is OpenClaw's own", () => {
  it("updateConfigFile waits while OpenClaw holds it; OpenClaw waits while we hold it", async () => {
    const file = path.join(root, "openclaw.json");
    writeFileSync(file, '{ "gateway": { "mode": "local" }, "n": 0 }\n');

    // OpenClaw holds its lock: we time out, and succeed once it released.
    const holder = lockRunner(file, ["hold", "1500"]);
    await holder.waitFor(/^locked$/);
    const blocked = await updateConfigFile(file, { n: 1 }, { lockTimeoutMs: 300 }).catch(
      (error: unknown) => error,
    );
    expect((blocked as OpenClawConfigError).code).toBe("LOCK_TIMEOUT");
    expect(readFileSync(file, "utf8")).toContain('"n": 0');
    await holder.waitFor(/^released$/);
    expect((await updateConfigFile(file, { n: 1 })).changed).toBe(true);

    // We hold ours: OpenClaw only gets in after we release.
    const lock = await acquireConfigLock(file);
    const waiter = lockRunner(file, ["acquire"]);
    await waiter.waitFor(/^trying$/);
    await new Promise((resolve) => setTimeout(resolve, 1000)); // OpenClaw retries meanwhile
    expect(waiter.lines).toEqual(["trying"]);
    const releasedAt = Date.now();
    await lock.release();
    const acquired = Number((await waiter.waitFor(/^acquired \d+$/)).split(" ")[1]);
    expect(acquired).toBeGreaterThanOrEqual(releasedAt);
  }, 60_000);
});
