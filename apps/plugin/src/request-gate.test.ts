import { setTimeout as sleep } from "node:timers/promises";
import { resolveProxyAddress } from "@proxykit/config-schema";
import { afterEach, describe, expect, it } from "vitest";
import { ProxyNotReadyError } from "./errors.ts";
import { gateWithoutRuntime } from "./gate-slow.ts";
import { markServiceProcess, proxyRegistry } from "./proxy-registry.ts";
import { SupervisedProxy } from "./proxy-runtime.ts";
import { gateRequest } from "./request-gate.ts";
import { openclawConfig, RuntimeCleanup, recordingLogger, simulatorConfig } from "./test-support/runtime.ts";

const cleanup = new RuntimeCleanup();
afterEach(async () => {
  markServiceProcess(false);
  await cleanup.run();
});

describe("request gate in a CLI process (openclaw agent --local: no Gateway, no service)", () => {
  it("autoStart on: the first request starts the proxy on demand and goes through; the next reuses it", async () => {
    const plugin = await simulatorConfig();
    const config = openclawConfig({ command: plugin.command, port: plugin.port });
    const baseUrl = `http://127.0.0.1:${plugin.port}`;
    const logger = recordingLogger();
    const stateDir = cleanup.tempDir();
    await gateRequest({ baseUrl, signal: undefined }, { config, stateDir: () => stateDir, logger });
    const entry = proxyRegistry().get(`127.0.0.1:${plugin.port}`) as SupervisedProxy;
    expect(entry.kind).toBe("on-demand");
    expect(entry.supervisor.state).toBe("ready");
    expect(logger.text()).toContain("starting it on demand for this command");
    expect(logger.text()).toContain("anthropic-max-proxy: starting proxy...");
    await gateRequest({ baseUrl, signal: undefined }, { config, stateDir: () => stateDir, logger });
    expect(entry.supervisor.status().restarts).toBe(0);
  });

  it("autoStart off: refused with how to start it; nothing is spawned", async () => {
    const plugin = await simulatorConfig({ autoStart: false });
    const config = openclawConfig({ autoStart: false, command: plugin.command, port: plugin.port });
    const error = await gateRequest(
      { baseUrl: `http://127.0.0.1:${plugin.port}`, signal: undefined },
      { config, stateDir: () => undefined, logger: recordingLogger() },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProxyNotReadyError);
    expect((error as Error).message).toMatch(/nothing answers at 127\.0\.0\.1:\d+: .*autoStart is off/);
    expect([...proxyRegistry().values()].map((e) => e.kind)).toEqual(["watch"]);
  });

  it("a refused plugin config: nothing is spawned; the refusal names the key and the fix", async () => {
    const plugin = await simulatorConfig();
    const config = openclawConfig(
      { command: plugin.command, port: plugin.port, restartDelayMs: -5 },
      `http://127.0.0.1:${plugin.port}`,
    );
    const logger = recordingLogger();
    const error = await gateRequest(
      { baseUrl: `http://127.0.0.1:${plugin.port}`, signal: undefined },
      { config, stateDir: () => cleanup.tempDir(), logger },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProxyNotReadyError);
    expect((error as Error).message).toMatch(
      /nothing answers at 127\.0\.0\.1:\d+.*configuration is refused: .*restartDelayMs/,
    );
    expect(logger.text()).toMatch(/not starting the proxy: .*restartDelayMs/);
    expect([...proxyRegistry().values()].map((e) => e.kind)).toEqual(["watch"]);
  });

  it("a provider baseUrl off loopback (no allowNonLoopback): no proxy is started to listen there", async () => {
    const plugin = await simulatorConfig();
    // TEST-NET-1: reserved for documentation, never routed.
    const baseUrl = `http://192.0.2.1:${plugin.port}`;
    const config = openclawConfig({ command: plugin.command, port: plugin.port }, baseUrl);
    const logger = recordingLogger();
    const error = await gateRequest(
      { baseUrl, signal: undefined },
      { config, stateDir: () => cleanup.tempDir(), logger },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProxyNotReadyError);
    expect(logger.text()).toMatch(
      /not starting the proxy: .*models\.providers\.anthropic-max-proxy\.baseUrl.*allowNonLoopback/,
    );
    expect(logger.text()).not.toContain("starting proxy...");
    expect([...proxyRegistry().values()].map((e) => e.kind)).toEqual(["watch"]);
  });
});

describe("request gate in the Gateway (the service runs here)", () => {
  it("during a hot reload a request waits for the new supervisor instead of starting one of its own", async () => {
    markServiceProcess();
    const plugin = await simulatorConfig();
    const config = openclawConfig({ command: plugin.command, port: plugin.port });
    const baseUrl = `http://127.0.0.1:${plugin.port}`;
    const context = { config, stateDir: () => undefined, logger: recordingLogger() };
    const request = gateRequest({ baseUrl, signal: undefined }, context);
    await sleep(200);
    expect(proxyRegistry().size).toBe(0); // the request did not start anything
    const service = new SupervisedProxy({
      kind: "service",
      address: resolveProxyAddress(config),
      plugin,
      stateDir: undefined,
      logger: recordingLogger(),
    });
    proxyRegistry().set(service.key, service);
    service.start();
    await request;
    expect([...proxyRegistry().values()]).toEqual([service]);
  });

  it("no supervisor shows up within the wait: refused with the reason", async () => {
    markServiceProcess();
    const plugin = await simulatorConfig();
    const config = openclawConfig({ port: plugin.port });
    const error = await gateWithoutRuntime(
      { baseUrl: `http://127.0.0.1:${plugin.port}`, signal: undefined },
      { config, stateDir: () => undefined, logger: recordingLogger() },
      300,
    ).catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      `anthropic-max-proxy: the proxy at 127.0.0.1:${plugin.port} is being restarted with new settings (plugin reload); send the message again in a moment`,
    );
  });
});
