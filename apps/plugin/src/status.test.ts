import { type FakeProxy, startFakeProxy } from "@proxykit/fake-proxy";
import { applyMergePatch, buildProxySetupPatch, type JsonObject } from "@proxykit/openclaw-config";
import type { OpenClawConfig } from "openclaw/plugin-sdk/plugin-entry";
import { afterEach, describe, expect, it } from "vitest";
import { createProbeStateSource, currentProxyStateSource, setLiveProxyStateSource } from "./proxy-state.ts";
import { collectStatus, formatStatus } from "./status.ts";

let proxy: FakeProxy | undefined;
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
  setLiveProxyStateSource(undefined);
});

const MODELS = ["claude-opus-4.6", "claude-sonnet-4.5"];

function setUpConfig(host: string, port: number, extra: JsonObject = {}): OpenClawConfig {
  const patch = buildProxySetupPatch({ host, port, models: MODELS, pluginConfig: true });
  return applyMergePatch(applyMergePatch({}, patch), extra) as unknown as OpenClawConfig;
}

describe("status", () => {
  it("reports the address, a healthy proxy with its Claude account, and a fail-closed config", async () => {
    proxy = await startFakeProxy({ email: "me@example.com", subscriptionType: "max" });
    const report = await collectStatus({
      config: setUpConfig(proxy.host, proxy.port),
      stateSource: createProbeStateSource(),
    });
    expect(report).toMatchObject({
      ok: true,
      address: { baseUrl: proxy.url, source: "provider" },
      proxy: { state: "healthy", ready: true, source: "probe" },
      pluginConfig: { valid: true },
      audit: { failClosed: true },
    });
    const text = formatStatus(report);
    expect(text).toContain(`Address     : ${proxy.url} (from models.providers.anthropic-max-proxy.baseUrl)`);
    expect(text).toMatch(
      /Proxy\s*: healthy — proxy at 127\.0\.0\.1:\d+ is healthy — Claude logged in as me@example\.com \(max\)/,
    );
    expect(text).toMatch(/Fail-closed : yes/);
  });

  it("says the proxy is not logged in, with the fix", async () => {
    proxy = await startFakeProxy({ notLoggedIn: true });
    const report = await collectStatus({
      config: setUpConfig(proxy.host, proxy.port),
      stateSource: createProbeStateSource(),
    });
    expect(report.ok).toBe(false);
    expect(report.proxy).toMatchObject({ state: "unhealthy", ready: false });
    expect(formatStatus(report)).toMatch(/Claude is not logged in: run `claude login`/);
  });

  it("says nothing answers, and lists what breaks fail-closed with the fix", async () => {
    proxy = await startFakeProxy();
    const { port } = proxy;
    await proxy.close();
    proxy = undefined;
    const config = setUpConfig("127.0.0.1", port, {
      agents: { defaults: { model: { fallbacks: ["anthropic/claude-opus-4-6"] } } },
    });
    const report = await collectStatus({ config, stateSource: createProbeStateSource() });
    expect(report.proxy).toMatchObject({ state: "unreachable", ready: false });
    expect(report.audit.failClosed).toBe(false);
    expect(report.audit.findings.map((finding) => finding.code)).toContain("fallbacks-present");
    const text = formatStatus(report);
    expect(text).toMatch(/nothing answers at 127\.0\.0\.1:\d+: the proxy is not running/);
    expect(text).toMatch(/Fail-closed : NO/);
    expect(text).toMatch(/✗ agents\.defaults\.model\.fallbacks: .* — fix: /);
  });

  it("names an invalid plugin config", async () => {
    const config = setUpConfig("127.0.0.1", 1, {
      plugins: { entries: { "anthropic-max-proxy": { config: { port: 70000 } } } },
    });
    const report = await collectStatus({
      config,
      stateSource: {
        read: async () => ({ state: "unreachable", ready: false, summary: "-", source: "probe" }),
      },
    });
    expect(report.pluginConfig).toMatchObject({ valid: false });
    expect(formatStatus(report)).toMatch(/Config\s*: invalid: .*port/);
  });

  it("prefers the live state the supervision service publishes in this process", async () => {
    const probe = createProbeStateSource();
    expect(currentProxyStateSource(probe)).toBe(probe);
    const live = {
      read: async () => ({
        state: "restarting",
        ready: false,
        summary: "restarting (crash 2/5)",
        source: "supervisor" as const,
      }),
    };
    setLiveProxyStateSource(live);
    expect(currentProxyStateSource(probe)).toBe(live);
    const report = await collectStatus({
      config: setUpConfig("127.0.0.1", 1),
      stateSource: currentProxyStateSource(probe),
    });
    expect(formatStatus(report)).toMatch(/Proxy\s*: restarting — restarting \(crash 2\/5\)/);
  });
});
