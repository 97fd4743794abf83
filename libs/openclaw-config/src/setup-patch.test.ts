import { ConfigError, toWireModelId } from "@proxykit/config-schema";
import { describe, expect, it } from "vitest";
import { auditFailClosed } from "./audit.ts";
import type { JsonObject } from "./json.ts";
import { applyMergePatch } from "./merge.ts";
import { modelsStatusView } from "./models-status.ts";
import { buildProxySetupPatch, proxySetupReplacePaths } from "./setup-patch.ts";
import { BASES } from "./test-support/corpus.ts";

const input = { host: "127.0.0.1", port: 3456, models: ["claude-opus-4.6", "claude-sonnet-4.5"] };

describe("buildProxySetupPatch", () => {
  it("writes the provider entry, the qualified default with no fallbacks, and the alias", () => {
    const patch = buildProxySetupPatch(input) as {
      models: { providers: Record<string, JsonObject> };
      agents: { defaults: JsonObject };
    };
    expect(Object.keys(patch)).toEqual(["models", "agents"]);
    const entry = patch.models.providers["anthropic-max-proxy"] as JsonObject;
    expect(entry).toMatchObject({ baseUrl: "http://127.0.0.1:3456", api: "anthropic-messages" });
    expect(String(entry.apiKey)).not.toMatch(/sk-ant-/i);
    expect((entry.models as JsonObject[]).map((m) => m.id)).toEqual(["claude-opus-4.6", "claude-sonnet-4.5"]);
    expect(patch.agents.defaults).toEqual({
      model: { primary: "anthropic-max-proxy/claude-opus-4.6", fallbacks: [] },
      models: { "anthropic-max-proxy/claude-opus-4.6": { alias: "claude-max-proxy" } },
    });
  });

  it("wire ids on request, a custom provider id, IPv6 host, comma-separated models", () => {
    const patch = buildProxySetupPatch({
      providerId: "my-proxy",
      host: "::1",
      port: 4000,
      models: "claude-opus-4.6, claude-3.7-sonnet",
      modelIds: "wire",
    }) as { models: { providers: Record<string, JsonObject> }; agents: { defaults: { model: JsonObject } } };
    const entry = patch.models.providers["my-proxy"] as JsonObject;
    expect(entry.baseUrl).toBe("http://[::1]:4000");
    expect((entry.models as JsonObject[]).map((m) => m.id)).toEqual([
      toWireModelId("claude-opus-4.6"),
      toWireModelId("claude-3.7-sonnet"),
    ]);
    expect(patch.agents.defaults.model.primary).toBe(`my-proxy/${toWireModelId("claude-opus-4.6")}`);
  });

  it("enables the plugin with a config that agrees with the provider entry", () => {
    const patch = buildProxySetupPatch({ ...input, pluginConfig: { autoStart: false } });
    expect(patch.plugins).toEqual({
      entries: {
        "anthropic-max-proxy": {
          enabled: true,
          config: {
            autoStart: false,
            host: "127.0.0.1",
            port: 3456,
            models: ["claude-opus-4.6", "claude-sonnet-4.5"],
          },
        },
      },
    });
    expect(buildProxySetupPatch(input).plugins).toBeUndefined();
  });

  it("refuses bad input before anything is written", () => {
    expect(() => buildProxySetupPatch({ ...input, port: 70000 })).toThrow(ConfigError);
    expect(() => buildProxySetupPatch({ ...input, host: "example.com" })).toThrow(ConfigError);
    expect(() => buildProxySetupPatch({ ...input, models: [] })).toThrow(ConfigError);
    expect(() => buildProxySetupPatch({ ...input, apiKey: "sk-ant-oat01-abc" })).toThrow(ConfigError);
    expect(() => buildProxySetupPatch({ ...input, pluginConfig: { restartDelayMs: -1 } })).toThrow(
      ConfigError,
    );
  });

  it("takes the alias away from any other model that held it", () => {
    const current: JsonObject = {
      agents: {
        defaults: {
          models: { "anthropic/claude-opus-4-6": { alias: "Claude-Max-Proxy" }, "x/y": { alias: "y" } },
        },
      },
    };
    const next = applyMergePatch(current, buildProxySetupPatch(input, current));
    expect(modelsStatusView(next).aliases).toEqual({
      "claude-max-proxy": "anthropic-max-proxy/claude-opus-4.6",
      y: "x/y",
    });
  });

  it("on every corpus config: fallbacks gone, other providers untouched, the audit finds no error", () => {
    for (const [name, base] of Object.entries(BASES)) {
      const before = base as JsonObject;
      const after = applyMergePatch(before, buildProxySetupPatch({ ...input, pluginConfig: true }, before), {
        replacePaths: proxySetupReplacePaths(),
      });
      const view = modelsStatusView(after);
      expect({ name, default: view.resolvedDefault, fallbacks: view.fallbacks }).toEqual({
        name,
        default: "anthropic-max-proxy/claude-opus-4.6",
        fallbacks: [],
      });
      const providers = (x: JsonObject) =>
        (x.models as { providers?: Record<string, unknown> } | undefined)?.providers ?? {};
      for (const [id, entry] of Object.entries(providers(before))) {
        if (id !== "anthropic-max-proxy") expect(providers(after)[id]).toEqual(entry);
      }
      expect({ name, errors: auditFailClosed(after).filter((f) => f.severity === "error") }).toEqual({
        name,
        errors: [],
      });
    }
  });
});
