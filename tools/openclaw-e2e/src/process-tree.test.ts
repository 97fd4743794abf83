import { once } from "node:events";
import { afterEach, describe, expect, it } from "vitest";
import {
  descendantsOf,
  isAlive,
  killProcesses,
  processesWithEnv,
  readProcess,
  waitForExit,
} from "./process-tree.ts";
import { killTrees, spawnTree } from "./test-support/node-tree.ts";

afterEach(killTrees);

describe("readProcess", () => {
  it("reads pid, parent, group and command line of a live process, and nothing for a missing one", () => {
    const self = readProcess(process.pid);
    expect(self).toMatchObject({ pid: process.pid, ppid: process.ppid, pgid: expect.any(Number) });
    expect(self?.state).not.toBe("Z");
    expect(self?.startTime).toBeGreaterThan(0);
    expect(readProcess(2 ** 22 + 1)).toBeUndefined();
  });
});

describe("descendantsOf", () => {
  it("finds a grandchild through its parent", async () => {
    const { parent, grandchildPid } = await spawnTree({});
    const [child] = descendantsOf(parent.pid as number);
    expect(child).toMatchObject({
      pid: grandchildPid,
      ppid: parent.pid,
      argv: [process.execPath, "-e", expect.any(String)],
    });
    expect(descendantsOf(process.pid).map((info) => info.pid)).toEqual(
      expect.arrayContaining([parent.pid, grandchildPid]),
    );
  });
});

describe("processesWithEnv and killProcesses", () => {
  it("find and kill an orphan in its own process group that ignores SIGTERM", async () => {
    const marker = `marker-${process.pid}-${Date.now()}`;
    const { parent, grandchildPid } = await spawnTree({
      env: { E2E_TEST_MARKER: marker },
      detachGrandchild: true,
      parentExits: true,
    });
    await once(parent, "exit");
    // The tree lost it: its parent is gone and it has its own group…
    expect(descendantsOf(process.pid).map((info) => info.pid)).not.toContain(grandchildPid);
    expect(readProcess(grandchildPid)?.pgid).toBe(grandchildPid);
    // …but it still carries the environment it inherited.
    const found = processesWithEnv("E2E_TEST_MARKER", marker);
    expect(found.map((info) => info.pid)).toEqual([grandchildPid]);

    process.kill(grandchildPid, "SIGTERM");
    expect(await waitForExit([grandchildPid], 300)).toBe(false);

    const report = await killProcesses(found);
    expect(report.killed.map((info) => info.pid)).toEqual([grandchildPid]);
    expect(report.survivors).toEqual([]);
    expect(isAlive(grandchildPid)).toBe(false);
    expect(processesWithEnv("E2E_TEST_MARKER", marker)).toEqual([]);
  });

  it("kill every member of a process group, and never a recycled pid", async () => {
    const { grandchildPid } = await spawnTree({ detachGrandchild: true });
    const info = readProcess(grandchildPid);
    if (!info) throw new Error("grandchild vanished");
    // A stale identity (same pid, other start time) is treated as another process: not alive, not signalled.
    expect(isAlive({ pid: grandchildPid, startTime: info.startTime + 1 })).toBe(false);
    expect((await killProcesses([{ ...info, startTime: info.startTime + 1 }])).killed).toEqual([]);
    expect(isAlive(info)).toBe(true);

    const report = await killProcesses([], { groups: [grandchildPid] });
    expect(report.killed.map((killed) => killed.pid)).toEqual([grandchildPid]);
    expect(isAlive(info)).toBe(false);
  });
});
