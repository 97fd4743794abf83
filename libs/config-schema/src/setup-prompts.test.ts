import { describe, expect, it } from "vitest";
import { ConfigError } from "./config-error.ts";
import {
  runSetupPrompts,
  type SetupPrompter,
  type SetupSelectPrompt,
  type SetupTextPrompt,
  setupPrompts,
  setupStart,
  setupValidators,
} from "./setup-prompts.ts";

/** A prompter that answers from a script and re-asks after a refusal, as clack and OpenClaw's prompter do. */
function scripted(answers: Array<string | undefined>) {
  const queue = [...answers];
  const seen: Array<{ kind: string; message: string; initialValue: string; error?: string }> = [];
  const spinner: string[] = [];
  const prompter: SetupPrompter = {
    async text(prompt: SetupTextPrompt) {
      for (;;) {
        const value = queue.shift() ?? prompt.initialValue;
        const error = prompt.validate(value);
        seen.push({
          kind: "text",
          message: prompt.message,
          initialValue: prompt.initialValue,
          ...(error ? { error } : {}),
        });
        if (!error) return value;
      }
    },
    async select<T extends string>(prompt: SetupSelectPrompt<T>) {
      seen.push({ kind: "select", message: prompt.message, initialValue: prompt.initialValue });
      return (queue.shift() as T | undefined) ?? prompt.initialValue;
    },
    progress(message) {
      spinner.push(message);
      return { stop: (done) => void spinner.push(done) };
    },
  };
  return { prompter, seen, spinner };
}

const DEFAULTS = {
  host: "127.0.0.1",
  port: 3456,
  models: ["claude-opus-4.6", "claude-sonnet-4.5", "claude-3.7-sonnet"],
};

describe("setupStart: what the questions start from", () => {
  it("the defaults for an empty config", () => {
    expect(setupStart({})).toEqual({ ...DEFAULTS, allowNonLoopback: false });
    expect(setupStart(undefined)).toEqual({ ...DEFAULTS, allowNonLoopback: false });
  });

  it.each([
    [
      "a re-run keeps the address and the models already configured",
      {
        models: {
          providers: {
            "anthropic-max-proxy": {
              baseUrl: "http://127.0.0.1:5111",
              models: [{ id: "claude-sonnet-4.5" }],
            },
          },
        },
      },
      { host: "127.0.0.1", port: 5111, models: ["claude-sonnet-4.5"], allowNonLoopback: false },
    ],
    [
      "the plugin config's models win over the provider's when it sets them; allowNonLoopback is kept",
      {
        models: { providers: { "anthropic-max-proxy": { models: [{ id: "claude-opus-4-6" }] } } },
        plugins: {
          entries: {
            "anthropic-max-proxy": {
              config: { host: "192.168.1.10", allowNonLoopback: true, models: "claude-opus-4.6" },
            },
          },
        },
      },
      { host: "192.168.1.10", port: 3456, models: ["claude-opus-4.6"], allowNonLoopback: true },
    ],
  ])("%s", (_name, config, expected) => {
    expect(setupStart(config)).toEqual(expected);
  });

  it("an address the prompts would refuse is not offered", () => {
    const config = { models: { providers: { "anthropic-max-proxy": { baseUrl: "http://10.0.0.5:4000" } } } };
    expect(setupStart(config)).toMatchObject({ host: "127.0.0.1", port: 3456 });
    // The refused address does not discard the models the (valid) plugin config sets.
    const withPlugin = {
      models: {
        providers: {
          "anthropic-max-proxy": { baseUrl: "http://10.0.0.5:4000", models: [{ id: "claude-sonnet-4.5" }] },
        },
      },
      plugins: { entries: { "anthropic-max-proxy": { config: { models: "claude-opus-4.6" } } } },
    };
    expect(setupStart(withPlugin)).toMatchObject({ host: "127.0.0.1", models: ["claude-opus-4.6"] });
  });
});

describe("the prompts", () => {
  it("texts, pre-filled values and placeholders", () => {
    const prompts = setupPrompts({ ...DEFAULTS, allowNonLoopback: false });
    expect(
      [prompts.host, prompts.port, prompts.models(DEFAULTS.models)].map((p) => [
        p.message,
        p.initialValue,
        p.placeholder,
      ]),
    ).toEqual([
      ["Proxy host", "127.0.0.1", "127.0.0.1"],
      ["Proxy port", "3456", "3456"],
      [
        "Model IDs (comma-separated; the first is the default)",
        "claude-opus-4.6, claude-sonnet-4.5, claude-3.7-sonnet",
        "claude-opus-4.6, claude-sonnet-4.5, claude-3.7-sonnet",
      ],
    ]);
    expect(prompts.proxyModels(["claude-opus-4-6"])).toEqual({
      message: "The proxy lists 1 model. Which model ids?",
      options: [
        { value: "defaults", label: "Keep: claude-opus-4.6, claude-sonnet-4.5, claude-3.7-sonnet" },
        { value: "proxy", label: "The proxy's: claude-opus-4-6" },
      ],
      initialValue: "defaults",
    });
  });

  it("validators name the key, the problem and the fix", () => {
    const validate = setupValidators();
    expect(validate.host("127.0.0.1")).toBeUndefined();
    expect(validate.host("10.0.0.1")).toMatch(
      /^host: "10\.0\.0\.1" is not a loopback address: .*allowNonLoopback/,
    );
    expect(setupValidators({ allowNonLoopback: true }).host("10.0.0.1")).toBeUndefined();
    expect(validate.port("0")).toMatch(/^port: must be an integer from 1 to 65535: /);
    expect(validate.models("claude-opus-4.6, claude-opus-4.6")).toMatch(
      /^models: "claude-opus-4\.6" is listed more than once/,
    );
    expect(validate.models("claude opus")).toBe(
      'models: "claude opus" is not a valid model id: it contains a space: separate model ids with commas, e.g. "claude-opus-4.6, claude-sonnet-4.5"',
    );
  });
});

