/** Process helpers for the simulator's own tests (Linux: they read /proc). */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, onTestFinished } from "vitest";
import { type SpawnedFakeProxy, type SpawnFakeProxyOptions, spawnFakeProxy } from "../spawn.ts";

/** Whether a process runs; a zombie (exited, not yet reaped by an init that reaps slowly) counts as dead. */
export function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}

/** The children of a process, from /proc. */
export function childrenOf(pid: number): number[] {
  const text = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim();
  return text === "" ? [] : text.split(/\s+/).map(Number);
}

/** Waits until the process has written `text` to stdout or stderr. */
export async function waitForOutput(proxy: SpawnedFakeProxy, text: string): Promise<void> {
  await expect.poll(() => proxy.output(), { timeout: 5_000 }).toContain(text);
}

/** Spawns a simulator that is stopped when the current test finishes, pass or fail. */
export function spawnForTest(options: SpawnFakeProxyOptions = {}): SpawnedFakeProxy {
  const proxy = spawnFakeProxy(options);
  onTestFinished(() => proxy.stop());
  return proxy;
}

/** A temp dir removed when the current test finishes. */
export function tempDirForTest(): string {
  const dir = mkdtempSync(join(tmpdir(), "fake-proxy-test-"));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
