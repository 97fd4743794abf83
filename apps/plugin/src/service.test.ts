import { proxySupervisionOptions, readProxySettings } from "@proxykit/config-schema";
import { inspectPort } from "@proxykit/health";
import { defaultClaudeCredentialsPath } from "@proxykit/health/claude";
import { isAlive } from "@proxykit/openclaw-e2e";
import type { OpenClawPluginServiceContext } from "openclaw/plugin-sdk/plugin-entry";
import { afterEach, describe, expect, it } from "vitest";
import { markServiceProcess, proxyRegistry } from "./proxy-registry.ts";
import type { SupervisedProxy } from "./proxy-runtime.ts";
import { createProbeStateSource, currentProxyStateSource } from "./proxy-state.ts";
import { gateRequest } from "./request-gate.ts";
import { createProxyService } from "./service.ts";
import {
  openclawConfig,
  RuntimeCleanup,
  recordingHealth,
  recordingLogger,
  simulatorConfig,
} from "./test-support/runtime.ts";

const cleanup = new RuntimeCleanup();
afterEach(async () => {
  markServiceProcess(false);
  await cleanup.run();
});

function context(config: object, stateDir: string) {
  const logger = recordingLogger();
  const serviceHealth = recordingHealth();
  const ctx = { config, stateDir, logger, serviceHealth } as unknown as OpenClawPluginServiceContext;
  return { ctx, logger, serviceHealth };
}

const probe = createProbeStateSource();

