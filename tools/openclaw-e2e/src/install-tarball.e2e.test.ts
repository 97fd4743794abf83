import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { cleanupAll, createOpenClawHome } from "./index.ts";

const packDir = mkdtempSync(join(tmpdir(), "openclaw-e2e-pack-"));
afterEach(async () => {
  await cleanupAll();
});
afterAll(() => rmSync(packDir, { recursive: true, force: true }));

function packFixture(): string {
  const fixtureDir = join(import.meta.dirname, "test-support", "fixture-plugin");
  const output = execFileSync("npm", ["pack", "--json", "--pack-destination", packDir], {
    cwd: fixtureDir,
    encoding: "utf8",
    env: { ...process.env, npm_config_update_notifier: "false" },
  });
  const [packed] = JSON.parse(output) as Array<{ filename: string }>;
  return join(packDir, packed?.filename ?? "missing.tgz");
}

describe("installPlugin from a packed tarball", () => {
  it("installs through npm (npm-pack:) by default, and as a plain archive on request", async () => {
    const tarball = packFixture();

    const viaNpm = await createOpenClawHome();
    const npmInstall = await viaNpm.installPlugin(tarball);
    expect(npmInstall.argv).toContain(`npm-pack:${tarball}`);
    expect(npmInstall.stdout).toContain("Installed plugin: e2e-fixture");
    expect(existsSync(join(viaNpm.stateDir, "npm", "projects", "e2e-fixture-plugin", "node_modules"))).toBe(
      true,
    );

    const asArchive = await createOpenClawHome();
    const archiveInstall = await asArchive.installPlugin(tarball, { tarballAs: "archive" });
    expect(archiveInstall.argv).toContain(tarball);
    expect(existsSync(join(asArchive.stateDir, "extensions", "e2e-fixture", "index.js"))).toBe(true);
    // Installing also enables the plugin (OpenClaw 2026.9.6); `enablePlugin` makes it explicit.
    expect(asArchive.readConfig()).toMatchObject({
      plugins: { entries: { "e2e-fixture": { enabled: true } } },
    });
    console.info(
      `tarball install: through npm ${npmInstall.durationMs} ms, as an archive ${archiveInstall.durationMs} ms`,
    );
  });
});
