/** Process helpers for the simulator's own tests (Linux: they read /proc). */
import { readFileSync } from "node:fs";
import { expect } from "vitest";
import type { SpawnedFakeProxy } from "../spawn.ts";

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
