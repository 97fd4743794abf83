import type { ProviderAuthContext } from "openclaw/plugin-sdk/plugin-entry";
import { describe, expect, it } from "vitest";
import { type AuthFlowDeps, runAuthFlow } from "./auth-flow.ts";
import { type Answer, scriptedPrompter } from "./test-support/scripted-prompter.ts";

const noProxy: AuthFlowDeps = { listProxyModels: async () => undefined };

async function run(answers: Answer[], options: { config?: object; deps?: AuthFlowDeps } = {}) {
  const { prompter, log } = scriptedPrompter(answers);
  const ctx = { config: options.config ?? {}, prompter, isRemote: false } as unknown as ProviderAuthContext;
  const result = await runAuthFlow(ctx, options.deps ?? noProxy);
  return { result, log };
}

function providerEntry(configPatch: unknown) {
  return (configPatch as { models: { providers: Record<string, Record<string, unknown>> } }).models.providers[
    "anthropic-max-proxy"
  ];
}

describe("auth flow", () => {
  it("offers the seed's defaults and, accepted, returns the one setup patch", async () => {
    const { result, log } = await run([undefined, undefined, undefined]);
    expect(log.prompts.map((p) => [p.message, p.initialValue])).toEqual([
      ["Proxy host", "127.0.0.1"],
      ["Proxy port", "3456"],
      [
        "Model IDs (comma-separated; the first is the default)",
        "claude-opus-4.6, claude-sonnet-4.5, claude-3.7-sonnet",
      ],
    ]);
    expect(result.defaultModel).toBe("anthropic-max-proxy/claude-opus-4.6");
    const entry = providerEntry(result.configPatch);
    expect(entry).toMatchObject({ baseUrl: "http://127.0.0.1:3456", api: "anthropic-messages" });
    expect(((entry?.models ?? []) as Array<{ id: string }>).map((m) => m.id)).toEqual([
      "claude-opus-4.6",
      "claude-sonnet-4.5",
      "claude-3.7-sonnet",
    ]);
    expect(result.configPatch).toMatchObject({
      agents: {
        defaults: {
          model: { primary: "anthropic-max-proxy/claude-opus-4.6", fallbacks: [] },
          models: { "anthropic-max-proxy/claude-opus-4.6": { alias: "claude-max-proxy" } },
        },
      },
    });
    // No drift: the service reads the same host/port the requests use.
    expect(result.configPatch).toMatchObject({
      plugins: { entries: { "anthropic-max-proxy": { config: { host: "127.0.0.1", port: 3456 } } } },
    });
  });

  it("stores a placeholder credential, never anything that looks like an Anthropic key", async () => {
    const { result } = await run([undefined, undefined, undefined]);
    const [profile] = result.profiles;
    expect(profile?.profileId).toBe("anthropic-max-proxy:local");
    expect(profile?.credential).toMatchObject({ type: "token", provider: "anthropic-max-proxy" });
    const token = (profile?.credential as { token?: string } | undefined)?.token;
    expect(token).not.toMatch(/sk-ant/);
    expect(token).toBe(providerEntry(result.configPatch)?.apiKey);
  });

  it("refuses bad input at each prompt with a message naming the key, and asks again", async () => {
    const { result, log } = await run([
      "not a host!",
      "10.1.2.3",
      "::1",
      "0",
      "70000",
      "abc",
      "4000",
      " , ",
      "bad id with spaces",
      "claude-opus-4.6, claude-opus-4.6",
      "claude-opus-4.6,claude-sonnet-4.5",
    ]);
    expect(log.errors.map((e) => e.message)).toEqual([
      "Proxy host",
      "Proxy host",
      "Proxy port",
      "Proxy port",
      "Proxy port",
      "Model IDs (comma-separated; the first is the default)",
      "Model IDs (comma-separated; the first is the default)",
      "Model IDs (comma-separated; the first is the default)",
    ]);
    for (const error of log.errors.slice(0, 2)) expect(error.error).toMatch(/host/);
    expect(log.errors[1]?.error).toMatch(/allowNonLoopback|loopback/);
    for (const error of log.errors.slice(2, 5)) expect(error.error).toMatch(/port/);
    for (const error of log.errors.slice(5)) expect(error.error).toMatch(/models/);
    expect(providerEntry(result.configPatch)?.baseUrl).toBe("http://[::1]:4000");
    expect(result.defaultModel).toBe("anthropic-max-proxy/claude-opus-4.6");
  });

  it("offers the models a running proxy lists", async () => {
    const seen: string[] = [];
    const deps: AuthFlowDeps = {
      listProxyModels: async (baseUrl) => {
        seen.push(baseUrl);
        return ["claude-sonnet-4-6", "claude-opus-4-6"];
      },
    };
    const { result, log } = await run([undefined, "4567", "proxy", undefined], { deps });
    expect(seen).toEqual(["http://127.0.0.1:4567"]);
    const select = log.prompts.find((p) => p.kind === "select");
    expect(select?.options).toEqual(["defaults", "proxy"]);
    expect(log.prompts.at(-1)?.initialValue).toBe("claude-sonnet-4-6, claude-opus-4-6");
    expect(result.defaultModel).toBe("anthropic-max-proxy/claude-sonnet-4-6");
  });

  it("pre-fills a re-run with the address and models already configured", async () => {
    const config = {
      models: {
        providers: {
          "anthropic-max-proxy": { baseUrl: "http://127.0.0.1:5111", models: [{ id: "claude-sonnet-4.5" }] },
        },
      },
    };
    const { log } = await run([undefined, undefined, undefined], { config });
    expect(log.prompts.map((p) => p.initialValue)).toEqual(["127.0.0.1", "5111", "claude-sonnet-4.5"]);
  });
});
