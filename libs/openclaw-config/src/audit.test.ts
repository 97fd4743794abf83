import { describe, expect, it } from "vitest";
import { auditFailClosed, type Finding } from "./audit.ts";
import type { JsonObject } from "./json.ts";
import { applyMergePatch } from "./merge.ts";
import { buildProxySetupPatch } from "./setup-patch.ts";

const good = applyMergePatch(
  { gateway: { mode: "local" } },
  buildProxySetupPatch({ host: "127.0.0.1", port: 3456, models: ["claude-opus-4.6"], pluginConfig: true }),
);

function withPatch(patch: JsonObject): JsonObject {
  return applyMergePatch(good, patch);
}

function codes(findings: Finding[]): string[] {
  return findings.map((f) => `${f.severity}:${f.code}`);
}

describe("auditFailClosed", () => {
  it("finds nothing wrong in a freshly set-up config", () => {
    expect(auditFailClosed(good)).toEqual([]);
  });

  it.each<[string, JsonObject, string[]]>([
    ["no provider entry", { models: null }, ["error:provider-missing"]],
    [
      "fallbacks to another provider",
      { agents: { defaults: { model: { fallbacks: ["anthropic/claude-opus-4-6"] } } } },
      ["error:fallbacks-present"],
    ],
    [
      "fallbacks within the proxy only",
      { agents: { defaults: { model: { fallbacks: ["anthropic-max-proxy/claude-opus-4.6"] } } } },
      ["warning:fallbacks-present"],
    ],
    [
      "bare primary",
      { agents: { defaults: { model: { primary: "claude-opus-4-6" } } } },
      ["error:default-model-bare"],
    ],
    [
      "bare primary the proxy lists (resolves to it)",
      { agents: { defaults: { model: { primary: "claude-opus-4.6" } } } },
      ["info:default-model-bare"],
    ],
    [
      "primary on another provider",
      { agents: { defaults: { model: "anthropic/claude-opus-4-6" } } },
      ["error:default-model-elsewhere"],
    ],
    ["alias as primary is fine", { agents: { defaults: { model: { primary: "claude-max-proxy" } } } }, []],
    ["no default model at all", { agents: { defaults: { model: null } } }, []],
    [
      "agent override sending Claude elsewhere (agents.entries)",
      {
        agents: { entries: { coder: { model: { primary: "anthropic/claude-sonnet-4-5", fallbacks: [] } } } },
      },
      ["error:agent-model-elsewhere"],
    ],
    [
      "agent override on a non-Claude model",
      { agents: { entries: { writer: { model: "openai/gpt-5.4" } } } },
      ["info:agent-model-elsewhere"],
    ],
    [
      "agent fallback leaving the proxy",
      {
        agents: {
          entries: {
            coder: {
              model: { primary: "anthropic-max-proxy/claude-opus-4.6", fallbacks: ["openai/gpt-5.4"] },
            },
          },
        },
      },
      ["error:agent-fallbacks-present"],
    ],
    [
      "image and heartbeat models on Anthropic",
      {
        agents: {
          defaults: { imageModel: "anthropic/claude-sonnet-4-5", heartbeat: { model: "claude-haiku-4-5" } },
        },
      },
      ["error:claude-routed-elsewhere", "error:claude-routed-elsewhere"],
    ],
    [
      "an Anthropic OAuth token as apiKey",
      { models: { providers: { "anthropic-max-proxy": { apiKey: "sk-ant-oat01-xxxxxxxx" } } } },
      ["error:api-key-anthropic-secret"],
    ],
    [
      "apiKey from ANTHROPIC_API_KEY",
      {
        models: {
          providers: {
            "anthropic-max-proxy": {
              apiKey: { source: "env", provider: "default", id: "ANTHROPIC_API_KEY" },
            },
          },
        },
      },
      ["warning:api-key-from-anthropic-env"],
    ],
    [
      "baseUrl at api.anthropic.com",
      { models: { providers: { "anthropic-max-proxy": { baseUrl: "https://api.anthropic.com" } } } },
      ["error:provider-direct-anthropic"],
    ],
    [
      "baseUrl and plugin port disagree",
      { models: { providers: { "anthropic-max-proxy": { baseUrl: "http://127.0.0.1:4000" } } } },
      ["warning:address-mismatch"],
    ],
    [
      "a host name that merely starts with 127. is not loopback",
      {
        models: {
          providers: { "anthropic-max-proxy": { baseUrl: "http://127.0.0.1.attacker.example:3456" } },
        },
      },
      ["warning:provider-not-loopback", "warning:address-mismatch"],
    ],
    [
      "localhost equals 127.0.0.1",
      { models: { providers: { "anthropic-max-proxy": { baseUrl: "http://localhost:3456" } } } },
      [],
    ],
    [
      "plugin disabled (dotted ids then reach the proxy unmapped)",
      { plugins: { entries: { "anthropic-max-proxy": { enabled: false } } } },
      ["warning:plugin-disabled", "warning:dotted-ids-without-plugin"],
    ],
    [
      "plugin denied",
      { plugins: { deny: ["anthropic-max-proxy"] } },
      ["warning:plugin-disabled", "warning:dotted-ids-without-plugin"],
    ],
    [
      "plugin config invalid",
      { plugins: { entries: { "anthropic-max-proxy": { config: { port: "x" } } } } },
      ["error:plugin-config-invalid"],
    ],
    [
      "a second supervisor",
      { models: { providers: { "anthropic-max-proxy": { localService: { command: "/bin/true" } } } } },
      ["warning:local-service-conflict"],
    ],
    [
      "model policy without the proxy",
      { agents: { defaults: { modelPolicy: { allow: ["openai/*"] } } } },
      ["info:model-policy-excludes-proxy"],
    ],
  ])("%s", (_name, patch, expected) => {
    expect(codes(auditFailClosed(withPatch(patch)))).toEqual(expected);
  });

  it("checks the legacy agents.list roster too", () => {
    const config = {
      ...good,
      agents: { ...(good.agents as JsonObject), list: [{ id: "main", model: "anthropic/claude-opus-4-6" }] },
    };
    expect(auditFailClosed(config).map((f) => `${f.code}@${f.path}`)).toEqual([
      "agent-model-elsewhere@agents.list[0].model",
    ]);
  });

  it("names the path and the fix, never the secret", () => {
    const [finding] = auditFailClosed(
      withPatch({
        models: { providers: { "anthropic-max-proxy": { apiKey: "sk-ant-api03-SECRETSECRET" } } },
      }),
    );
    expect(finding?.path).toBe("models.providers.anthropic-max-proxy.apiKey");
    expect(JSON.stringify(finding)).not.toContain("SECRETSECRET");
    expect(finding?.fix).toMatch(/placeholder/);
  });

  it("every mechanical fix removes its finding", () => {
    const broken = withPatch({
      agents: {
        defaults: { model: { primary: "claude-opus-4-6", fallbacks: ["anthropic/claude-opus-4-6"] } },
      },
      models: {
        providers: {
          "anthropic-max-proxy": {
            apiKey: "sk-ant-oat01-x",
            api: "openai-completions",
            baseUrl: "http://127.0.0.1:4000",
            localService: { command: "/bin/true" },
          },
        },
      },
      plugins: { entries: { "anthropic-max-proxy": { enabled: false } } },
    });
    let config = broken;
    for (const finding of auditFailClosed(broken))
      if (finding.patch) config = applyMergePatch(config, finding.patch);
    expect(codes(auditFailClosed(config))).toEqual([]);
  });
});
