import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { ConfigError } from "./config-error.ts";
import { DEFAULT_PLUGIN_CONFIG } from "./plugin-config.ts";
import {
  buildProviderEntry,
  PROXY_API_KEY_PLACEHOLDER,
  providerEntrySchema,
  safeParseProviderEntry,
} from "./provider-entry.ts";

const zeroCost = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 };

describe("buildProviderEntry", () => {
  it("builds the entry for the seed's defaults", () => {
    const entry = buildProviderEntry({
      host: DEFAULT_PLUGIN_CONFIG.host,
      port: DEFAULT_PLUGIN_CONFIG.port,
      models: DEFAULT_PLUGIN_CONFIG.models,
    });
    expect(entry).toEqual({
      baseUrl: "http://127.0.0.1:3456",
      apiKey: PROXY_API_KEY_PLACEHOLDER,
      api: "anthropic-messages",
      models: [
        {
          id: "claude-opus-4-6",
          name: "Claude Opus 4.6",
          reasoning: true,
          input: ["text", "image"],
          cost: zeroCost,
          contextWindow: 200_000,
          maxTokens: 128_000,
        },
        {
          id: "claude-sonnet-4-5",
          name: "Claude Sonnet 4.5",
          reasoning: true,
          input: ["text", "image"],
          cost: zeroCost,
          contextWindow: 200_000,
          maxTokens: 64_000,
        },
        {
          id: "claude-3-7-sonnet-20250219",
          name: "Claude Sonnet 3.7",
          reasoning: true,
          input: ["text", "image"],
          cost: zeroCost,
          contextWindow: 200_000,
          maxTokens: 64_000,
        },
      ],
    });
    expect(safeParseProviderEntry(entry).success).toBe(true);
  });

  it("keeps the configured ids when asked", () => {
    const entry = buildProviderEntry({
      host: "127.0.0.1",
      port: 3456,
      models: "claude-opus-4.6",
      modelIds: "configured",
    });
    expect(entry.models.map((model) => model.id)).toEqual(["claude-opus-4.6"]);
  });

  it("merges ids that name the same wire model (first wins)", () => {
    const entry = buildProviderEntry({
      host: "127.0.0.1",
      port: 1,
      models: ["claude-opus-4.6", "claude-opus-4-6", "opus"],
    });
    expect(entry.models.map((model) => model.id)).toEqual(["claude-opus-4-6", "opus"]);
  });

  it.each([
    ["::1", "http://[::1]:3456"],
    ["localhost", "http://localhost:3456"],
    ["127.0.0.2", "http://127.0.0.2:3456"],
  ])("writes baseUrl for %s as %s", (host, baseUrl) => {
    expect(buildProviderEntry({ host, port: 3456, models: ["a"] }).baseUrl).toBe(baseUrl);
    expect(new URL(baseUrl).port).toBe("3456");
  });

  it("needs allowNonLoopback for another host, and connects to wildcard binds through loopback", () => {
    expect(() => buildProviderEntry({ host: "0.0.0.0", port: 3456, models: ["a"] })).toThrow(ConfigError);
    expect(
      buildProviderEntry({ host: "0.0.0.0", port: 3456, models: ["a"], allowNonLoopback: true }).baseUrl,
    ).toBe("http://127.0.0.1:3456");
    expect(
      buildProviderEntry({ host: "10.1.2.3", port: 80, models: ["a"], allowNonLoopback: true }).baseUrl,
    ).toBe("http://10.1.2.3:80");
  });

  it("takes another placeholder key, never an Anthropic credential (and never echoes it)", () => {
    expect(buildProviderEntry({ host: "::1", port: 1, models: ["a"], apiKey: "proxy-key-1" }).apiKey).toBe(
      "proxy-key-1",
    );
    for (const apiKey of ["sk-ant-oat01-abcdefghijklmnop", "SK-ANT-api03-xyz", "prefix sk-ant-x"]) {
      let error: ConfigError | undefined;
      try {
        buildProviderEntry({ host: "::1", port: 1, models: ["a"], apiKey });
      } catch (caught) {
        error = caught as ConfigError;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect(error?.issues[0]).toMatchObject({
        path: "apiKey",
        code: "anthropic_secret",
        received: "<redacted>",
      });
      expect(error?.message).not.toContain(apiKey);
      expect(error?.toOneLine()).not.toContain(apiKey);
    }
  });

  it("lists every bad option at once", () => {
    try {
      buildProviderEntry({ host: "", port: 0, models: [] });
      expect.unreachable();
    } catch (error) {
      expect((error as ConfigError).issues.map((issue) => issue.path)).toEqual(["host", "port", "models"]);
    }
  });

  it("the placeholder itself passes the schema and contains no sk-ant-", () => {
    expect(PROXY_API_KEY_PLACEHOLDER).not.toMatch(/sk-ant-/i);
  });
});

describe("providerEntrySchema / safeParseProviderEntry", () => {
  const good = buildProviderEntry({ host: "127.0.0.1", port: 3456, models: ["claude-opus-4.6"] });

  it("keeps keys it does not know (an entry read from openclaw.json)", () => {
    const withExtras = {
      ...good,
      timeoutSeconds: 30,
      models: [{ ...good.models[0], contextTokens: 100_000 }],
    };
    expect(z.parse(providerEntrySchema(), withExtras)).toEqual(withExtras);
  });

  it.each([
    ["an Anthropic API base URL", { baseUrl: "https://api.anthropic.com" }, "baseUrl", "direct_anthropic"],
    [
      "a subdomain of anthropic.com",
      { baseUrl: "https://eu.api.anthropic.com/v1" },
      "baseUrl",
      "direct_anthropic",
    ],
    ["a non-loopback proxy", { baseUrl: "http://192.168.1.5:3456" }, "baseUrl", "not_loopback"],
    ["a non-http URL", { baseUrl: "ftp://127.0.0.1" }, "baseUrl", "invalid_url"],
    ["credentials in the URL", { baseUrl: "http://u:p@127.0.0.1:3456" }, "baseUrl", "invalid_url"],
    ["not a URL", { baseUrl: "127.0.0.1:3456" }, "baseUrl", "invalid_url"],
    ["an OAuth token as apiKey", { apiKey: "sk-ant-oat01-secret" }, "apiKey", "anthropic_secret"],
    ["an empty apiKey", { apiKey: "" }, "apiKey", "empty"],
    ["another api", { api: "openai-completions" }, "api", "invalid_value"],
    ["no models", { models: [] }, "models", "empty"],
  ])("refuses %s", (_label, patch, path, code) => {
    const result = safeParseProviderEntry(
      { ...good, ...patch },
      { source: "models.providers.anthropic-max-proxy" },
    );
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.error.issues[0]).toMatchObject({ path, code });
    expect(result.error.message).not.toContain("sk-ant-oat01-secret");
  });

  it("accepts a non-loopback proxy when allowed, and http(s) both", () => {
    expect(
      safeParseProviderEntry({ ...good, baseUrl: "http://192.168.1.5:3456" }, { allowNonLoopback: true })
        .success,
    ).toBe(true);
    expect(safeParseProviderEntry({ ...good, baseUrl: "https://[::1]:3456/v1" }).success).toBe(true);
  });

  it("checks each model's metadata", () => {
    const model = good.models[0];
    for (const bad of [
      { maxTokens: 0 },
      { contextWindow: 1.5 },
      { input: [] },
      { cost: { ...zeroCost, input: -1 } },
      { name: "" },
    ]) {
      expect(safeParseProviderEntry({ ...good, models: [{ ...model, ...bad }] }).success).toBe(false);
    }
  });
});
