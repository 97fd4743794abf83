// Real processes against one file: no lost update under contention, and no torn file when a writer is SIGKILLed
// at random moments (the lock it leaves behind is reclaimed by the next writer).
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { JsonObject } from "./json.ts";
import { parseConfigText } from "./read.ts";
import { payloadFor } from "./test-support/churn.ts";
import { runNode, runnerPath } from "./test-support/openclaw.ts";

const root = mkdtempSync(path.join(tmpdir(), "occ-proc-"));
const children = new Set<ChildProcess>();
afterEach(() => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  children.clear();
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const worker = runnerPath("writer-worker.ts");
const HEADER = "// counters written by two processes\n";

describe("updateConfigFile across processes", () => {
  it("two processes × 200 read-modify-write patches lose no update", async () => {
    const file = path.join(root, "count", "openclaw.json");
    rmSync(path.dirname(file), { recursive: true, force: true });
    await import("node:fs/promises").then((fs) => fs.mkdir(path.dirname(file), { recursive: true }));
    writeFileSync(
      file,
      `${HEADER}{\n  gateway: { mode: "local" }, // keep me\n  counters: { a: 0, b: 0, total: 0 },\n}\n`,
    );
    const runs = await Promise.all(
      ["a", "b"].map((name) =>
        runNode([worker, "count", file, name, "200"], { env: { ...process.env } as Record<string, string> }),
      ),
    );
    for (const run of runs)
      expect({ exitCode: run.exitCode, stderr: run.stderr }).toEqual({ exitCode: 0, stderr: "" });
    const text = readFileSync(file, "utf8");
    const config = parseConfigText(text);
    expect(config.counters).toEqual({ a: 200, b: 200, total: 400 });
    expect(text.startsWith(HEADER)).toBe(true);
    expect(text).toContain("// keep me");
    // The lock is released, no temp file is left, and the backup ring stayed bounded.
    const leftovers = readdirSync(path.dirname(file)).sort();
    expect(leftovers).toEqual([
      "openclaw.json",
      "openclaw.json.bak",
      ...[1, 2, 3, 4].map((i) => `openclaw.json.bak.${i}`),
    ]);
  }, 120_000);

  it("a writer SIGKILLed at 100 random moments always leaves the old or the new version", async () => {
    const file = path.join(root, "crash", "openclaw.json");
    await import("node:fs/promises").then((fs) => fs.mkdir(path.dirname(file), { recursive: true }));
    writeFileSync(file, `{\n  // churned\n  version: 0,\n  payload: ${JSON.stringify(payloadFor(0))},\n}\n`);
    let committed = 0;
    let killedMidWrite = 0;
    let killedWithTempOnDisk = 0;
    for (let round = 0; round < 100; round += 1) {
      const child = spawn(process.execPath, [worker, "churn", file], { stdio: ["ignore", "pipe", "pipe"] });
      children.add(child);
      let out = "";
      let stderr = "";
      child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
        stderr += chunk;
      });
      const exited = new Promise<void>((resolve) => child.on("close", () => resolve()));
      await new Promise<void>((resolve, reject) => {
        child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
          out += chunk;
          // Wait for a first write: from then on the worker writes back to back, so any moment is mid-write.
          if (/committed \d+\n/.test(out)) resolve();
        });
        child.on("close", () => reject(new Error(`churn worker exited before its first write: ${stderr}`)));
      });
      // Random moment: the worker is writing continuously (lock, backup, temp, fsync, rename, fsync dir).
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 25));
      child.kill("SIGKILL");
      await exited;
      children.delete(child);
      const reported = [...out.matchAll(/committed (\d+)/g)].map((m) => Number(m[1]));
      if (reported.length > 0) committed = Math.max(committed, ...reported);
      // The file parses and is exactly version `committed` or `committed + 1` (written, not yet reported).
      const config = parseConfigText(readFileSync(file, "utf8"), file) as JsonObject & { version: number };
      expect([committed, committed + 1]).toContain(config.version);
      expect(config.payload).toEqual(payloadFor(config.version));
      if (config.version === committed + 1) killedMidWrite += 1;
      if (readdirSync(path.dirname(file)).some((name) => name.endsWith(".tmp"))) killedWithTempOnDisk += 1;
      committed = config.version;
      expect(stderr).toBe("");
    }
    // The kills landed while writes were under way, and writing went on after each one (stale locks reclaimed).
    expect(committed).toBeGreaterThanOrEqual(100);
    expect(killedMidWrite + killedWithTempOnDisk).toBeGreaterThan(0);
    console.info(
      `crash test: ${committed} versions written; killed after the rename but before the report ${killedMidWrite}×, ` +
        `with a temp file on disk ${killedWithTempOnDisk}×`,
    );
  }, 300_000);
});
