import fc from "fast-check";
import { LIMITS } from "../field-docs.ts";

/** Any JSON value (what a config file can hold). */
export const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer({ min: -100_000, max: 100_000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.string({ maxLength: 12 }),
  fc.array(fc.string({ maxLength: 6 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 }), { maxKeys: 2 }),
);

/** Mostly `valid`, sometimes `invalid`, now and then any JSON value. */
function mostly<T>(valid: fc.Arbitrary<T>, invalid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof(
    { arbitrary: valid, weight: 12 },
    { arbitrary: invalid, weight: 2 },
    { arbitrary: junk, weight: 1 },
  );
}

/** A key's valid values and invalid values. */
interface KeyArbitraries {
  valid: fc.Arbitrary<unknown>;
  invalid: fc.Arbitrary<unknown>;
}

const bool: KeyArbitraries = { valid: fc.boolean(), invalid: fc.constantFrom("true", 0, 1, "false", null) };

function int(min: number, max: number): KeyArbitraries {
  return {
    valid: fc.oneof(fc.integer({ min, max }), fc.constantFrom(min, max)),
    invalid: fc.oneof(
      fc.constantFrom(min - 1, max + 1, -0.5, min + 0.5, String(min), 1e21, -1e21, null),
      fc.double({ min: min - 10, max: max + 10, noNaN: true }).filter((value) => !Number.isInteger(value)),
    ),
  };
}

const octet = fc.integer({ min: 0, max: 255 });
const loopbacks = fc.oneof(
  fc.constantFrom("127.0.0.1", "localhost", "::1", "0:0:0:0:0:0:0:1", "127.255.255.255"),
  fc.tuple(octet, octet, octet).map(([a, b, c]) => `127.${a}.${b}.${c}`),
);
const nonLoopbacks = fc.oneof(
  fc.constantFrom(
    "0.0.0.0",
    "::",
    "192.168.1.20",
    "10.0.0.1",
    "fe80::1",
    "example.com",
    "proxy.local",
    "128.0.0.1",
  ),
  fc.tuple(octet, octet, octet, octet).map((parts) => parts.join(".")),
  fc.domain(),
);
const badHosts = fc.oneof(
  fc.constantFrom(
    "",
    " 127.0.0.1",
    "127.0.0.1 ",
    "127.0.0.256",
    "127.1",
    "[::1]",
    "::1%lo",
    "http://127.0.0.1",
    "127.0.0.1:3456",
    "LOCAL HOST",
    "-bad.example",
    "a..b",
    ":::",
    "1:2:3:4:5:6:7:8:9",
    "localhost.",
    "😀",
  ),
  fc.string({ maxLength: 8 }),
);
const host: KeyArbitraries = { valid: loopbacks, invalid: fc.oneof(badHosts, nonLoopbacks) };

const argvItems = fc.constantFrom(
  "bunx",
  "npx",
  "-y",
  "opencode-claude-max-proxy",
  "@rynfar/meridian",
  "--host={host}",
  "--port={port}",
  "{port}",
  "{host}:{port}",
  "{",
  "}{",
  "{}",
  "{{port}}",
  "/usr/local/bin/meridian",
  "/Users/John Smith/.bun/bin/bunx",
  "C:\\Program Files\\node.exe",
  "ünïcödé",
  "😀",
);
const badArgvItems = fc.constantFrom(
  "",
  "{prot}",
  "--port={PORT}",
  "{hots}",
  "a\u0000b",
  "bunx opencode",
  " ",
);
const command: KeyArbitraries = {
  valid: fc.array(argvItems, { minLength: 1, maxLength: 4 }),
  invalid: fc.oneof(
    fc.constant([]),
    fc.constant("bunx opencode-claude-max-proxy"),
    fc.array(fc.oneof(argvItems, badArgvItems), { minLength: 1, maxLength: 4 }),
    fc.array(fc.oneof(fc.string({ maxLength: 5 }), fc.integer()), { minLength: 1, maxLength: 3 }),
  ),
};

const modelIds = fc.constantFrom(
  "claude-opus-4.6",
  "claude-sonnet-4.5",
  "claude-3.7-sonnet",
  "claude-opus-4-6",
  "claude-haiku-4-5-20251001",
  "opus",
  "a",
  "m:1@x_y",
  "X".repeat(128),
);
const badModelIds = fc.constantFrom(
  "",
  " a",
  "a b",
  "anthropic/claude-opus-4.6",
  "-a",
  ".a",
  "a,b",
  "é",
  "X".repeat(129),
);
const separators = fc.constantFrom(",", ", ", " , ", ",,", ",\n", "\t,\u00a0");
const modelText = fc
  .tuple(
    fc.array(fc.tuple(modelIds, separators), { minLength: 1, maxLength: 4 }),
    fc.constantFrom("", ",", " ", ", "),
    fc.constantFrom("", " ", ","),
  )
  .map(
    ([items, lead, tail]) =>
      lead + items.map(([id, sep], index) => (index === 0 ? id : sep + id)).join("") + tail,
  );
const models: KeyArbitraries = {
  valid: fc.oneof(fc.uniqueArray(modelIds, { minLength: 1, maxLength: 4 }), modelText),
  invalid: fc.oneof(
    fc.constant([]),
    fc.constantFrom("", " ", ",", "a b", "a, a", "claude-opus-4.6,claude-opus-4.6", "a,,b,a"),
    fc.array(fc.oneof(modelIds, badModelIds), { minLength: 2, maxLength: 4 }),
    fc.string({ maxLength: 10 }),
  ),
};

const envNames = fc.constantFrom(
  "FOO",
  "MERIDIAN_MAX_CONCURRENT",
  "MERIDIAN_API_KEY",
  "_X",
  "lower_ok",
  "A1",
);
const badEnvNames = fc.constantFrom(
  "ANTHROPIC_API_KEY",
  "ANTHROPIC_BASE_URL",
  "MERIDIAN_PORT",
  "CLAUDE_PROXY_HOST",
  "1ABC",
  "A-B",
  "",
  "A B",
);
const env: KeyArbitraries = {
  valid: fc.dictionary(envNames, fc.string({ maxLength: 8 }), { maxKeys: 3 }),
  invalid: fc.oneof(
    fc.dictionary(
      fc.oneof(envNames, badEnvNames),
      fc.oneof(fc.string({ maxLength: 4 }), fc.constant("a\u0000b")),
      {
        minKeys: 1,
        maxKeys: 3,
      },
    ),
    fc.dictionary(envNames, fc.oneof(fc.integer(), fc.boolean(), fc.constant(null)), {
      minKeys: 1,
      maxKeys: 2,
    }),
    fc.constant(["FOO=bar"]),
  ),
};

const healthPath: KeyArbitraries = {
  valid: fc.constantFrom("/health", "/", "/v1/health?deep=1", "/a/b/c", `/${"x".repeat(255)}`),
  invalid: fc.constantFrom(
    "health",
    "",
    "/a b",
    "/héalth",
    "http://x/health",
    `/${"x".repeat(256)}`,
    "/\t",
    null,
  ),
};

const KEYS: Record<string, KeyArbitraries> = {
  autoStart: bool,
  host,
  port: int(LIMITS.port.min, LIMITS.port.max),
  command,
  models,
  autoRestart: bool,
  healthPath,
  env,
  allowNonLoopback: { valid: fc.constant(false), invalid: fc.constantFrom("yes", 1, null) },
  ...Object.fromEntries(
    (Object.keys(LIMITS) as (keyof typeof LIMITS)[])
      .filter((key) => key !== "port")
      .map((key) => [key, int(LIMITS[key].min, LIMITS[key].max)]),
  ),
};

const unknownKeys = fc.dictionary(
  fc.constantFrom("prot", "Port", "models2", "restartDelay", "x", "__proto__"),
  junk,
  {
    minKeys: 1,
    maxKeys: 2,
  },
);

/** A valid config: any subset of keys with valid values; a non-loopback host comes with the opt-out. */
const validConfig: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(
    fc.record(Object.fromEntries(Object.entries(KEYS).map(([key, arbs]) => [key, arbs.valid])), {
      requiredKeys: [],
    }),
    fc.option(nonLoopbacks, { freq: 4 }),
  )
  .map(([config, exposed]) =>
    exposed === null ? config : { ...config, host: exposed, allowNonLoopback: true },
  );

/** A valid config with one key made invalid (or an unknown key added). */
const oneMistake: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(
    validConfig,
    fc.oneof(
      {
        arbitrary: fc
          .constantFrom(...Object.keys(KEYS))
          .chain((key) => fc.tuple(fc.constant(key), (KEYS[key] as KeyArbitraries).invalid)),
        weight: 8,
      },
      { arbitrary: unknownKeys.map((extra) => ["", extra] as [string, unknown]), weight: 1 },
    ),
  )
  .map(([config, [key, value]]) => {
    if (key !== "") return { ...config, [key]: value };
    // JSON.parse makes "__proto__" an own key, as a config file would.
    return { ...config, ...(JSON.parse(JSON.stringify(value)) as Record<string, unknown>) };
  });

/** Each key valid, invalid or any JSON value, independently; unknown keys now and then. */
const wildConfig: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(
    fc.record(
      Object.fromEntries(Object.entries(KEYS).map(([key, arbs]) => [key, mostly(arbs.valid, arbs.invalid)])),
      { requiredKeys: [] },
    ),
    fc.oneof({ arbitrary: fc.constant({}), weight: 8 }, { arbitrary: unknownKeys, weight: 1 }),
  )
  .map(([config, extra]) => ({ ...config, ...extra }));

/** Plugin configs: about half valid, the rest with one or several mistakes. */
export const pluginConfigInput: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  { arbitrary: validConfig, weight: 4 },
  { arbitrary: oneMistake, weight: 4 },
  { arbitrary: wildConfig, weight: 2 },
);
