import { describe, expect, it } from "vitest";
import entry from "./index.ts";
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

  it("touches nothing while registering: no config read beyond what it was given, no timers, no I/O", () => {
    const { api } = fakeApi({
      // A config whose every read throws would fail the registration if it looked at it.
      config: new Proxy(
        {},
        {
          get: () => {
            throw new Error("register read the config");
          },
        },
      ) as never,
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
