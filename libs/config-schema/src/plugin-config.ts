import * as z from "zod/mini";
import { argvCommand } from "./argv-command.ts";
import { ConfigError, type ConfigIssue, issuesFromZod } from "./config-error.ts";
import { envRecord } from "./env-record.ts";
import {
  FIELD_DOCS,
  HEALTH_PATH_MAX_LENGTH,
  LIMITS,
  PLUGIN_CONFIG_KEYS,
  RESERVED_ENV,
  type UiHint,
} from "./field-docs.ts";
import { hostName, withLoopbackGuard } from "./host.ts";
import { type JsonSchema, toStrictJsonSchema, withDescription } from "./json-schema.ts";
import { lazySchema } from "./lazy-schema.ts";
import { modelList } from "./model-list.ts";
import { boundedInt, port } from "./numbers.ts";
import { DEFAULT_RESTART_POLICY, restartPolicyShape } from "./restart-policy.ts";

/** A health path: starts with `/`, printable ASCII without spaces. */
export const HEALTH_PATH_PATTERN: RegExp = /^\/[!-~]*$/;

/** The plugin configuration after parsing: every key present, defaults filled in. */
export interface PluginConfig {
  autoStart: boolean;
  host: string;
  port: number;
  command: string[];
  models: string[];
  autoRestart: boolean;
  restartDelayMs: number;
  maxRestartDelayMs: number;
  maxCrashes: number;
  crashWindowMs: number;
  healthPath: string;
  startupTimeoutMs: number;
  stopTimeoutMs: number;
  livenessIntervalMs: number;
  livenessFailureThreshold: number;
  env: Record<string, string>;
  allowNonLoopback: boolean;
}

/** What a user may write: every key optional; `models` may also be a comma-separated string. */
export type PluginConfigInput = Partial<Omit<PluginConfig, "models">> & { models?: string[] | string };

/** The seed's defaults plus the supervisor's. Frozen (deeply). */
export const DEFAULT_PLUGIN_CONFIG: Readonly<PluginConfig> = deepFreeze({
  autoStart: true,
  host: "127.0.0.1",
  port: 3456,
  command: ["bunx", "opencode-claude-max-proxy"],
  models: ["claude-opus-4.6", "claude-sonnet-4.5", "claude-3.7-sonnet"],
  ...DEFAULT_RESTART_POLICY,
  healthPath: "/health",
  startupTimeoutMs: 60_000,
  stopTimeoutMs: 5000,
  livenessIntervalMs: 10_000,
  livenessFailureThreshold: 3,
  env: {},
  allowNonLoopback: false,
});

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const entry of Object.values(value)) deepFreeze(entry);
    Object.freeze(value);
  }
  return value;
}

const d = DEFAULT_PLUGIN_CONFIG;
const doc = (key: keyof typeof FIELD_DOCS) => ({ description: FIELD_DOCS[key].description });
const int = (key: keyof typeof LIMITS) => boundedInt(LIMITS[key].min, LIMITS[key].max);
// `_default` hands its default value to the parser's output: give each parse a fresh copy.
const fresh =
  <T>(value: T): (() => T) =>
  () =>
    structuredClone(value);

/** Builds the zod schema of the plugin configuration (once, on first use: see `lazy-schema.ts`). */
function buildPluginConfigSchema() {
  return withLoopbackGuard(
    z.strictObject({
      autoStart: withDescription(z._default(z.boolean(), d.autoStart), doc("autoStart")),
      host: withDescription(z._default(hostName(), d.host), doc("host")),
      port: withDescription(z._default(port(), d.port), doc("port")),
      command: withDescription(z._default(argvCommand(), fresh(d.command)), doc("command")),
      models: withDescription(z._default(modelList(), fresh(d.models)), doc("models")),
      ...restartPolicyShape(DEFAULT_RESTART_POLICY),
      healthPath: withDescription(
        z._default(
          z.string().check(z.minLength(1), z.maxLength(HEALTH_PATH_MAX_LENGTH), z.regex(HEALTH_PATH_PATTERN)),
          d.healthPath,
        ),
        doc("healthPath"),
      ),
      startupTimeoutMs: withDescription(
        z._default(int("startupTimeoutMs"), d.startupTimeoutMs),
        doc("startupTimeoutMs"),
      ),
      stopTimeoutMs: withDescription(z._default(int("stopTimeoutMs"), d.stopTimeoutMs), doc("stopTimeoutMs")),
      livenessIntervalMs: withDescription(
        z._default(int("livenessIntervalMs"), d.livenessIntervalMs),
        doc("livenessIntervalMs"),
      ),
      livenessFailureThreshold: withDescription(
        z._default(int("livenessFailureThreshold"), d.livenessFailureThreshold),
        doc("livenessFailureThreshold"),
      ),
      env: withDescription(
        z._default(envRecord({ reserved: Object.keys(RESERVED_ENV) }), fresh(d.env)),
        doc("env"),
      ),
      allowNonLoopback: withDescription(z._default(z.boolean(), d.allowNonLoopback), doc("allowNonLoopback")),
    }),
    { hostKey: "host", optOutKey: "allowNonLoopback" },
  );
}

