import { describe, expect, it } from "vitest";
import { ProxyNotReadyError } from "./errors.ts";
import entry from "./index.ts";
import { defaultDeps, registerPlugin } from "./register.ts";
import { fakeApi } from "./test-support/fake-api.ts";

describe("plugin entry", () => {
  it("is the anthropic-max-proxy plugin", () => {
    expect(entry.id).toBe("anthropic-max-proxy");
    expect(entry.name).toBe("Anthropic Max Proxy");
  });

  it("registers synchronously, every time it is called (OpenClaw registers in several modes)", () => {
    for (const registrationMode of ["full", "discovery", "cli-metadata", "setup-only"] as const) {
      const { api, registrations } = fakeApi({ registrationMode });
      const returned = entry.register(api);
      expect(returned).toBeUndefined();
      expect(registrations.providers.map((p) => [p.id, p.label])).toEqual([
        ["anthropic-max-proxy", "Anthropic Max Proxy"],
      ]);
      expect(registrations.clis).toHaveLength(1);
      expect(registrations.commands.map((c) => c.name)).toEqual(["maxproxy"]);
      expect(registrations.other).toEqual([]);
    }
  });

  it("touches nothing while registering: no I/O, no timers, and of the config only the hook opt-in", () => {
    const reads: string[] = [];
    // A config that records every property read (and holds nothing).
    const recording = (path: string): object =>
      new Proxy(
        {},
        {
          get: (_target, key) => {
            const next = `${path}.${String(key)}`;
            reads.push(next);
            return recording(next);
          },
        },
      );
    const { api } = fakeApi({
      config: recording("config") as never,
      pluginConfig: new Proxy(
        {},
        {
          get: () => {
            throw new Error("register read the plugin config");
          },
        },
      ) as never,
    });
    const handlesBefore = process.getActiveResourcesInfo().length;
    expect(() => entry.register(api)).not.toThrow();
    expect(process.getActiveResourcesInfo().length).toBe(handlesBefore);
    expect(reads).toEqual([
      "config.plugins",
      "config.plugins.entries",
      "config.plugins.entries.anthropic-max-proxy",
      "config.plugins.entries.anthropic-max-proxy.hooks",
      "config.plugins.entries.anthropic-max-proxy.hooks.allowConversationAccess",
    ]);
  });

  it("registers the supervision service without starting it", () => {
    const { api, registrations } = fakeApi();
    entry.register(api);
    expect(registrations.services.map((s) => s.id)).toEqual(["proxy"]);
    expect(registrations.services[0]?.reload?.configPrefixes).toEqual([
      "models.providers.anthropic-max-proxy.baseUrl",
    ]);
  });

  it("gates the run before it starts only when the user allows conversation hooks; blocks with the reason", async () => {
    const plain = fakeApi();
    entry.register(plain.api);
    expect(plain.registrations.other).toEqual([]);

    const hooks: Array<[string, (event: unknown, ctx: { modelProviderId?: string }) => Promise<unknown>]> =
      [];
    const allowed = fakeApi({
      config: {
        plugins: { entries: { "anthropic-max-proxy": { hooks: { allowConversationAccess: true } } } },
      },
      on: ((name: string, handler: never) => void hooks.push([name, handler])) as never,
    });
    const refusals: string[] = [];
    registerPlugin(allowed.api, {
      ...defaultDeps,
      gateRequest: async () => {
        const reason = refusals.shift();
        if (reason) throw new ProxyNotReadyError(reason, "not-logged-in");
      },
    });
    expect(hooks.map(([name]) => name)).toEqual(["before_agent_run"]);
    const gate = hooks[0]?.[1];
    refusals.push("anthropic-max-proxy: Claude is not logged in: run `claude login`");
    expect(await gate?.({}, { modelProviderId: "anthropic-max-proxy" })).toEqual({
      outcome: "block",
      reason: "not-logged-in",
      message: "anthropic-max-proxy: Claude is not logged in: run `claude login`",
    });
    expect(await gate?.({}, { modelProviderId: "anthropic-max-proxy" })).toBeUndefined();
    refusals.push("never asked");
    expect(await gate?.({}, { modelProviderId: "openai" })).toBeUndefined();
    expect(refusals).toEqual(["never asked"]);
  });

  it("gives the provider one custom auth method and the wire-id hooks", () => {
    const { api, registrations } = fakeApi();
    entry.register(api);
    const provider = registrations.providers[0];
    expect(provider?.auth.map((m) => [m.id, m.kind])).toEqual([["local", "custom"]]);
    expect(provider?.wrapStreamFn).toBeTypeOf("function");
    expect(provider?.wrapSimpleCompletionStreamFn).toBeTypeOf("function");
    expect(
      provider?.buildUnknownModelHint?.({ provider: "anthropic-max-proxy", modelId: "x", env: {} }),
    ).toMatch(/models\.providers\.anthropic-max-proxy\.models/);
  });

  it("registers the status CLI as a lazy root command with a descriptor", () => {
    const { api, registrations } = fakeApi();
    entry.register(api);
    expect(registrations.clis[0]?.options).toEqual({
      descriptors: [expect.objectContaining({ name: "anthropic-max-proxy", hasSubcommands: true })],
    });
  });
});
