import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { type ConfigError, configErrorFromZod, formatPath, suggestName } from "./config-error.ts";
import { port } from "./numbers.ts";
import { pluginConfigSchema, safeParsePluginConfig } from "./plugin-config.ts";
import { looksLikeSecret, renderValue } from "./redact.ts";

function errorFor(input: unknown, source?: string): ConfigError {
  const result = safeParsePluginConfig(input, source ? { source } : {});
  if (result.success) throw new Error(`expected ${JSON.stringify(input)} to be invalid`);
  return result.error;
}

describe("ConfigError output", () => {
  const error = errorFor(
    { port: 70000, command: "bunx opencode-claude-max-proxy", prot: 1 },
    "plugins.entries.anthropic-max-proxy.config",
  );

  it("format(): a headline, then each problem with what was received and the fix", () => {
    expect(error.format()).toBe(
      [
        "invalid plugin config at plugins.entries.anthropic-max-proxy.config: 3 problems",
        "  - port: must be an integer from 1 to 65535 (received 70000)",
        '    fix: set "port" to a free TCP port from 1 to 65535, e.g. 3456',
        '  - command: must be an argv array, not a shell string (received "bunx opencode-claude-max-proxy")',
        '    fix: write it as an array: ["bunx", "opencode-claude-max-proxy"]',
        "  - prot: unknown key (received 1)",
        '    fix: did you mean "port"? Otherwise remove "prot"',
      ].join("\n"),
    );
    expect(error.message).toBe(error.format());
  });

  it("toOneLine(): everything on one line for a log", () => {
    const line = error.toOneLine();
    expect(line).not.toContain("\n");
    expect(line).toBe(
      'invalid plugin config at plugins.entries.anthropic-max-proxy.config: 3 problems: port: must be an integer from 1 to 65535 (received 70000; fix: set "port" to a free TCP port from 1 to 65535, e.g. 3456); command: must be an argv array, not a shell string (received "bunx opencode-claude-max-proxy"; fix: write it as an array: ["bunx", "opencode-claude-max-proxy"]); prot: unknown key (received 1; fix: did you mean "port"? Otherwise remove "prot")',
    );
  });

  it("is an Error with a stable code, the issues and the zod error as cause", () => {
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("ConfigError");
    expect(error.code).toBe("CONFIG_INVALID");
    expect(error.issues).toHaveLength(3);
    expect(Object.isFrozen(error.issues)).toBe(true);
    expect((error.cause as { issues?: unknown[] }).issues?.length).toBeGreaterThan(0);
  });

  it("says problem, singular, for one", () => {
    expect(errorFor({ port: 0 }).message.split("\n")[0]).toBe("invalid plugin config: 1 problem");
  });
});

