/**
 * `@proxykit/config-schema`: what a valid configuration is for a plugin that supervises a local
 * Anthropic-compatible proxy. zod/mini schemas with defaults, the JSON Schema and `uiHints` for an
 * OpenClaw manifest, readable errors, Claude model ids and metadata, and the `models.providers` entry.
 *
 * @packageDocumentation
 */

// ---- The plugin configuration ---------------------------------------------------------------------

/** Documentation of each key (description, rule, fix, ui hint), and types for it. */
export type { FieldDoc, PluginConfigKey, UiHint } from "./field-docs.ts";
/** Description, rule, fix and ui hint of every plugin config key (the source of the README table). */
/** Bounds (inclusive) of every integer key of the plugin config. */
/** The plugin config keys in manifest order. */
/** Environment variable names `env` may not set, with the reason shown in the error. */
export { FIELD_DOCS, LIMITS, PLUGIN_CONFIG_KEYS, RESERVED_ENV } from "./field-docs.ts";
/** Parsed plugin config (`PluginConfig`), what users may write (`PluginConfigInput`), option types. */
export type {
  ParsePluginConfigOptions,
  PluginConfig,
  PluginConfigInput,
  SafeParsePluginConfigResult,
} from "./plugin-config.ts";
/** The plugin config's defaults: the seed's keys plus the supervisor's. Deeply frozen. */
/** Pattern of `healthPath`: starts with `/`, printable ASCII, no spaces. */
/** Parses a plugin config, filling defaults; throws `ConfigError` listing every problem at once. */
/** JSON Schema (draft 2020-12) of the plugin config for `openclaw.plugin.json`'s `configSchema`. */
/** The zod/mini schema of the plugin config. */
/** Manifest `uiHints` (label, help, placeholder, advanced, sensitive) for every plugin config key. */
/** Like `parsePluginConfig`, but returns `{ success, data | error }` instead of throwing. */
/** `{ ok, value } | { ok: false, errors }`: the shape of OpenClaw's runtime `configSchema.validate`. */
export {
  DEFAULT_PLUGIN_CONFIG,
  HEALTH_PATH_PATTERN,
  parsePluginConfig,
  pluginConfigJsonSchema,
  pluginConfigSchema,
  pluginConfigUiHints,
  safeParsePluginConfig,
  validatePluginConfig,
} from "./plugin-config.ts";

// ---- Prompt validators ----------------------------------------------------------------------------

/** A `(text) => message | undefined` validator, as OpenClaw's `prompter.text({ validate })` takes. */
export type { PromptValidator } from "./prompt-validators.ts";
/** Parses a comma-separated model list typed at a prompt; `undefined` when it is invalid. */
/** Prompt validator for a host, with the loopback rule (unless `allowNonLoopback`). */
/** Prompt validator for a comma-separated model list. */
/** Prompt validator for a port. */
export {
  parseModelListText,
  validateHostText,
  validateModelListText,
  validatePortText,
} from "./prompt-validators.ts";

// ---- Errors ---------------------------------------------------------------------------------------

/** One problem (`path`, `message`, `received`, `hint`, `code`), error options and mapping docs. */
export type { ConfigErrorOptions, ConfigIssue, ConfigIssueCode, KeyDocs } from "./config-error.ts";
/** The error listing every configuration problem: `format()` for terminals, `toOneLine()` for logs. */
/** Builds a `ConfigError` from a failed zod parse of your own schema (for composed schemas). */
/** Renders an issue path: `["command", 0]` → `command[0]`. */
export { ConfigError, configErrorFromZod, formatPath } from "./config-error.ts";
/** Redaction helpers used in error messages: is this string or key name a secret, render a value safely. */
export { isSecretKeyName, looksLikeSecret, REDACTED, renderValue } from "./redact.ts";

// ---- Building blocks ------------------------------------------------------------------------------

