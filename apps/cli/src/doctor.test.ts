import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./test-support/cli.ts";
import {
  fakeProxy,
  foreignListener,
  getFreePort,
  setFakeClaude,
  setUp,
  testHome,
} from "./test-support/fixtures.ts";

interface Check {
  id: string;
  status: "ok" | "warn" | "fail" | "skip";
  detail: string;
  fix?: string;
  fixable: boolean;
}

async function doctor(env: Record<string, string | undefined>, ...args: string[]) {
  const result = await runCli(["doctor", "--json", "--no-openclaw", ...args], { env });
  const report = JSON.parse(result.stdout) as {
    ok: boolean;
    checks: Check[];
    fixes?: { applied: Array<{ id: string; summary: string }>; backupPath?: string };
  };
  const check = (id: string) => {
    const found = report.checks.find((c) => c.id === id);
    if (!found) throw new Error(`no check ${id} in ${report.checks.map((c) => c.id).join(", ")}`);
    return found;
  };
  const has = (id: string) => report.checks.some((c) => c.id === id);
  return { ...result, report, check, has };
}

describe("doctor", () => {
  it("a healthy setup: every check ok (or skipped), exit 0", async () => {
    const home = testHome();
    const proxy = await fakeProxy();
    // A command that resolves on PATH (the seed's bunx may not be installed here).
    await setUp(home, proxy.port, ["--proxy-command", JSON.stringify([process.execPath, "proxy.js"])]);
    const { exitCode, report, check } = await doctor(home.env);
    expect(report.checks.filter((c) => c.status === "fail")).toEqual([]);
    expect(exitCode).toBe(0);
    expect(check("claude-login").status).toBe("ok");
    expect(check("health").status).toBe("ok");
    expect(check("port").detail).toContain("held by the proxy");
  });

  it("finds each seeded fault: proxy down, not logged in, port foreign, fallback, plugin disabled, port drift", async () => {
    const home = testHome({ claude: "logged-out" });
    const port = await getFreePort();
    await setUp(home, port);
    const config = home.readConfig();
    config.agents.defaults.model.fallbacks = ["anthropic/claude-opus-4-6"];
    config.plugins.entries["anthropic-max-proxy"].enabled = false;
    config.plugins.entries["anthropic-max-proxy"].config.port = port + 1;
    home.writeConfig(config);

    const down = await doctor(home.env);
    expect(down.exitCode).toBe(1);
    expect(down.check("health")).toMatchObject({ status: "fail" });
    expect(down.check("health").detail).toContain("proxy down");
    expect(down.check("claude-login")).toMatchObject({ status: "fail", fix: "claude login" });
    // A fallback to Anthropic directly: fail-closed is broken (error); the plugin disabled and the port drift
    // weaken it (warnings). All three are fixable.
    expect(down.check("fallbacks-present")).toMatchObject({ status: "fail", fixable: true });
    expect(down.check("plugin-disabled")).toMatchObject({ status: "warn", fixable: true });
    expect(down.check("address-mismatch")).toMatchObject({ status: "warn", fixable: true });
    expect(down.check("address-mismatch").detail).toContain(`:${port + 1}`);

    const foreignPid = await foreignListener(port);
    const foreign = await doctor(home.env);
    expect(foreign.check("port")).toMatchObject({ status: "fail" });
    expect(foreign.check("port").detail).toContain(`pid ${foreignPid}`);
    expect(foreign.check("port").fix).toContain("--port");
  });

  it("not logged in, as the proxy sees it: /health 503 → fix `claude login`", async () => {
    const home = testHome({ claude: "logged-out" });
    const proxy = await fakeProxy({ notLoggedIn: true });
    await setUp(home, proxy.port);
    const { check } = await doctor(home.env);
    expect(check("health")).toMatchObject({ status: "fail" });
    expect(check("health").fix).toContain("claude login");
    expect(check("port").status).toBe("ok");
  });

  it("claude not installed: says how to install it", async () => {
    const home = testHome({ claude: "missing" });
    await setUp(home, await getFreePort());
    const { check } = await doctor({ ...home.env, PATH: `${home.binDir}:/usr/bin:/bin` });
    expect(check("claude-installed")).toMatchObject({
      status: "fail",
      fix: "npm install -g @anthropic-ai/claude-code",
    });
  });

  it("the renamed default command is explained and the Meridian command offered", async () => {
    const home = testHome();
    // A `bunx` on PATH: the seed's default command `bunx opencode-claude-max-proxy` resolves.
    writeFileSync(join(home.binDir, "bunx"), "#!/bin/sh\nexit 0\n");
    chmodSync(join(home.binDir, "bunx"), 0o755);
    await setUp(home, await getFreePort());
    const explicit = await doctor(home.env);
    expect(explicit.check("proxy-command").status).toBe("warn");
    expect(explicit.check("proxy-command").detail).toContain("Meridian");
    expect(explicit.check("proxy-command").fix).toContain("@rynfar/meridian");
    const noBun = testHome();
    await setUp(noBun, await getFreePort());
    const missing = await doctor({ ...noBun.env, PATH: `${noBun.binDir}` });
    // The default command is `bunx opencode-claude-max-proxy`; without bunx on PATH it cannot start.
    expect(missing.check("proxy-command")).toMatchObject({ status: "fail" });
    expect(missing.check("proxy-command").fix).toContain("@rynfar/meridian");
  });

  it("--fix repairs the fixable faults with a backup, and the checks pass afterwards", async () => {
    const home = testHome();
    const proxy = await fakeProxy();
    await setUp(home, proxy.port, ["--proxy-command", JSON.stringify([process.execPath, "proxy.js"])]);
    const config = home.readConfig();
    config.agents.defaults.model.fallbacks = ["openai/gpt-5"];
    config.plugins.entries["anthropic-max-proxy"].enabled = false;
    config.plugins.entries["anthropic-max-proxy"].config.port = proxy.port + 1;
    home.writeConfig(config);
    const before = readdirSync(home.stateDir).filter((name) => name.includes(".bak")).length;

    const fixed = await doctor(home.env, "--fix");
    expect(fixed.report.fixes?.applied.map((a) => a.id).sort()).toEqual([
      "address-mismatch",
      "fallbacks-present",
      "plugin-disabled",
    ]);
    expect(fixed.has("fallbacks-present")).toBe(false);
    expect(fixed.has("plugin-disabled")).toBe(false);
    expect(fixed.has("address-mismatch")).toBe(false);
    expect(fixed.check("fail-closed").status).toBe("ok");
    expect(fixed.exitCode).toBe(0);
    const after = home.readConfig();
    expect(after.agents.defaults.model.fallbacks).toEqual([]);
    expect(after.plugins.entries["anthropic-max-proxy"].enabled).toBe(true);
    expect(after.plugins.entries["anthropic-max-proxy"].config.port).toBe(proxy.port);
    expect(readdirSync(home.stateDir).filter((name) => name.includes(".bak")).length).toBeGreaterThan(before);

    // Unfixable faults are left alone: --fix does not log anyone in.
    setFakeClaude(home.binDir, "logged-out");
    const unfixable = await doctor(home.env, "--fix");
    expect(unfixable.report.fixes?.applied).toEqual([]);
    expect(unfixable.check("claude-login").status).toBe("fail");
    expect(unfixable.exitCode).toBe(1);
  });

  it("human output names each problem and its fix", async () => {
    const home = testHome({ claude: "logged-out" });
    await setUp(home, await getFreePort());
    const result = await runCli(["doctor", "--no-openclaw"], { env: home.env });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/✗ Claude login\s+Claude Code is not logged in/);
    expect(result.stdout).toContain("fix: claude login");
    expect(result.stdout).toMatch(/\d+ problems?/);
  });

  it("a pid file whose proxy is gone is stale only when its supervisor is gone too", async () => {
    const home = testHome();
    await setUp(home, await getFreePort());
    const pidFile = join(home.stateDir, "anthropic-max-proxy", "proxy.pid");
    mkdirSync(join(home.stateDir, "anthropic-max-proxy"), { recursive: true });
    const deadPid = () => spawnSync("true").pid;
    const write = (supervisorPid: number) =>
      writeFileSync(
        pidFile,
        JSON.stringify({
          version: 1,
          pid: deadPid(),
          pgid: 1,
          command: ["node", "proxy"],
          host: "127.0.0.1",
          startedAt: new Date().toISOString(),
          processStartTime: "0",
          bootId: "",
          marker: { name: "X", value: "y" },
          supervisorPid,
        }),
      );

    // The supervisor (this test process, standing in for a Gateway) runs: it is restarting the proxy or
    // waiting for a login. The file stays, and `run` does not start a second supervisor.
    write(process.pid);
    const supervised = await doctor(home.env, "--fix");
    expect(supervised.check("supervisor")).toMatchObject({ status: "ok", fixable: false });
    expect(supervised.check("supervisor").detail).toContain(`pid ${process.pid}`);
    expect(existsSync(pidFile)).toBe(true);
    const run = await runCli(["run"], { env: home.env });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(`already supervised by pid ${process.pid}`);

    // Both gone: stale, removed by --fix.
    write(deadPid());
    const stale = await doctor(home.env, "--fix");
    expect(stale.report.fixes?.applied.map((a) => a.id)).toContain("supervisor");
    expect(existsSync(pidFile)).toBe(false);
  });
});
