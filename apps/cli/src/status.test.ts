import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./test-support/cli.ts";
import { fakeProxy, getFreePort, hasAnsi, setUp, testHome } from "./test-support/fixtures.ts";

describe("status", () => {
  it("all is well: default, fallbacks, aliases, address, healthy proxy with its login; exit 0", async () => {
    const home = testHome();
    const proxy = await fakeProxy({ email: "me@example.com" });
    await setUp(home, proxy.port);
    const result = await runCli(["status", "--json"], { env: home.env });
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.ok).toBe(true);
    expect(report.configPath).toBe(home.configPath);
    expect(report.provider.address.baseUrl).toBe(`http://127.0.0.1:${proxy.port}`);
    expect(report.proxy.state).toBe("healthy");
    expect(report.proxy.auth).toMatchObject({ loggedIn: true, email: "me@example.com" });
    expect(report.audit.ok).toBe(true);
    expect(report.supervisor.state).toBe("none");

    const human = await runCli(["status"], { env: home.env });
    expect(human.exitCode).toBe(0);
    // The lines `openclaw models status` prints for the same file.
    expect(human.stdout).toMatch(/^Default\s+: anthropic-max-proxy\/claude-opus-4\.6$/m);
    expect(human.stdout).toMatch(/^Fallbacks \(0\)\s+: -$/m);
    expect(human.stdout).toMatch(
      /^Aliases \(1\)\s+: claude-max-proxy -> anthropic-max-proxy\/claude-opus-4\.6$/m,
    );
    expect(human.stdout).toContain("logged in as me@example.com (max)");
    expect(human.stdout).toContain("all is well");
  });

  it("proxy down: exit 1, unreachable, and the fix is named", async () => {
    const home = testHome();
    const port = await getFreePort();
    await setUp(home, port);
    const result = await runCli(["status", "--json"], { env: home.env });
    expect(result.exitCode).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.ok).toBe(false);
    expect(report.proxy.state).toBe("unreachable");
    expect(report.attention.join("\n")).toContain("anthropic-max-proxy run");
  });

  it("not logged in: the proxy's 503 is reported with `claude login`", async () => {
    const home = testHome();
    const proxy = await fakeProxy({ notLoggedIn: true });
    await setUp(home, proxy.port);
    const result = await runCli(["status"], { env: home.env });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain("Claude NOT logged in");
    expect(result.stdout).toContain("claude login");
  });

  it("a proxy without /health (an older proxy: 404 there) counts as up, as for the plugin; exit 0", async () => {
    const home = testHome();
    const proxy = await fakeProxy();
    await setUp(home, proxy.port);
    // The simulator answers 404 at any path it does not serve, like a proxy without a health endpoint.
    const config = home.readConfig();
    (config.plugins.entries["anthropic-max-proxy"].config as { healthPath?: string }).healthPath =
      "/no-health";
    home.writeConfig(config);
    const result = await runCli(["status", "--json"], { env: home.env });
    const report = JSON.parse(result.stdout);
    expect(report.proxy.state).toBe("no-health-endpoint");
    expect(report.attention).toEqual([]);
    expect(report.ok).toBe(true);
    expect(result.exitCode).toBe(0);
    const human = await runCli(["status"], { env: home.env });
    expect(human.exitCode).toBe(0);
    expect(human.stdout).toMatch(/^Proxy\s+: ! .*login unknown/m);
    expect(human.stdout).toContain("all is well");
  });

  it("no config: exit 1 and points at setup", async () => {
    const home = testHome();
    const result = await runCli(["status", "--json"], { env: home.env });
    expect(result.exitCode).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.configExists).toBe(false);
    expect(report.attention.join("\n")).toContain("anthropic-max-proxy setup");
  });

  it("a malformed config: problem with line and column on stderr, JSON error on stdout, exit 1", async () => {
    const home = testHome();
    home.writeConfigText('{\n  "models": { oops\n}\n');
    const result = await runCli(["status", "--json"], { env: home.env });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/openclaw\.json:3:1: invalid JSON5/);
    expect(result.stderr).toContain("fix:");
    const body = JSON.parse(result.stdout);
    expect(body).toMatchObject({ ok: false, error: { code: "PARSE_ERROR" } });
  });

  it("reads the pid file the supervisor writes (--config and a state dir)", async () => {
    const home = testHome();
    const proxy = await fakeProxy();
    await setUp(home, proxy.port);
    // A pid file naming this test process, supervised by this process: running.
    mkdirSync(join(home.stateDir, "anthropic-max-proxy"), { recursive: true });
    writeFileSync(
      join(home.stateDir, "anthropic-max-proxy", "proxy.pid"),
      JSON.stringify({
        version: 1,
        pid: process.pid,
        pgid: process.pid,
        command: ["node", "proxy"],
        host: "127.0.0.1",
        port: proxy.port,
        startedAt: new Date().toISOString(),
        processStartTime: "0",
        bootId: "",
        marker: { name: "X", value: "y" },
        supervisorPid: process.pid,
      }),
    );
    const result = await runCli(["status", "--json"], { env: home.env });
    const report = JSON.parse(result.stdout);
    expect(report.supervisor).toMatchObject({
      state: "running",
      pid: process.pid,
      supervisorPid: process.pid,
      supervisorAlive: true,
    });
  });

  it("colours only on request and never with NO_COLOR; none when piped", async () => {
    const home = testHome();
    const proxy = await fakeProxy();
    await setUp(home, proxy.port);
    const { NO_COLOR: _drop, ...noNoColor } = home.env;
    const piped = await runCli(["status"], { env: noNoColor });
    expect(hasAnsi(piped.stdout)).toBe(false);
    const forced = await runCli(["status"], { env: { ...noNoColor, FORCE_COLOR: "1" } });
    expect(hasAnsi(forced.stdout)).toBe(true);
    const both = await runCli(["status"], { env: { ...noNoColor, FORCE_COLOR: "1", NO_COLOR: "1" } });
    expect(hasAnsi(both.stdout)).toBe(false);
    const flag = await runCli(["status", "--no-color"], { env: { ...noNoColor, FORCE_COLOR: "1" } });
    expect(hasAnsi(flag.stdout)).toBe(false);
    const json = await runCli(["status", "--json"], { env: { ...noNoColor, FORCE_COLOR: "1" } });
    expect(hasAnsi(json.stdout)).toBe(false);
    expect(() => JSON.parse(json.stdout)).not.toThrow();
  });
});
