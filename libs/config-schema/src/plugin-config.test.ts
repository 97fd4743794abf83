import { describe, expect, it } from "vitest";
import { ConfigError } from "./config-error.ts";
import { PLUGIN_CONFIG_KEYS } from "./field-docs.ts";
import {
  DEFAULT_PLUGIN_CONFIG,
  type PluginConfig,
  parsePluginConfig,
  pluginConfigJsonSchema,
  pluginConfigUiHints,
  safeParsePluginConfig,
  validatePluginConfig,
} from "./plugin-config.ts";

type Key = keyof PluginConfig;

/** For every key: its default, values that must parse (with what they parse to), values that must fail. */
const CASES: Record<Key, { default: unknown; valid: [unknown, unknown][]; invalid: unknown[] }> = {
  autoStart: {
    default: true,
    valid: [
      [false, false],
      [true, true],
    ],
    invalid: ["true", 1, 0, null, [], {}],
  },
  host: {
    default: "127.0.0.1",
    valid: [
      ["127.0.0.1", "127.0.0.1"],
      ["127.0.0.0", "127.0.0.0"],
      ["127.255.255.255", "127.255.255.255"],
      ["127.1.2.3", "127.1.2.3"],
      ["localhost", "localhost"],
      ["::1", "::1"],
      ["0:0:0:0:0:0:0:1", "0:0:0:0:0:0:0:1"],
    ],
    invalid: [
      "",
      "0.0.0.0", // every interface: needs allowNonLoopback
      "192.168.1.2",
      "::",
      "example.com",
      "128.0.0.1",
      "126.255.255.255",
      "127.0.0.256",
      "127.1",
      "[::1]",
      " 127.0.0.1",
      "127.0.0.1:3456",
      "http://127.0.0.1",
      "LOCALHOST",
      "localhost.",
      3456,
      null,
    ],
  },
  port: {
    default: 3456,
    valid: [
      [1, 1],
      [65535, 65535],
      [3456, 3456],
      [8080.0, 8080],
    ],
    invalid: [0, -1, 65536, 1.5, "3456", null, Number.MAX_SAFE_INTEGER + 2],
  },
  command: {
    default: ["bunx", "opencode-claude-max-proxy"],
    valid: [
      [["meridian"], ["meridian"]],
      [
        ["npx", "-y", "@rynfar/meridian"],
        ["npx", "-y", "@rynfar/meridian"],
      ],
      [
        ["proxy", "--host={host}", "--port", "{port}"],
        ["proxy", "--host={host}", "--port", "{port}"],
      ],
      [
        ["/Users/John Smith/.bun/bin/bunx", "x"],
        ["/Users/John Smith/.bun/bin/bunx", "x"],
      ],
      [
        ["C:\\Program Files\\nodejs\\node.exe", "proxy.js"],
        ["C:\\Program Files\\nodejs\\node.exe", "proxy.js"],
      ],
      [
        ["node", "-e", "console.log({})", "{"],
        ["node", "-e", "console.log({})", "{"],
      ],
      [
        ["proxy", "{{port}}"],
        ["proxy", "{{port}}"],
      ],
    ],
    invalid: [
      [],
      "bunx opencode-claude-max-proxy",
      ["bunx opencode-claude-max-proxy"],
      [""],
      ["bunx", ""],
      ["proxy", "--port={prot}"],
      ["proxy", "{PORT}"],
      ["proxy", "a\u0000b"],
      ["proxy", 3456],
      null,
    ],
  },
  models: {
    default: ["claude-opus-4.6", "claude-sonnet-4.5", "claude-3.7-sonnet"],
    valid: [
      [["claude-opus-4-6"], ["claude-opus-4-6"]],
      [
        ["opus", "sonnet"],
        ["opus", "sonnet"],
      ],
      ["claude-opus-4.6, claude-sonnet-4.5", ["claude-opus-4.6", "claude-sonnet-4.5"]],
      ["claude-opus-4.6,claude-sonnet-4.5,", ["claude-opus-4.6", "claude-sonnet-4.5"]],
      [" a ,, b ", ["a", "b"]],
      [["x".repeat(128)], ["x".repeat(128)]],
    ],
    invalid: [
      [],
      "",
      " , ",
      ["a", "a"],
      "a, a",
      "a b",
      ["anthropic/claude-opus-4.6"],
      [" a"],
      [""],
      ["x".repeat(129)],
      "x".repeat(4097),
      [1],
      null,
      42,
    ],
  },
  autoRestart: { default: true, valid: [[false, false]], invalid: ["false", 0, null] },
  restartDelayMs: {
    default: 3000,
    valid: [
      [100, 100],
      [600_000, 600_000],
    ],
    invalid: [99, 600_001, 0, 1.5, "3000"],
  },
  maxRestartDelayMs: {
    default: 60_000,
    valid: [
      [100, 100],
      [3_600_000, 3_600_000],
    ],
    invalid: [99, 3_600_001, -5, null],
  },
  maxCrashes: {
    default: 5,
    valid: [
      [1, 1],
      [1000, 1000],
    ],
    invalid: [0, 1001, 2.5],
  },
  crashWindowMs: {
    default: 300_000,
    valid: [
      [1000, 1000],
      [86_400_000, 86_400_000],
    ],
    invalid: [999, 86_400_001],
  },
  healthPath: {
    default: "/health",
    valid: [
      ["/", "/"],
      ["/v1/health?deep=1", "/v1/health?deep=1"],
      [`/${"x".repeat(255)}`, `/${"x".repeat(255)}`],
    ],
    invalid: ["health", "", "/a b", "/héalth", "http://127.0.0.1/health", `/${"x".repeat(256)}`, null],
  },
  startupTimeoutMs: {
    default: 60_000,
    valid: [
      [1000, 1000],
      [600_000, 600_000],
    ],
    invalid: [999, 600_001],
  },
  stopTimeoutMs: {
    default: 5000,
    valid: [
      [100, 100],
      [120_000, 120_000],
    ],
    invalid: [99, 120_001],
  },
  livenessIntervalMs: {
    default: 10_000,
    valid: [
      [1000, 1000],
      [3_600_000, 3_600_000],
    ],
    invalid: [999, 3_600_001],
  },
  livenessFailureThreshold: {
    default: 3,
    valid: [
      [1, 1],
      [100, 100],
    ],
    invalid: [0, 101, 1.2],
  },
  env: {
    default: {},
    valid: [
      [{ MERIDIAN_MAX_CONCURRENT: "4" }, { MERIDIAN_MAX_CONCURRENT: "4" }],
      [
        { MERIDIAN_API_KEY: "s3cret", _X: "", lower_case: "ok" },
        { MERIDIAN_API_KEY: "s3cret", _X: "", lower_case: "ok" },
      ],
    ],
    invalid: [
      { ANTHROPIC_API_KEY: "x" },
      { ANTHROPIC_AUTH_TOKEN: "x" },
      { ANTHROPIC_BASE_URL: "http://127.0.0.1:3456" },
      { MERIDIAN_PORT: "4000" },
      { MERIDIAN_HOST: "0.0.0.0" },
      { CLAUDE_PROXY_PORT: "4000" },
      { CLAUDE_PROXY_HOST: "0.0.0.0" },
      { "1ABC": "x" },
      { "A-B": "x" },
      { "": "x" },
      { A: 1 },
      { A: "a\u0000b" },
      ["A=1"],
      "A=1",
      null,
    ],
  },
  allowNonLoopback: { default: false, valid: [[true, true]], invalid: ["true", 1, null] },
};

