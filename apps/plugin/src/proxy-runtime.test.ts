import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { join } from "node:path";
import { resolveProxyAddress } from "@proxykit/config-schema";
import { type SpawnedFakeProxy, spawnFakeProxy } from "@proxykit/fake-proxy";
import { afterEach, describe, expect, it } from "vitest";
import { ProxyNotReadyError } from "./errors.ts";
import { proxyRegistry } from "./proxy-registry.ts";
import { otherSupervisor, SupervisedProxy, WatchedProxy } from "./proxy-runtime.ts";
import {
  openclawConfig,
  RuntimeCleanup,
  recordingHealth,
  recordingLogger,
  simulatorConfig,
} from "./test-support/runtime.ts";

const cleanup = new RuntimeCleanup();
const extra: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  await cleanup.run();
  for (const undo of extra.splice(0)) await undo();
});

type PluginInput = Parameters<typeof simulatorConfig>[0];

/** A supervised simulator, registered like the service registers it. */
async function supervised(input: PluginInput = {}, options: { stateDir?: string; home?: string } = {}) {
  const plugin = await simulatorConfig(input);
  const address = resolveProxyAddress(openclawConfig({ port: plugin.port }));
  const logger = recordingLogger();
  const health = recordingHealth();
  const runtime = new SupervisedProxy({
    kind: "service",
    address,
    plugin,
    stateDir: options.stateDir,
    logger,
    serviceHealth: health,
    ...(options.home ? { baseEnv: { ...process.env, HOME: options.home } } : {}),
  });
  proxyRegistry().set(runtime.key, runtime);
  runtime.start();
  return { runtime, logger, health, plugin, address };
}

async function refusal(promise: Promise<unknown>): Promise<ProxyNotReadyError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProxyNotReadyError);
  return error as ProxyNotReadyError;
}