describe("runSetupPrompts: the flow", () => {
  it("asks host, port and models; a refused answer is asked again", async () => {
    const { prompter, seen, spinner } = scripted([
      "not a host!",
      "::1",
      "70000",
      "4000",
      "claude opus",
      "claude-sonnet-4.5",
    ]);
    const result = await runSetupPrompts(prompter, {
      start: { ...DEFAULTS, allowNonLoopback: false },
      listModels: async () => undefined,
    });
    expect(result).toEqual({
      host: "::1",
      port: 4000,
      models: ["claude-sonnet-4.5"],
      baseUrl: "http://[::1]:4000",
      listed: undefined,
    });
    expect(seen.filter((s) => s.error).map((s) => s.error?.split(":")[0])).toEqual([
      "host",
      "port",
      "models",
    ]);
    expect(spinner).toEqual([
      "Looking for a proxy at http://[::1]:4000",
      "No proxy answers at http://[::1]:4000 yet",
    ]);
  });

  it("offers the models a running proxy lists", async () => {
    const asked: string[] = [];
    const { prompter, seen } = scripted([undefined, "4567", "proxy", undefined]);
    const result = await runSetupPrompts(prompter, {
      start: { ...DEFAULTS, allowNonLoopback: false },
      listModels: async (baseUrl) => {
        asked.push(baseUrl);
        return ["claude-sonnet-4-6", "claude-opus-4-6"];
      },
    });
    expect(asked).toEqual(["http://127.0.0.1:4567"]);
    expect(seen.map((s) => s.kind)).toEqual(["text", "text", "select", "text"]);
    expect(seen.at(-1)?.initialValue).toBe("claude-sonnet-4-6, claude-opus-4-6");
    expect(result).toMatchObject({
      models: ["claude-sonnet-4-6", "claude-opus-4-6"],
      listed: ["claude-sonnet-4-6", "claude-opus-4-6"],
    });
  });

  it("answers given up front pass the same rules, before anything is asked or probed", async () => {
    const refused = async (given: object, allowNonLoopback = false) => {
      const { prompter, seen, spinner } = scripted([]);
      const probed: string[] = [];
      const run = runSetupPrompts(prompter, {
        start: { ...DEFAULTS, allowNonLoopback },
        given,
        listModels: async (baseUrl) => {
          probed.push(baseUrl);
          return undefined;
        },
      });
      const error = await run.then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
      expect(seen).toEqual([]);
      expect(spinner).toEqual([]);
      expect(probed).toEqual([]);
      return error as ConfigError | undefined;
    };
    const host = await refused({ host: " 10.0.0.1 " });
    expect(host).toBeInstanceOf(ConfigError);
    expect(host?.toOneLine()).toMatch(
      /^invalid set-up answers: 1 problem: host: "10\.0\.0\.1" is not a loopback address \(received "10\.0\.0\.1"; fix: .*allowNonLoopback/,
    );
    const several = await refused({ host: "not a host!", port: 70000, models: ["a", "a"] });
    expect(several?.issues.map((issue) => issue.path)).toEqual(["host", "port", "models[1]"]);
    expect((await refused({ models: [] }))?.issues.map((issue) => [issue.path, issue.code])).toEqual([
      ["models", "empty"],
    ]);
    // With the plugin's allowNonLoopback the same host is fine (and then looked for).
    const { prompter } = scripted([undefined]);
    const probed: string[] = [];
    await runSetupPrompts(prompter, {
      start: { ...DEFAULTS, allowNonLoopback: true },
      given: { host: "10.0.0.1" },
      listModels: async (baseUrl) => {
        probed.push(baseUrl);
        return undefined;
      },
    });
    expect(probed).toEqual(["http://10.0.0.1:3456"]);
  });

  it("answers given up front are not asked; given models skip the proxy's list", async () => {
    const { prompter, seen } = scripted([]);
    let listed = false;
    const result = await runSetupPrompts(prompter, {
      start: { ...DEFAULTS, allowNonLoopback: false },
      given: { host: "localhost", port: 4000, models: ["claude-opus-4.6"] },
      listModels: async () => {
        listed = true;
        return ["x"];
      },
    });
    expect(seen).toEqual([]);
    expect(listed).toBe(false);
    expect(result).toEqual({
      host: "localhost",
      port: 4000,
      models: ["claude-opus-4.6"],
      baseUrl: "http://localhost:4000",
      listed: undefined,
    });
  });
});