/** Schema: a command as an argv array with `{host}`/`{port}` placeholders. */
/** Pattern of one argv item for a given placeholder set. */
/** The default placeholders: `host`, `port`. */
/** Replaces `{host}`, `{port}` (and other given names) in every argv item. */
/** The `{name}` placeholders written in an argv item. */
/** Pattern of argv[0]: a program name without whitespace, or a path. */
export {
  argvCommand,
  argvItemPattern,
  DEFAULT_PLACEHOLDERS,
  expandArgv,
  PROGRAM_PATTERN,
  placeholdersIn,
} from "./argv-command.ts";
/** Schema: environment variables for a child process, with reserved names refused. */
export { ENV_NAME_PATTERN, ENV_VALUE_PATTERN, envRecord } from "./env-record.ts";
/** Keys tied by `withLoopbackGuard`. */
export type { LoopbackGuardKeys } from "./host.ts";
/** The address to connect to for a bind address (`0.0.0.0` → `127.0.0.1`, `::` → `::1`). */
/** Pattern of a host name, IPv4 or IPv6 address. */
/** Schema: a host name, IPv4 or IPv6 address. */
/** A host as written in a URL (IPv6 in brackets). */
/** `http://<host>:<port>` for a bind host and port. */
/** True for an IPv6 address. */
/** True for a loopback host (127.0.0.0/8, ::1, localhost). */
/** Pattern of a loopback host. */
/** Schema: a loopback host only. */
/** Adds "host must be loopback unless the opt-out key is true" to an object schema (zod + JSON Schema). */
export {
  connectHostFor,
  HOST_PATTERN,
  hostForUrl,
  hostName,
  httpBaseUrl,
  isIpv6Host,
  isLoopbackHost,
  LOOPBACK_HOST_PATTERN,
  loopbackHost,
  withLoopbackGuard,
} from "./host.ts";
/** A JSON Schema object. */
export type { JsonSchema } from "./json-schema.ts";
/** Attaches a description to a schema for `toStrictJsonSchema`. */
/** The registry `describe` writes to (pass your own annotations through it). */
/** JSON Schema (draft 2020-12, input side, strict) of any schema built from these blocks. */
/** Declares the JSON Schema keywords for a zod check that `toJSONSchema` cannot see. */
export { describe, schemaDocs, toStrictJsonSchema, withJsonSchema } from "./json-schema.ts";
/** Model list limits and patterns. */
/** Schema: one model id. */
/** Schema: a non-empty array of unique model ids. */
/** Schema: a model list as an array or a comma-separated string, parsed to an array. */
/** Splits a comma-separated model list (trim, drop empty items). */
export {
  MODEL_ID_MAX_LENGTH,
  MODEL_ID_PATTERN,
  MODEL_LIST_TEXT_MAX_LENGTH,
  MODEL_LIST_TEXT_PATTERN,
  modelId,
  modelIdArray,
  modelList,
  splitModelList,
} from "./model-list.ts";
/** Schema: an integer within bounds. */
/** Parses a port typed as text. */
/** Schema: a TCP port (1–65535). */
/** The TCP port range. */
export { boundedInt, PORT_RANGE, parsePort, port } from "./numbers.ts";
/** Restart policy: type, defaults, schema shape to spread, strict schema, back-off delay. */
export type { RestartPolicy } from "./restart-policy.ts";
/** Default restart policy (3 s doubling to 60 s; 5 crashes in 5 min stop restarts). */
/** Delay before restart number `attempt`: doubling from `restartDelayMs`, capped. */
/** Schema: a strict object of the restart-policy keys with defaults. */
/** The restart-policy keys as a zod shape with defaults, to spread into your own object schema. */
export {
  DEFAULT_RESTART_POLICY,
  restartDelayFor,
  restartPolicy,
  restartPolicyShape,
} from "./restart-policy.ts";

// ---- Claude model ids and metadata ----------------------------------------------------------------

/** A Claude id taken apart. */
export type { ClaudeFamily, ParsedClaudeId } from "./model-ids.ts";
/** The snapshot ids the dotted Claude 3.x ids map to (`claude-3.7-sonnet` → `…-20250219`). */
/** The dashed id without tag: `claude-opus-4-6`. */
/** A name for menus: `Claude Opus 4.6`. */
/** Takes a Claude id apart (family, version, tag). */
/** Dotted form: `claude-opus-4-6` → `claude-opus-4.6`. */
/** Wire form: `claude-opus-4.6` → `claude-opus-4-6`, `claude-3.7-sonnet` → `claude-3-7-sonnet-20250219`. */
export {
  CLAUDE_3_SNAPSHOTS,
  claudeBaseId,
  modelDisplayName,
  parseClaudeModelId,
  toDottedModelId,
  toWireModelId,
} from "./model-ids.ts";

/** Model metadata types. */
export type { ModelInput, ModelMetadata } from "./model-metadata.ts";
/** The table of known Claude models (context window, max output, image input, reasoning). */
/** Context window, max output, image input and reasoning for any model id. */
/** The safe defaults for ids nothing is known about. */
export { KNOWN_MODELS, modelMetadata, UNKNOWN_MODEL_DEFAULTS } from "./model-metadata.ts";

// ---- The models.providers entry -------------------------------------------------------------------

/** The provider entry and builder option types. */
export type { BuildProviderEntryOptions, ProviderEntry, ProviderModelEntry } from "./provider-entry.ts";
/** Matches `sk-ant-` in any case. */
/** Builds the `models.providers` entry for the local proxy. */
/** The placeholder `apiKey` (never contains `sk-ant-`). */
/** Schema: a provider entry for a local Anthropic-compatible proxy. */
/** Schema: one model entry of a provider entry. */
/** Checks an existing provider entry; never throws. */
export {
  ANTHROPIC_SECRET_PATTERN,
  buildProviderEntry,
  PROXY_API_KEY_PLACEHOLDER,
  providerEntrySchema,
  providerModelEntrySchema,
  safeParseProviderEntry,
} from "./provider-entry.ts";
