import { readFileSync } from "node:fs";
import { fakeProxyCommand } from "@proxykit/fake-proxy";
import { inspectPort, probe } from "@proxykit/health";
import { describe, expect, it } from "vitest";
import { CLI_BUNDLE, runCli, startCli } from "./test-support/cli.ts";
import { foreignListener, getFreePort, setUp, testHome } from "./test-support/fixtures.ts";

/** The simulator, started the way the plugin starts a proxy (argv, host/port in the environment). */
const SIMULATOR = JSON.stringify([process.execPath, CLI_BUNDLE, "proxy-simulator"]);

function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}

describe("run", () => {
  it("supervises the proxy, restarts it after kill -9, and Ctrl-C leaves no process and a free port", async () => {
    const home = testHome();
    const port = await getFreePort();
    await setUp(home, port, ["--proxy-command", SIMULATOR]);
    // A fast restart for the test (the plugin's default is 3 s).
    const config = home.readConfig();
    config.plugins.entries["anthropic-max-proxy"].config.restartDelayMs = 200;
    home.writeConfig(config);

    const run = startCli(["run"], { env: home.env });
    await run.waitFor(/● proxy ready/);
    expect((await probe(`http://127.0.0.1:${port}`)).state).toBe("healthy");
    const first = (await inspectPort("127.0.0.1", port)).listener?.pid as number;
    expect(first).toBeGreaterThan(0);

    const status = JSON.parse((await runCli(["status", "--json"], { env: home.env })).stdout);
    expect(status.supervisor).toMatchObject({
      state: "running",
      supervisorPid: run.pid,
      supervisorAlive: true,
    });
    expect(status.ok).toBe(true);

    // A second supervisor refuses instead of fighting over the port.
    const second = await runCli(["run"], { env: home.env });
    expect(second.exitCode).toBe(1);
    expect(second.stderr).toContain(`already supervised by pid ${run.pid}`);

    process.kill(first, "SIGKILL");
    await run.waitFor(/● proxy restarting/);
    await expect
      .poll(async () => (await probe(`http://127.0.0.1:${port}`)).state, { timeout: 15_000 })
      .toBe("healthy");
    const next = (await inspectPort("127.0.0.1", port)).listener?.pid as number;
    expect(next).not.toBe(first);

    run.kill("SIGINT");
    const exit = await run.exited;
    expect(exit.exitCode).toBe(0);
    expect(alive(next)).toBe(false);
    expect((await inspectPort("127.0.0.1", port)).free).toBe(true);
    expect(run.output()).toMatch(/● proxy stopped/);
  });

  it("SIGTERM stops a wrapper and its grandchild (bunx-like) too", async () => {
    const home = testHome();
    const port = await getFreePort();
    // The simulator's own command in wrapper mode: the port holder is a grandchild of `run`.
    await setUp(home, port, ["--proxy-command", JSON.stringify(fakeProxyCommand())]);
    const run = startCli(["run", "--json"], { env: { ...home.env, FAKE_PROXY_WRAPPER: "1" } });
    await run.waitFor('"state":"ready"');
    const holder = (await inspectPort("127.0.0.1", port)).listener?.pid as number;
    const wrapper = Number(readFileSync(`/proc/${holder}/stat`, "utf8").split(") ")[1]?.split(" ")[1]);
    expect(wrapper).not.toBe(run.pid);
    expect(Number(readFileSync(`/proc/${wrapper}/stat`, "utf8").split(") ")[1]?.split(" ")[1])).toBe(run.pid);
    run.kill("SIGTERM");
    expect((await run.exited).exitCode).toBe(0);
    expect(alive(holder)).toBe(false);
    expect(alive(wrapper)).toBe(false);
    expect((await inspectPort("127.0.0.1", port)).free).toBe(true);
    // --json: one JSON object per line.
    for (const line of run.stdout().trim().split("\n")) expect(() => JSON.parse(line)).not.toThrow();
  });

  it("a foreign process on the port: reported with its pid, never killed; exit 1", async () => {
    const home = testHome();
    const port = await getFreePort();
    await setUp(home, port, ["--proxy-command", SIMULATOR]);
    const foreign = await foreignListener(port);
    const result = await runCli(["run"], { env: home.env, timeoutMs: 60_000 });
    expect(result.exitCode).toBe(1);
    expect(result.stdout + result.stderr).toContain(String(foreign));
    expect(alive(foreign)).toBe(true);
  });

  it("Claude not logged in: waits in needs-login (no restart loop) and says `claude login`", async () => {
    const home = testHome();
    const port = await getFreePort();
    await setUp(home, port, ["--proxy-command", SIMULATOR]);
    const run = startCli(["run"], { env: { ...home.env, FAKE_PROXY_NOT_LOGGED_IN: "1" } });
    await run.waitFor(/● proxy needs-login/);
    expect(run.output()).toMatch(/claude login/);
    run.kill("SIGINT");
    expect((await run.exited).exitCode).toBe(0);
  });

  it("a provider baseUrl off loopback without allowNonLoopback: refused naming the key and the fix; nothing started", async () => {
    const home = testHome();
    const port = await getFreePort();
    await setUp(home, port, ["--proxy-command", SIMULATOR]);
    const config = home.readConfig();
    // TEST-NET-1 (never routed): the proxy would be told to listen there.
    config.models.providers["anthropic-max-proxy"].baseUrl = `http://192.0.2.1:${port}`;
    home.writeConfig(config);
    const result = await runCli(["run"], { env: home.env });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(
      /models\.providers\.anthropic-max-proxy\.baseUrl: .*not a loopback address/,
    );
    expect(result.stderr).toMatch(/allowNonLoopback/);
    expect((await inspectPort("127.0.0.1", port)).free).toBe(true);
  });
});