describe("the supervision service", () => {
  it("start returns at once; the proxy becomes ready; status reads the supervisor; stop leaves nothing", async () => {
    const plugin = await simulatorConfig();
    const config = openclawConfig({ command: plugin.command, port: plugin.port });
    const { ctx, logger } = context(config, cleanup.tempDir());
    const service = createProxyService();
    expect(service.id).toBe("proxy");
    expect(service.reload?.configPrefixes).toEqual(["models.providers.anthropic-max-proxy.baseUrl"]);
    await service.start(ctx);
    const entry = proxyRegistry().get(`127.0.0.1:${plugin.port}`) as SupervisedProxy;
    expect(entry.kind).toBe("service");
    await entry.admit({ maxWaitMs: 15_000 });
    expect(logger.lines).toContain("info anthropic-max-proxy: starting proxy...");
    const address = {
      host: "127.0.0.1",
      port: plugin.port,
      baseUrl: `http://127.0.0.1:${plugin.port}`,
      source: "plugin-config" as const,
    };
    expect(await currentProxyStateSource(probe).read(address)).toMatchObject({
      source: "supervisor",
      state: "healthy",
    });
    const pid = entry.supervisor.status().pid as number;
    await service.stop?.(ctx);
    expect(() => process.kill(pid, 0)).toThrow();
    expect((await inspectPort("127.0.0.1", plugin.port)).free).toBe(true);
    expect(proxyRegistry().size).toBe(0);
    expect((await currentProxyStateSource(probe).read(address)).source).toBe("probe");
  });

  it("gives the supervisor the shared policy's options for the config (the CLI's `run` gives the same), grace capped", async () => {
    const plugin = await simulatorConfig({ maxCrashes: 2, healthPath: "/health", env: { A: "1" } });
    const config = openclawConfig({
      command: plugin.command,
      port: plugin.port,
      maxCrashes: 2,
      env: { A: "1" },
    });
    const stateDir = cleanup.tempDir();
    const { ctx } = context(config, stateDir);
    const service = createProxyService();
    await service.start(ctx);
    const entry = proxyRegistry().get(`127.0.0.1:${plugin.port}`) as SupervisedProxy;
    const settings = readProxySettings(config);
    const { healthUrl, ...policy } = proxySupervisionOptions(settings.plugin, settings.address, {
      stateDir,
      credentialsFile: defaultClaudeCredentialsPath(process.env),
    });
    const { probe: probeFn, inspectPort: inspect, logger, ...rest } = entry.supervisorOptions;
    // Except the SIGTERM grace, capped so a stop fits OpenClaw's 5 s budget (the default 5000 → 3000).
    expect(rest).toEqual({ ...policy, stopTimeoutMs: 3_000 });
    expect(policy.pidFile).toBe(`${stateDir}/anthropic-max-proxy/proxy.pid`);
    expect(typeof inspect).toBe("function");
    expect(typeof logger?.info).toBe("function");
    const probed = await probeFn?.({
      host: "127.0.0.1",
      port: plugin.port,
      timeoutMs: 2000,
      signal: AbortSignal.timeout(10_000),
    });
    expect(probed).toMatchObject({ url: healthUrl });
    await service.stop?.(ctx);
  });

  it("hot reload: the new instance replaces the old supervisor (even one whose stop never came), one proxy", async () => {
    const plugin = await simulatorConfig();
    const stateDir = cleanup.tempDir();
    const first = createProxyService();
    await first.start(context(openclawConfig({ command: plugin.command, port: plugin.port }), stateDir).ctx);
    const old = proxyRegistry().get(`127.0.0.1:${plugin.port}`) as SupervisedProxy;
    await old.admit({ maxWaitMs: 15_000 });
    const oldPid = old.supervisor.status().pid as number;

    // The next plugin instance (register ran again) starts with new settings before the old one stopped.
    const second = createProxyService();
    const { ctx, logger } = context(
      openclawConfig({ command: plugin.command, port: plugin.port, env: { FAKE_PROXY_REPLY_TEXT: "v2" } }),
      stateDir,
    );
    await second.start(ctx);
    expect(logger.text()).toContain("stopping the proxy supervisor of the previous plugin instance first");
    expect(() => process.kill(oldPid, 0)).toThrow();
    const next = proxyRegistry().get(`127.0.0.1:${plugin.port}`) as SupervisedProxy;
    expect(next).not.toBe(old);
    await next.admit({ maxWaitMs: 15_000 });
    expect([...proxyRegistry().values()]).toEqual([next]);
    const response = await fetch(`http://127.0.0.1:${plugin.port}/v1/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        model: "claude-opus-4-6",
        max_tokens: 8,
        messages: [{ role: "user", content: "hi" }],
      }),
    });
    expect(JSON.stringify(await response.json())).toContain("v2");
    await first.stop?.(ctx); // the late stop of the old instance leaves the new one alone
    expect(next.supervisor.state).toBe("ready");
  });

  it("a request before the service started ran the proxy on demand: the service stops it first and owns the proxy", async () => {
    // The simulator ignores SIGTERM: a proxy nobody owns would survive the Gateway.
    const env = { FAKE_PROXY_IGNORE_SIGTERM: "1" };
    const plugin = await simulatorConfig({ env });
    const config = openclawConfig({ command: plugin.command, port: plugin.port, env, stopTimeoutMs: 1_000 });
    const stateDir = cleanup.tempDir();
    const key = `127.0.0.1:${plugin.port}`;
    const { ctx, logger } = context(config, stateDir);
    await gateRequest(
      { baseUrl: `http://127.0.0.1:${plugin.port}`, signal: undefined },
      { config, stateDir: () => stateDir, logger },
    );
    const onDemand = proxyRegistry().get(key) as SupervisedProxy;
    expect(onDemand.kind).toBe("on-demand");
    const onDemandPid = onDemand.supervisor.status().pid as number;

    const service = createProxyService();
    await service.start(ctx);
    expect(logger.text()).toContain("stopping the proxy a request started on demand before the service ran");
    expect(() => process.kill(onDemandPid, 0)).toThrow();
    const entry = proxyRegistry().get(key) as SupervisedProxy;
    expect(entry.kind).toBe("service");
    expect([...proxyRegistry().values()]).toEqual([entry]);
    await entry.admit({ maxWaitMs: 15_000 });
    expect(entry.supervisor.state).toBe("ready"); // its own child, not an adopted stranger
    const pid = entry.supervisor.status().pid as number;
    await service.stop?.(ctx);
    expect(() => process.kill(pid, 0)).toThrow();
    expect((await inspectPort("127.0.0.1", plugin.port)).free).toBe(true);
  });

  it("stop fits OpenClaw's 5 s budget for a service stop, even for a proxy that ignores SIGTERM", async () => {
    // stopTimeoutMs 10 s would be 10 s of grace: the service caps it so the reload is not counted as failed.
    const env = { FAKE_PROXY_IGNORE_SIGTERM: "1", FAKE_PROXY_WRAPPER: "1" };
    const plugin = await simulatorConfig({ env });
    const config = openclawConfig({ command: plugin.command, port: plugin.port, env, stopTimeoutMs: 10_000 });
    const { ctx, logger } = context(config, cleanup.tempDir());
    const service = createProxyService();
    await service.start(ctx);
    const entry = proxyRegistry().get(`127.0.0.1:${plugin.port}`) as SupervisedProxy;
    await entry.admit({ maxWaitMs: 15_000 });
    const wrapper = entry.supervisor.status().pid as number;
    const server = (await inspectPort("127.0.0.1", plugin.port)).listener?.pid as number;
    expect(server).not.toBe(wrapper);
    const started = Date.now();
    await service.stop?.(ctx);
    // OpenClaw's hard limit (PLUGIN_SERVICE_REPLACEMENT_STOP_TIMEOUT_MS), not a speed target.
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(logger.text()).toMatch(/still running 3000 ms after SIGTERM; sending SIGKILL/);
    // The server is a grandchild: once dead it may stay a zombie until init reaps it (isAlive says no).
    expect([wrapper, server].filter((pid) => isAlive(pid))).toEqual([]);
    expect((await inspectPort("127.0.0.1", plugin.port)).free).toBe(true);
  });

  it("one address: the provider baseUrl wins over the plugin's port, and the disagreement is a warning", async () => {
    const plugin = await simulatorConfig();
    const otherPort = plugin.port === 65_000 ? 65_001 : 65_000;
    const config = openclawConfig(
      { command: plugin.command, port: otherPort },
      `http://127.0.0.1:${plugin.port}`,
    );
    const { ctx, logger } = context(config, cleanup.tempDir());
    await createProxyService().start(ctx);
    const entry = proxyRegistry().get(`127.0.0.1:${plugin.port}`) as SupervisedProxy;
    await entry.admit({ maxWaitMs: 15_000 });
    expect(logger.text()).toContain(
      `warn anthropic-max-proxy: plugins.entries.anthropic-max-proxy.config has port ${otherPort} but models.providers.anthropic-max-proxy.baseUrl is http://127.0.0.1:${plugin.port}: using http://127.0.0.1:${plugin.port}`,
    );
    expect(logger.text()).toContain("(from models.providers.anthropic-max-proxy.baseUrl)");
    expect(proxyRegistry().has(`127.0.0.1:${otherPort}`)).toBe(false);
  });

  it("autoStart off: nothing is spawned; requests and status probe the address", async () => {
    const plugin = await simulatorConfig();
    const { ctx, logger } = context(
      openclawConfig({ autoStart: false, port: plugin.port }),
      cleanup.tempDir(),
    );
    await createProxyService().start(ctx);
    expect(logger.text()).toContain("autoStart is off: not starting the proxy");
    expect([...proxyRegistry().values()].map((e) => e.kind)).toEqual(["watch"]);
  });
});
