import { existsSync, writeFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { cleanupAll, createOpenClawHome } from "./home.ts";
import { PINNED_OPENCLAW_VERSION } from "./openclaw-bin.ts";

afterEach(async () => {
  await cleanupAll();
});

describe("createOpenClawHome", () => {
  it("gives OpenClaw its own home, config and Gateway settings", async () => {
    const home = await createOpenClawHome();
    expect(home.configPath).toBe(`${home.dir}/.openclaw/openclaw.json`);
    expect(home.readConfig()).toMatchObject({
      gateway: {
        mode: "local",
        port: home.gatewayPort,
        bind: "loopback",
        auth: { mode: "token", token: home.gatewayToken },
      },
      logging: { file: home.logFile },
      update: { checkOnStart: false },
      models: { catalogRefresh: { enabled: false } },
    });
    // OpenClaw itself resolves this home's config file and reads the port from it.
    const result = await home.openclaw(["config", "get", "gateway.port"]);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe(String(home.gatewayPort));
  });

  it("leaves the caller's credentials and test-runner switches out of the environment", async () => {
    const saved = { ...process.env };
    Object.assign(process.env, {
      ANTHROPIC_API_KEY: "sk-ant-parent",
      OPENAI_API_KEY: "sk-parent",
      NODE_OPTIONS: "--inspect",
    });
    try {
      const home = await createOpenClawHome({ env: { EXTRA_FOR_TEST: "1", LANG: undefined } });
      const env = home.env;
      for (const name of ["ANTHROPIC_API_KEY", "OPENAI_API_KEY", "NODE_OPTIONS", "VITEST", "LANG"]) {
        expect(env[name], name).toBeUndefined();
      }
      expect(env).toMatchObject({
        HOME: home.dir,
        OPENCLAW_HOME: home.dir,
        TMPDIR: `${home.dir}/tmp`,
        OPENCLAW_NO_AUTO_UPDATE: "1",
        OPENCLAW_OFFLINE: "1",
        PROXYKIT_E2E_HOME: home.marker,
        EXTRA_FOR_TEST: "1",
      });
      expect(env.PATH?.split(":")[0]).toBe(process.execPath.slice(0, process.execPath.lastIndexOf("/")));
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  it("reads JSON5 and merges patches the way OpenClaw does: objects merge, arrays replace, null deletes", async () => {
    const home = await createOpenClawHome();
    writeFileSync(
      home.configPath,
      `{ // a comment\n a: { keep: 1, list: [1, 2], drop: true }, trailing: 'ok', }\n`,
    );
    expect(home.readConfig()).toEqual({ a: { keep: 1, list: [1, 2], drop: true }, trailing: "ok" });
    expect(home.mergeConfig({ a: { list: [3], drop: null, added: "x" } })).toEqual({
      a: { keep: 1, list: [3], added: "x" },
      trailing: "ok",
    });
    expect(home.readConfig()).toEqual({ a: { keep: 1, list: [3], added: "x" }, trailing: "ok" });
  });
});

describe("OpenClawHome.openclaw", () => {
  it("runs the pinned OpenClaw", async () => {
    const home = await createOpenClawHome();
    const result = await home.openclaw(["--version"]);
    expect(result).toMatchObject({ exitCode: 0, signal: null });
    expect(result.stdout).toContain(`OpenClaw ${PINNED_OPENCLAW_VERSION}`);
    expect(result.durationMs).toBeGreaterThan(0);
  });

  it("kills a command that outlives its timeout and leaves no process behind", async () => {
    const home = await createOpenClawHome();
    await expect(home.openclaw(["plugins", "list"], { timeoutMs: 300 })).rejects.toMatchObject({
      code: "COMMAND_TIMEOUT",
      message: expect.stringContaining("openclaw plugins list did not finish within 300 ms"),
    });
    expect(home.processes()).toEqual([]);
  });
});

describe("OpenClawHome.cleanup", () => {
  it("removes the home, can run twice, and refuses new commands afterwards", async () => {
    const home = await createOpenClawHome();
    const report = await home.cleanup();
    expect(report).toEqual({ killed: [], dir: home.dir, removed: true });
    expect(existsSync(home.dir)).toBe(false);
    await expect(home.cleanup()).resolves.toMatchObject({ killed: [] });
    await expect(home.openclaw(["--version"])).rejects.toThrow(/was cleaned up/);
  });
});