describe("secrets never reach a message", () => {
  const secrets = [
    "sk-ant-oat01-AAAABBBBCCCCDDDD",
    "sk-ant-api03-ZZZZYYYYXXXX",
    "ghp_abcdefghijklmnopqrstuvwxyz123456",
  ];

  it.each(secrets)(
    "%s in env, in an unknown key, in a secret-named key or as a value is redacted",
    (secret) => {
      const inputs = [
        { env: { MERIDIAN_API_KEY: secret, "1BAD": secret } },
        { env: { ANTHROPIC_API_KEY: secret } },
        { env: { MERIDIAN_API_KEY: 5, OTHER: secret } },
        { apiKey: secret },
        { token: { nested: secret } },
        { host: secret },
        { command: [`${secret} --x`, "{prot}"] },
        { models: [secret, secret] },
        secret,
        // Pasted as a key: an env name, an unknown key, a key inside a secret-named object.
        { env: { [`MERIDIAN_API_KEY=${secret}`]: "" } },
        { env: { [secret]: "x" }, port: 0 },
        { [secret]: 1 },
      ];
      for (const input of inputs) {
        const error = errorFor(input);
        expect(error.message).not.toContain(secret);
        expect(error.toOneLine()).not.toContain(secret);
        expect(JSON.stringify(error.issues)).not.toContain(secret);
      }
    },
  );

  it("a key name that looks like a secret is redacted in the path, the message and the hint", () => {
    const key = "MERIDIAN_API_KEY=sk-proj-abcdefghijklmnopqrstuvwx";
    const error = errorFor({ env: { [key]: "", "9LIVES": "" }, "sk-ant-api03-ZZZZYYYYXXXX": true });
    expect(error.toOneLine()).toBe(
      "invalid plugin config: 3 problems: " +
        'env["<redacted>"]: "<redacted>" is not a valid environment variable name (received <redacted>; fix: use letters, digits and _ only, not starting with a digit); ' +
        'env["9LIVES"]: "9LIVES" is not a valid environment variable name (received "9LIVES"; fix: use letters, digits and _ only, not starting with a digit); ' +
        '["<redacted>"]: unknown key (received true; fix: remove "<redacted>"; known keys: ' +
        `${Object.keys(pluginConfigSchema.def.shape).join(", ")})`,
    );
    expect(error.issues[0]?.segments).toEqual(["env", "<redacted>"]);
  });

  it("every env value is redacted, secret-looking or not", () => {
    const error = errorFor({ env: { FOO: 5, BAR: "plain" }, port: 0 });
    const foo = error.issues.find((issue) => issue.path === "env.FOO");
    expect(foo?.received).toBe("<redacted>");
  });

  it("renderValue truncates and redacts nested values", () => {
    expect(renderValue("x".repeat(200)).length).toBeLessThanOrEqual(80);
    expect(renderValue({ apiKey: "abc", other: "sk-ant-1", fine: "ok" })).toBe(
      '{"apiKey":<redacted>,"other":<redacted>,"fine":"ok"}',
    );
    expect(renderValue(undefined)).toBe("nothing");
    expect(looksLikeSecret("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.sig")).toBe(true);
    expect(looksLikeSecret("claude-opus-4.6")).toBe(false);
  });
});

describe("messages name the key and the fix", () => {
  it.each([
    [
      { host: "0.0.0.0" },
      "host",
      "not_loopback",
      /"0\.0\.0\.0" is not a loopback address/,
      /allowNonLoopback/,
    ],
    [
      { host: "127.0.0.256" },
      "host",
      "invalid_format",
      /is not a valid host name or IP address/,
      /127\.0\.0\.1/,
    ],
    [
      { command: ["x", "--port={prot}"] },
      "command[1]",
      "unknown_placeholder",
      /unknown placeholder \{prot\}/,
      /did you mean \{port\}\?/,
    ],
    [
      { command: ["bunx opencode"] },
      "command[0]",
      "shell_string",
      /looks like a shell command line/,
      /\["bunx", "opencode"\]/,
    ],
    [
      { command: ["npx -y @rynfar/meridian"] },
      "command[0]",
      "shell_string",
      /looks like a shell command line/,
      /^split it into an argv array: \["npx", "-y", "@rynfar\/meridian"\]/,
    ],
    [{ command: [] }, "command", "empty", /must not be empty/, /argv array/],
    [{ models: "a, a" }, "models[1]", "duplicate", /"a" is listed more than once/, /once/],
    [
      { models: ["anthropic/claude-opus-4.6"] },
      "models[0]",
      "invalid_format",
      /not a valid model id/,
      /bare model id/,
    ],
    [
      { env: { MERIDIAN_PORT: "1" } },
      "env.MERIDIAN_PORT",
      "reserved_env",
      /set "port" instead/,
      /remove "MERIDIAN_PORT" from "env"/,
    ],
    [
      { env: { "A-B": "1" } },
      'env["A-B"]',
      "invalid_format",
      /not a valid environment variable name/,
      /letters, digits and _/,
    ],
    [{ env: { A: "a\u0000" } }, "env.A", "invalid_format", /NUL character/, /remove the NUL/],
    [{ restartDelayMs: 50 }, "restartDelayMs", "out_of_range", /from 100 to 600000/, /e\.g\. 3000/],
    [{ port: "3456" }, "port", "invalid_type", /must be an integer from 1 to 65535, not a string/, /3456/],
    [
      { autoStart: "yes" },
      "autoStart",
      "invalid_type",
      /must be true or false, not a string/,
      /true or false/,
    ],
    [{ healthPath: "health" }, "healthPath", "invalid_format", /starting with "\/"/, /"\/health"/],
    [{ models: "x".repeat(5000) }, "models", "too_long", /at most 4096 characters/, /model ids/],
    [[], "", "invalid_type", /must be an object of settings, not an array/, /\{ "port": 3456 \}/],
  ])("%j → %s %s", (input, path, code, message, hint) => {
    const issue = errorFor(input).issues[0];
    expect(issue).toMatchObject({ path, code });
    expect(issue?.message).toMatch(message);
    expect(issue?.hint).toMatch(hint);
  });
});