describe("SupervisedProxy (the Meridian simulator as the proxy)", () => {
  it("starts the proxy, logs it, admits requests once ready, shows the login, and leaves nothing at stop", async () => {
    const stateDir = cleanup.tempDir();
    const { runtime, logger, plugin } = await supervised(
      { env: { FAKE_PROXY_EMAIL: "me@example.com" } },
      { stateDir },
    );
    await runtime.admit({ maxWaitMs: 15_000 });
    expect(logger.lines).toContain("info anthropic-max-proxy: starting proxy...");
    expect(logger.text()).toMatch(
      /anthropic-max-proxy: proxy ready at http:\/\/127\.0\.0\.1:\d+ \d+ ms after start/,
    );
    expect(await runtime.view()).toMatchObject({
      state: "healthy",
      ready: true,
      auth: { loggedIn: true, email: "me@example.com", subscriptionType: "max" },
    });
    const pidFile = join(stateDir, "anthropic-max-proxy", "proxy.pid");
    expect(existsSync(pidFile)).toBe(true);
    const pid = runtime.supervisor.status().pid as number;
    await runtime.stop();
    expect(() => process.kill(pid, 0)).toThrow();
    expect(existsSync(pidFile)).toBe(false);
    expect(proxyRegistry().has(`127.0.0.1:${plugin.port}`)).toBe(false);
  });

  it("a request during a quick restart waits and goes through; one whose restart is far away is refused at once", async () => {
    const { runtime } = await supervised({ restartDelayMs: 400 });
    await runtime.admit({ maxWaitMs: 15_000 });
    process.kill(runtime.supervisor.status().pid as number, "SIGKILL");
    await runtime.supervisor.waitFor("restarting", { timeoutMs: 5_000 });
    await runtime.admit({ maxWaitMs: 8_000 });
    expect(runtime.supervisor.state).toBe("ready");

    const slow = await supervised({ restartDelayMs: 30_000 });
    await slow.runtime.admit({ maxWaitMs: 15_000 });
    process.kill(slow.runtime.supervisor.status().pid as number, "SIGKILL");
    await slow.runtime.supervisor.waitFor("restarting", { timeoutMs: 5_000 });
    const started = Date.now();
    const error = await refusal(slow.runtime.admit({ maxWaitMs: 8_000 }));
    // Refused without spending the wait budget (the restart is beyond it): not a speed threshold.
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(error.condition).toBe("restarting");
    expect(error.message).toMatch(
      /^anthropic-max-proxy: proxy at 127\.0\.0\.1:\d+ is restarting \(crash 1\/5\); retrying in (29|30) s$/,
    );
    expect(error.code).toBe("ANTHROPIC_MAX_PROXY_NOT_READY");
  });

  it("not logged in: refused at once with `claude login`, reported to service health; a login is picked up", async () => {
    const home = cleanup.tempDir();
    const credentials = join(home, ".claude", ".credentials.json");
    const { runtime, health, logger } = await supervised(
      { env: { FAKE_PROXY_CREDENTIALS_FILE: credentials } },
      { home },
    );
    await runtime.supervisor.waitFor("needs-login", { timeoutMs: 15_000 });
    const error = await refusal(runtime.admit({ maxWaitMs: 8_000 }));
    expect(error.condition).toBe("not-logged-in");
    expect(error.message).toMatch(/^anthropic-max-proxy: Claude is not logged in: run `claude login`/);
    // A burst right after a refusal (OpenClaw resubmits up to 3 times) is refused without waiting.
    await refusal(runtime.admit({ maxWaitMs: 8_000 }));
    await expect.poll(() => health.current).toMatch(/run `claude login`/);
    expect(logger.text()).toMatch(/warn anthropic-max-proxy: Claude is not logged in: run `claude login`/);
    expect(runtime.supervisor.status().restarts).toBe(0);

    mkdirSync(join(home, ".claude"), { recursive: true });
    writeFileSync(credentials, "{}");
    await runtime.supervisor.waitFor("ready", { timeoutMs: 15_000 });
    await runtime.admit({ maxWaitMs: 1_000 });
    expect(health.current).toBeUndefined();
  });

  it("a degraded proxy whose Claude CLI says logged out (Meridian's non-zero `claude auth status`) is not logged in", async () => {
    // Real Meridian reads a logged-out Claude Code's exit 1 as "could not verify" and serves `degraded`;
    // the probe asks the Claude CLI named by MERIDIAN_CLAUDE_PATH, as Meridian itself would.
    const dir = cleanup.tempDir();
    const claude = join(dir, "claude");
    const answer = (loggedIn: boolean) =>
      writeFileSync(
        claude,
        `#!/bin/sh\necho '${JSON.stringify({ loggedIn, authMethod: loggedIn ? "claude.ai" : "none" })}'\nexit ${loggedIn ? 0 : 1}\n`,
        { mode: 0o755 },
      );
    answer(false);
    const { runtime, health } = await supervised({
      env: { FAKE_PROXY_DEGRADED: "1", MERIDIAN_CLAUDE_PATH: claude },
    });
    await runtime.supervisor.waitFor("needs-login", { timeoutMs: 15_000 });
    const error = await refusal(runtime.admit({ maxWaitMs: 8_000 }));
    expect(error.condition).toBe("not-logged-in");
    expect(error.message).toMatch(/^anthropic-max-proxy: Claude is not logged in: run `claude login`/);
    await expect.poll(() => health.current).toMatch(/run `claude login`/);
    expect(runtime.supervisor.status().restarts).toBe(0);

    answer(true); // `claude login` done: the next check (logged-out answers are kept 5 s) lets it through
    await runtime.supervisor.waitFor("ready", { timeoutMs: 20_000 });
    await runtime.admit({ maxWaitMs: 1_000 });
  });

  it("command not found: failed at once with the Meridian rename and how to set command; never retried", async () => {
    const { runtime, health } = await supervised({
      command: ["bunx-not-installed-xyz", "opencode-claude-max-proxy"],
    });
    const status = await runtime.supervisor.waitFor("failed", { timeoutMs: 10_000 });
    expect(status.failureCode).toBe("COMMAND_NOT_FOUND");
    const error = await refusal(runtime.admit({ maxWaitMs: 8_000 }));
    expect(error.condition).toBe("command-not-found");
    expect(error.message).toContain('"bunx-not-installed-xyz" is not installed or not on the PATH');
    expect(error.message).toContain(
      "opencode-claude-max-proxy is now published as Meridian (@rynfar/meridian)",
    );
    expect(error.message).toContain(
      'set plugins.entries.anthropic-max-proxy.config.command to ["npx","-y","@rynfar/meridian"]',
    );
    expect(runtime.supervisor.status().restarts).toBe(0);
    await expect.poll(() => health.current).toContain("@rynfar/meridian");
  });

  it("crash loop and autoRestart off end in a refusal that says how to start again", async () => {
    const loop = await supervised({
      env: { FAKE_PROXY_CRASH_AFTER_MS: "50" },
      restartDelayMs: 100,
      maxCrashes: 2,
    });
    await loop.runtime.supervisor.waitFor("failed", { timeoutMs: 20_000 });
    const error = await refusal(loop.runtime.admit({ maxWaitMs: 8_000 }));
    expect(error.condition).toBe("crash-loop");
    expect(error.message).toContain("keeps crashing (2 crashes within 300 s) and is no longer restarted");

    const off = await supervised({ autoRestart: false });
    await off.runtime.admit({ maxWaitMs: 15_000 });
    process.kill(off.runtime.supervisor.status().pid as number, "SIGKILL");
    await off.runtime.supervisor.waitFor("failed", { timeoutMs: 5_000 });
    const stopped = await refusal(off.runtime.admit({ maxWaitMs: 8_000 }));
    expect(stopped.message).toMatch(
      /was killed by SIGKILL and autoRestart is off: restart the OpenClaw Gateway/,
    );
  });

  it("a hung proxy (alive, /health never answers) is restarted by liveness probing", async () => {
    const { runtime } = await supervised({
      env: { FAKE_PROXY_HEALTH_HANG_AFTER_MS: "500" },
      livenessIntervalMs: 1_000,
      livenessFailureThreshold: 1,
    });
    const first = await runtime.supervisor.waitFor("ready", { timeoutMs: 15_000 });
    const restarted = await runtime.supervisor.waitFor((s) => s.state === "restarting", {
      timeoutMs: 15_000,
    });
    expect(restarted.lastExit).toMatchObject({ kind: "hung", pid: first.pid });
    await runtime.supervisor.waitFor((s) => s.state === "ready" && s.pid !== first.pid, {
      timeoutMs: 15_000,
    });
  });

  it("adopts a healthy proxy already on the port: no second process, left running at stop", async () => {
    const byHand: SpawnedFakeProxy = spawnFakeProxy({ port: 0 });
    extra.push(() => byHand.stop());
    const { port } = await byHand.ready;
    const { runtime } = await supervised({ port });
    await runtime.supervisor.waitFor("adopted", { timeoutMs: 10_000 });
    await runtime.admit({ maxWaitMs: 1_000 });
    expect(runtime.supervisor.status().pid).toBeUndefined();
    await runtime.stop();
    expect(() => process.kill(byHand.pid, 0)).not.toThrow();
  });

  it("a foreign listener on the port is named and left untouched", async () => {
    const server: Server = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    extra.push(() => new Promise((resolve) => server.close(resolve)));
    const port = (server.address() as { port: number }).port;
    const { runtime, health } = await supervised({ port });
    const status = await runtime.supervisor.waitFor("failed", { timeoutMs: 10_000 });
    expect(status.failureCode).toBe("PORT_IN_USE");
    await expect.poll(() => health.current).toMatch(/used by another program \(pid \d+, node\)/);
    const error = await refusal(runtime.admit({ maxWaitMs: 1_000 }));
    expect(error.condition).toBe("port-in-use");
    expect(error.message).toContain(
      `port ${port} on 127.0.0.1 is used by another program (pid ${process.pid}, node)`,
    );
    expect(server.listening).toBe(true);
  });
});