describe("plugin config keys", () => {
  it("has a case for every key, and no more", () => {
    expect(Object.keys(CASES).sort()).toEqual([...PLUGIN_CONFIG_KEYS].sort());
  });

  it("an empty config is all defaults, and so are undefined and null (no config)", () => {
    expect(parsePluginConfig({})).toEqual(DEFAULT_PLUGIN_CONFIG);
    expect(parsePluginConfig(undefined)).toEqual(DEFAULT_PLUGIN_CONFIG);
    expect(parsePluginConfig(null)).toEqual(DEFAULT_PLUGIN_CONFIG);
  });

  it("parsing never hands out the frozen defaults (callers may mutate the result)", () => {
    const a = parsePluginConfig({});
    a.command.push("--verbose");
    a.models.push("x");
    a.env.FOO = "bar";
    expect(parsePluginConfig({})).toEqual(DEFAULT_PLUGIN_CONFIG);
    expect(Object.isFrozen(DEFAULT_PLUGIN_CONFIG.command)).toBe(true);
  });

  for (const key of Object.keys(CASES) as Key[]) {
    const { default: expectedDefault, valid, invalid } = CASES[key];

    describe(key, () => {
      it(`defaults to ${JSON.stringify(expectedDefault)} (in zod, DEFAULT_PLUGIN_CONFIG and the JSON Schema)`, () => {
        expect(parsePluginConfig({})[key]).toEqual(expectedDefault);
        expect(DEFAULT_PLUGIN_CONFIG[key]).toEqual(expectedDefault);
        const property = (pluginConfigJsonSchema().properties as Record<string, { default?: unknown }>)[key];
        // `models` accepts two forms; its default is the parsed array either way.
        expect(property?.default).toEqual(expectedDefault);
      });

      it.each(valid.map(([input, output]) => [JSON.stringify(input).slice(0, 60), input, output]))(
        "accepts %s",
        (_label, input, output) => {
          expect(parsePluginConfig({ [key]: input })[key]).toEqual(output);
        },
      );

      it.each(invalid.map((input) => [JSON.stringify(input)?.slice(0, 60) ?? String(input), input]))(
        "rejects %s, naming the key",
        (_label, input) => {
          const result = safeParsePluginConfig({ [key]: input });
          expect(result.success).toBe(false);
          if (result.success) return;
          expect(result.error.issues.length).toBeGreaterThan(0);
          for (const issue of result.error.issues) {
            expect(issue.segments[0]).toBe(key);
            expect(issue.message.length).toBeGreaterThan(0);
            expect(issue.hint.length).toBeGreaterThan(0);
          }
        },
      );

      it("has a ui hint with a label and help", () => {
        expect(pluginConfigUiHints[key].label.length).toBeGreaterThan(0);
        expect(pluginConfigUiHints[key].help.length).toBeGreaterThan(0);
      });
    });
  }
});