describe("a model id in the comma-separated form", () => {
  it("says it contains a space and shows what was received", () => {
    const result = safeParsePluginConfig({ models: "claude-sonnet-4.5, claude opus" });
    expect(result.success).toBe(false);
    const issue = result.success ? undefined : result.error.issues[0];
    expect(issue).toMatchObject({
      path: "models[1]",
      message: '"claude opus" is not a valid model id: it contains a space',
      received: '"claude opus"',
      hint: 'separate model ids with commas, e.g. "claude-opus-4.6, claude-sonnet-4.5"',
    });
  });

  it("names the item even when the parse did not report inputs (it was read as 'nothing')", () => {
    const input = { models: "claude opus" };
    const result = z.safeParse(pluginConfigSchema, input); // no reportInput: the issue has no input
    expect(result.success).toBe(false);
    const error = configErrorFromZod(result.error as z.core.$ZodError, input, { knownKeys: ["models"] });
    expect(error.issues[0]?.message).toBe('"claude opus" is not a valid model id: it contains a space');
    expect(error.issues[0]?.received).toBe('"claude opus"');
    expect(error.message).not.toContain("nothing");
  });
});

describe("helpers", () => {
  it("formatPath", () => {
    expect(formatPath([])).toBe("");
    expect(formatPath(["command", 0])).toBe("command[0]");
    expect(formatPath(["env", "A B"])).toBe('env["A B"]');
    expect(formatPath(["a", "b", 2, "c"])).toBe("a.b[2].c");
  });

  it("suggestName finds typos, case slips and prefixes, and nothing far off", () => {
    const keys = ["port", "host", "models", "restartDelayMs", "autoStart"];
    expect(suggestName("prot", keys)).toBe("port");
    expect(suggestName("hots", keys)).toBe("host");
    expect(suggestName("model", keys)).toBe("models");
    expect(suggestName("restartDelay", keys)).toBe("restartDelayMs");
    expect(suggestName("AUTOSTART", keys)).toBe("autoStart");
    expect(suggestName("colour", keys)).toBeUndefined();
  });

  it("configErrorFromZod works for a schema of your own", () => {
    const schema = z.strictObject({ listenPort: port() });
    const input = { listenPort: 0, extra: true };
    const result = z.safeParse(schema, input);
    const error = configErrorFromZod(result.error as z.core.$ZodError, input, {
      subject: "my plugin config",
      docs: { listenPort: { rule: "a port", fix: 'set "listenPort" to a free port' } },
    });
    expect(error.format()).toBe(
      [
        "invalid my plugin config: 2 problems",
        "  - listenPort: must be a port (received 0)",
        '    fix: set "listenPort" to a free port',
        "  - extra: unknown key (received true)",
        '    fix: remove "extra"; known keys: listenPort',
      ].join("\n"),
    );
  });
});
