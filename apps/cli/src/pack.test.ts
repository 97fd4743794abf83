/**
 * What users install: `npm pack` of the CLI, installed globally into a temp prefix, then run — no workspace,
 * no dependencies (everything is bundled).
 */
import { execFile, execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { CLI_BUNDLE } from "./test-support/cli.ts";
import { fakeProxy, tempDir, testHome } from "./test-support/fixtures.ts";

const packageDir = join(dirname(CLI_BUNDLE), "..");
const run = promisify(execFile);

describe("the packed tarball", () => {
  it("installs globally (npm install -g --prefix) and runs: --version, setup, status", async () => {
    const dir = tempDir("amp-cli-pack-");
    const npm = (args: string[]) =>
      execFileSync("npm", args, {
        cwd: packageDir,
        encoding: "utf8",
        env: { ...process.env, npm_config_update_notifier: "false" },
      });
    npm(["pack", "--pack-destination", dir]);
    const tarball = readdirSync(dir).find((name) => name.endsWith(".tgz"));
    expect(tarball).toMatch(/^anthropic-max-proxy-\d+\.\d+\.\d+\.tgz$/);
    const prefix = join(dir, "prefix");
    npm([
      "install",
      "-g",
      "--prefix",
      prefix,
      join(dir, tarball as string),
      "--offline",
      "--no-audit",
      "--no-fund",
    ]);
    const bin = join(prefix, "bin", "anthropic-max-proxy");

    const version = execFileSync(bin, ["--version"], { encoding: "utf8" }).trim();
    expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    // Only the bundle, its chunks and the docs are installed: no node_modules at all.
    const installed = join(prefix, "lib", "node_modules", "anthropic-max-proxy");
    expect(readdirSync(installed)).toEqual(expect.arrayContaining(["README.md", "dist", "package.json"]));
    expect(readdirSync(installed)).not.toContain("node_modules");

    // The simulator runs in this process: run the CLI asynchronously so it can answer.
    const home = testHome();
    const proxy = await fakeProxy();
    const env = home.env as NodeJS.ProcessEnv;
    await run(bin, ["setup", "--yes", "--port", String(proxy.port)], { env });
    const status = JSON.parse((await run(bin, ["status", "--json"], { env })).stdout);
    expect(status).toMatchObject({ ok: true, proxy: { state: "healthy" } });
  }, 120_000);
});