describe("loopback opt-out", () => {
  it.each(["0.0.0.0", "::", "192.168.1.2", "fe80::1", "proxy.example.com", "10.0.0.1"])(
    "allows %s only with allowNonLoopback: true",
    (host) => {
      expect(safeParsePluginConfig({ host }).success).toBe(false);
      expect(safeParsePluginConfig({ host, allowNonLoopback: false }).success).toBe(false);
      expect(parsePluginConfig({ host, allowNonLoopback: true }).host).toBe(host);
    },
  );

  it("still refuses what is not a host at all, opt-out or not", () => {
    for (const host of ["", "127.0.0.256", "[::1]", "a b", "http://x", "1:2:3:4:5:6:7:8:9"]) {
      expect(safeParsePluginConfig({ host, allowNonLoopback: true }).success).toBe(false);
    }
  });

  it("reports the loopback problem together with problems of other keys", () => {
    const result = safeParsePluginConfig({ host: "0.0.0.0", port: 1.5, restartDelayMs: "x" });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.error.issues.map((issue) => [issue.path, issue.code])).toEqual([
      ["host", "not_loopback"],
      ["port", "invalid_type"],
      ["restartDelayMs", "invalid_type"],
    ]);
  });
});

describe("unknown keys", () => {
  it("are refused, each named, with a did-you-mean", () => {
    const result = safeParsePluginConfig({ prot: 1, Models: [], colour: "red" });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.error.issues.map((issue) => [issue.path, issue.code, issue.hint])).toEqual([
      ["prot", "unknown_key", 'did you mean "port"? Otherwise remove "prot"'],
      ["Models", "unknown_key", 'did you mean "models"? Otherwise remove "Models"'],
      [
        "colour",
        "unknown_key",
        expect.stringMatching(/^remove "colour"; known keys: autoStart, host, port, /),
      ],
    ]);
  });

  it("include __proto__ written as a key (JSON.parse makes it an own key)", () => {
    expect(safeParsePluginConfig(JSON.parse('{"__proto__": {"port": 1}}')).success).toBe(false);
  });
});

describe("not an object", () => {
  it.each([
    ["a string", "port=3456"],
    ["an array", [1]],
    ["a number", 3456],
    ["a boolean", true],
  ])("refuses %s with one root issue", (_label, input) => {
    const result = safeParsePluginConfig(input);
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.error.issues).toHaveLength(1);
    expect(result.error.issues[0]).toMatchObject({ path: "", segments: [], code: "invalid_type" });
  });
});

describe("validatePluginConfig (OpenClaw's runtime configSchema.validate shape)", () => {
  it("returns the parsed config", () => {
    expect(validatePluginConfig({ port: 4000 })).toEqual({
      ok: true,
      value: { ...DEFAULT_PLUGIN_CONFIG, port: 4000 },
    });
  });

  it("returns one line per problem", () => {
    const result = validatePluginConfig({ port: 0, host: "0.0.0.0" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(2);
    for (const line of result.errors) expect(line).not.toContain("\n");
    expect(result.errors[0]).toMatch(
      /^host: "0\.0\.0\.0" is not a loopback address \(received "0\.0\.0\.0"; fix: /,
    );
  });
});

describe("ConfigError from parsePluginConfig", () => {
  it("is thrown with every problem and the source", () => {
    let error: unknown;
    try {
      parsePluginConfig({ port: 0, models: [] }, { source: "plugins.entries.anthropic-max-proxy.config" });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const configError = error as ConfigError;
    expect(configError.code).toBe("CONFIG_INVALID");
    expect(configError.source).toBe("plugins.entries.anthropic-max-proxy.config");
    expect(configError.issues.map((issue) => issue.path)).toEqual(["port", "models"]);
    expect(configError.message.split("\n")[0]).toBe(
      "invalid plugin config at plugins.entries.anthropic-max-proxy.config: 2 problems",
    );
  });
});