describe("WatchedProxy (autoStart off)", () => {
  it("admits a healthy proxy; refuses a missing one with how to start it", async () => {
    const plugin = await simulatorConfig({ autoStart: false });
    const address = resolveProxyAddress(openclawConfig({ port: plugin.port }));
    const watched = new WatchedProxy({ address, plugin });
    const error = await refusal(watched.admit({ maxWaitMs: 0 }));
    expect(error.condition).toBe("not-running");
    expect(error.message).toContain(
      `nothing answers at 127.0.0.1:${plugin.port}: plugins.entries.anthropic-max-proxy.config.autoStart is off`,
    );
    expect(error.message).toContain(`MERIDIAN_PORT=${plugin.port}`);
    const byHand = spawnFakeProxy({ port: plugin.port });
    extra.push(() => byHand.stop());
    await byHand.ready;
    await watched.admit({ maxWaitMs: 0 });
    expect(await watched.view()).toMatchObject({ state: "healthy", ready: true });
  });
});

describe("otherSupervisor: who else supervises the proxy of a pid file", () => {
  const record = (supervisorPid: number, startedAt: string) => ({
    version: 1,
    pid: 1,
    pgid: 1,
    command: ["x"],
    host: "127.0.0.1",
    startedAt,
    processStartTime: "0",
    bootId: "",
    marker: { name: "M", value: "v" },
    supervisorPid,
  });

  it("a live other process that wrote it; never ourselves, a dead pid, or a pid recycled after the write", () => {
    const dir = cleanup.tempDir();
    const file = join(dir, "proxy.pid");
    const write = (r: object) => writeFileSync(file, JSON.stringify(r));
    expect(otherSupervisor(file)).toBeUndefined(); // no file
    write(record(process.ppid, new Date().toISOString()));
    expect(otherSupervisor(file)).toBe(process.ppid);
    write(record(process.pid, new Date().toISOString()));
    expect(otherSupervisor(file)).toBeUndefined();
    write(record(2 ** 22 + 12345, new Date().toISOString()));
    expect(otherSupervisor(file)).toBeUndefined();
    // Our parent started after 2001: a record written then cannot have been written by it (recycled pid).
    write(record(process.ppid, "2001-01-01T00:00:00.000Z"));
    expect(otherSupervisor(file)).toBeUndefined();
  });
});
