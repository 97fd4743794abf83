/**
 * `run` gives the supervisor the shared policy's options (`@proxykit/config-schema`), the same the plugin's
 * service inside the Gateway gives it: one config, one supervisor shape (pinned in config-schema's
 * proxy-policy.test.ts). Only the injected functions are the CLI's own.
 */

import { proxySupervisionOptions, readProxySettings } from "@proxykit/config-schema";
import { getFreePort } from "@proxykit/fake-proxy";
import { defaultClaudeCredentialsPath } from "@proxykit/health/claude";
import { describe, expect, it } from "vitest";
import { runSupervisorOptions } from "./run.ts";

const logger = { info: () => {}, warn: () => {}, error: () => {} };

describe("run's supervisor options", () => {
  it("are the shared policy's for the config, plus the probe of its health URL, port inspection and logger", async () => {
    const port = await getFreePort();
    const openclawJson = {
      models: { providers: { "anthropic-max-proxy": { baseUrl: `http://127.0.0.1:${port}`, models: [] } } },
      plugins: {
        entries: {
          "anthropic-max-proxy": {
            config: { port: 3456, healthPath: "/healthz", maxCrashes: 2, env: { A: "1" } },
          },
        },
      },
    };
    const { plugin, address } = readProxySettings(openclawJson);
    const env = { PATH: process.env.PATH, HOME: "/home/someone", ANTHROPIC_API_KEY: "sk-ant-x" };
    const options = runSupervisorOptions(plugin, address, { stateDir: "/state", env, logger });
    const { healthUrl, ...policy } = proxySupervisionOptions(plugin, address, {
      stateDir: "/state",
      credentialsFile: defaultClaudeCredentialsPath(env),
      baseEnv: env,
    });
    const { probe, inspectPort, logger: given, ...rest } = options;
    expect(rest).toEqual(policy);
    expect(given).toBe(logger);
    expect(policy).toMatchObject({
      port,
      loginHint: "run `claude login`",
      pidFile: "/state/anthropic-max-proxy/proxy.pid",
    });
    // The probe asks the policy's health URL (nothing listens on that free port: unreachable, never thrown).
    const result = await probe?.({
      host: "127.0.0.1",
      port,
      timeoutMs: 1000,
      signal: AbortSignal.timeout(5000),
    });
    expect(result).toMatchObject({ url: healthUrl, state: "unreachable" });
    expect(healthUrl).toBe(`http://127.0.0.1:${port}/healthz`);
    expect(await inspectPort?.("127.0.0.1", port)).toMatchObject({ free: true });
  });
});