const lazyPluginConfigSchema = lazySchema(buildPluginConfigSchema);

/**
 * The zod schema (zod/mini) of the plugin configuration. Built on first use: importing the package
 * costs nothing for it; it behaves like the schema itself with every zod function.
 */
export const pluginConfigSchema: ReturnType<typeof buildPluginConfigSchema> = lazyPluginConfigSchema.schema;

/** Options of `parsePluginConfig` and friends. */
export interface ParsePluginConfigOptions {
  /**
   * Where the config came from, shown in the error and prefixed to every issue path in messages,
   * e.g. `"plugins.entries.anthropic-max-proxy.config"`.
   */
  source?: string;
}

/** Result of `safeParsePluginConfig`. */
export type SafeParsePluginConfigResult =
  | { success: true; data: PluginConfig }
  | { success: false; error: ConfigError };

/**
 * Validates and normalises a plugin config (`undefined` and `null` mean "nothing configured": all
 * defaults). Never throws.
 */
export function safeParsePluginConfig(
  input: unknown,
  options: ParsePluginConfigOptions = {},
): SafeParsePluginConfigResult {
  const value = input === undefined || input === null ? {} : input;
  const result = z.safeParse(lazyPluginConfigSchema.get(), value, { reportInput: true });
  if (result.success) return { success: true, data: result.data as PluginConfig };
  const issues: ConfigIssue[] = issuesFromZod(result.error.issues, value, {
    docs: FIELD_DOCS,
    knownKeys: PLUGIN_CONFIG_KEYS,
    reservedEnv: RESERVED_ENV,
  });
  return {
    success: false,
    error: new ConfigError(issues, { source: options.source, subject: "plugin config", cause: result.error }),
  };
}

/** Validates and normalises a plugin config; throws `ConfigError` listing every problem at once. */
export function parsePluginConfig(input: unknown, options: ParsePluginConfigOptions = {}): PluginConfig {
  const result = safeParsePluginConfig(input, options);
  if (!result.success) throw result.error;
  return result.data;
}

/**
 * The `{ ok, value | errors }` validator shape OpenClaw accepts for a plugin's runtime
 * `configSchema.validate` (errors are one-line strings, `path: message (fix: …)`).
 */
export function validatePluginConfig(
  input: unknown,
): { ok: true; value: PluginConfig } | { ok: false; errors: string[] } {
  const result = safeParsePluginConfig(input);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, errors: result.error.issues.map((issue) => result.error.issueToOneLine(issue)) };
}

let cachedJsonSchema: JsonSchema | undefined;

/**
 * The strict JSON Schema (draft 2020-12) of the plugin config, for `openclaw.plugin.json`'s
 * `configSchema`: unknown keys rejected, defaults and descriptions included, the loopback rule as
 * `if`/`else`. Returns a fresh copy.
 */
export function pluginConfigJsonSchema(): JsonSchema {
  cachedJsonSchema ??= toStrictJsonSchema(lazyPluginConfigSchema.get());
  return structuredClone(cachedJsonSchema);
}

/** The manifest `uiHints` for every plugin config key (label, help, placeholder, advanced, sensitive). */
export const pluginConfigUiHints: Readonly<Record<keyof PluginConfig, UiHint>> = deepFreeze(
  Object.fromEntries(PLUGIN_CONFIG_KEYS.map((key) => [key, { ...FIELD_DOCS[key].ui }])) as Record<
    keyof PluginConfig,
    UiHint
  >,
);
