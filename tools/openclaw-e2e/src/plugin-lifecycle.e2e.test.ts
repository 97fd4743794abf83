import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { cleanupAll, createOpenClawHome, isAlive, readProcess } from "./index.ts";

const fixtureDir = join(import.meta.dirname, "test-support", "fixture-plugin");
afterEach(async () => {
  await cleanupAll();
});

describe("harness: a plugin whose Gateway service owns a child process", () => {
  it("installs and enables it, sees its child under the Gateway, finds it left behind, and cleans it up", async () => {
    const home = await createOpenClawHome();

    const install = await home.installPlugin(fixtureDir);
    expect(install.stdout).toContain("Installed plugin: e2e-fixture");
    const enable = await home.enablePlugin("e2e-fixture");
    expect(home.readConfig()).toMatchObject({ plugins: { entries: { "e2e-fixture": { enabled: true } } } });

    // The fixture's stop() "forgets" its child, like a plugin that leaks its proxy.
    const gateway = await home.startGateway({ env: { FIXTURE_ORPHAN_CHILD: "1" } });
    // The pid the harness holds is the Gateway itself, not a launcher that re-spawned it.
    expect(readProcess(gateway.pid)?.name).toBe("openclaw-gatewa");
    const line = await gateway.waitForLog(/e2e-fixture: child started pid=\d+/);
    const childPid = Number(/pid=(\d+)/.exec(line)?.[1]);
    expect(gateway.descendants().map((info) => info.pid)).toContain(childPid);
    console.info(
      `plugin install ${install.durationMs} ms, enable ${enable.durationMs} ms, gateway ready ${gateway.readyMs} ms`,
    );

    const stop = await gateway.stop();
    expect(stop).toMatchObject({ forced: false, exitCode: 0 });
    await gateway.waitForLog(/e2e-fixture: leaving child pid=\d+ behind/, 1);
    // Left behind: no longer under the Gateway, still found by the marker and in the Gateway's history.
    expect(home.processes().map((info) => info.pid)).toEqual([childPid]);
    expect(gateway.seenDescendants().find((info) => info.pid === childPid && isAlive(info))).toBeDefined();

    const report = await home.cleanup();
    expect(report.killed.map((info) => info.pid)).toContain(childPid);
    expect(isAlive(childPid)).toBe(false);
  });
});
