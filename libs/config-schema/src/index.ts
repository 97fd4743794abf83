/**
 * `@proxykit/config-schema`: what a valid configuration is for a plugin that supervises a local
 * Anthropic-compatible proxy. zod/mini schemas with defaults, the JSON Schema and `uiHints` for an
 * OpenClaw manifest, readable errors, Claude model ids and metadata, and the `models.providers` entry.
 *
 * @packageDocumentation
 */

// ---- The plugin configuration ---------------------------------------------------------------------

/**
 * What is said about each key: `FIELD_DOCS` (description, rule, fix, ui hint; the source of the README
 * table), `LIMITS` (bounds of the integer keys), `PLUGIN_CONFIG_KEYS` (manifest order), `RESERVED_ENV`
 * (names `env` may not set, with the reason).
 */
export {
  FIELD_DOCS,
  type FieldDoc,
  LIMITS,
  PLUGIN_CONFIG_KEYS,
  type PluginConfigKey,
  RESERVED_ENV,
  type UiHint,
} from "./field-docs.ts";
/**
 * The plugin config:
 * - `parsePluginConfig(input, { source })`: validates, fills defaults; throws `ConfigError` listing every problem.
 * - `safeParsePluginConfig`: the same, returning `{ success, data | error }`.
 * - `validatePluginConfig`: `{ ok, value } | { ok: false, errors }`, OpenClaw's runtime `configSchema.validate` shape.
 * - `pluginConfigJsonSchema()`: the strict JSON Schema (draft 2020-12) for `openclaw.plugin.json`'s `configSchema`.
 * - `pluginConfigUiHints`: the manifest `uiHints` of every key.
 * - `pluginConfigSchema`: the zod/mini schema. `DEFAULT_PLUGIN_CONFIG`: the defaults (deeply frozen).
 * - `HEALTH_PATH_PATTERN`: the `healthPath` pattern.
 */
export {
  DEFAULT_PLUGIN_CONFIG,
  HEALTH_PATH_PATTERN,
  type ParsePluginConfigOptions,
  type PluginConfig,
  type PluginConfigInput,
  parsePluginConfig,
  pluginConfigJsonSchema,
  pluginConfigSchema,
  pluginConfigUiHints,
  type SafeParsePluginConfigResult,
  safeParsePluginConfig,
  validatePluginConfig,
} from "./plugin-config.ts";

// ---- Prompt validators ----------------------------------------------------------------------------

/**
 * Validators for prompts and CLI flags, `(text) => message | undefined`: `validateHostText({ allowNonLoopback })`,
 * `validatePortText`, `validateModelListText`; `parseModelListText` returns the list or `undefined`.
 */
export {
  type PromptValidator,
  parseModelListText,
  validateHostText,
  validateModelListText,
  validatePortText,
} from "./prompt-validators.ts";

// ---- The set-up questions (the plugin's auth flow and the CLI's `setup`) --------------------------

/**
 * The set-up questions, UI-agnostic: `setupStart(openclawConfig)` (what they start from: the current
 * address and models, else the defaults), `setupPrompts(start)` (texts, pre-filled values, placeholders,
 * validators, the "the proxy lists these models" choice), `setupValidators` (messages start with the key),
 * and `runSetupPrompts(prompter, { start, given, listModels })`, the flow for any `SetupPrompter`.
 */
export {
  PROXY_SEARCH_MESSAGES,
  type RunSetupPromptsOptions,
  runSetupPrompts,
  SETUP_PROMPT_MESSAGES,
  type SetupAnswers,
  type SetupPrompter,
  type SetupPromptsResult,
  type SetupSelectPrompt,
  type SetupStart,
  type SetupTextPrompt,
  setupPrompts,
  setupStart,
  setupValidators,
} from "./setup-prompts.ts";

// ---- Errors ---------------------------------------------------------------------------------------

/**
 * `ConfigError` lists every configuration problem (`issues`: path, message, received, hint, code):
 * `format()` for terminals, `toOneLine()` for logs. `configErrorFromZod` builds one from a failed
 * parse of your own schema; `formatPath` renders `["command", 0]` as `command[0]`.
 */
export {
  ConfigError,
  type ConfigErrorOptions,
  type ConfigIssue,
  type ConfigIssueCode,
  configErrorFromZod,
  formatPath,
  type KeyDocs,
} from "./config-error.ts";

/**
 * Redaction used by error messages: `looksLikeSecret(text)`, `isSecretKeyName(key)`, `renderValue(value)`
 * (JSON, truncated, secrets replaced by `REDACTED`).
 */
export { isSecretKeyName, looksLikeSecret, REDACTED, renderValue } from "./redact.ts";

// ---- Building blocks ------------------------------------------------------------------------------

/**
 * Commands: `argvCommand({ placeholders })` schema, `expandArgv(argv, { host, port })`, `placeholdersIn`,
 * `argvItemPattern`, `PROGRAM_PATTERN` (argv[0]), `DEFAULT_PLACEHOLDERS` (`host`, `port`).
 */
export {
  argvCommand,
  argvItemPattern,
  DEFAULT_PLACEHOLDERS,
  expandArgv,
  PROGRAM_PATTERN,
  placeholdersIn,
} from "./argv-command.ts";
/** Environment: `envRecord({ reserved })` schema, `ENV_NAME_PATTERN`, `ENV_VALUE_PATTERN`. */
export { ENV_NAME_PATTERN, ENV_VALUE_PATTERN, envRecord } from "./env-record.ts";
/**
 * Hosts: `hostName()` and `loopbackHost()` schemas (`HOST_PATTERN`, `LOOPBACK_HOST_PATTERN`),
 * `withLoopbackGuard(objectSchema, { hostKey, optOutKey })`, `isLoopbackHost`, `isIpv6Host`,
 * `hostForUrl` (IPv6 in brackets), `connectHostFor` (`0.0.0.0` → `127.0.0.1`), `httpBaseUrl(host, port)`.
 */
export {
  connectHostFor,
  HOST_PATTERN,
  hostForUrl,
  hostName,
  httpBaseUrl,
  isIpv6Host,
  isLoopbackHost,
  LOOPBACK_HOST_PATTERN,
  type LoopbackGuardKeys,
  loopbackHost,
  withLoopbackGuard,
} from "./host.ts";
/**
 * JSON Schema generation: `toStrictJsonSchema(schema)` (input side, draft 2020-12, strict objects,
 * defaults, descriptions and the keywords declared with `withJsonSchema`); `withDescription(schema,
 * { description })`; `schemaDocs`, the registry descriptions live in.
 */
export {
  type JsonSchema,
  schemaDocs,
  toStrictJsonSchema,
  withDescription,
  withJsonSchema,
} from "./json-schema.ts";
/**
 * Model lists: `modelList()` (array or comma-separated string), `modelIdArray()`, `modelId()`,
 * `splitModelList(text)`, and their limits and patterns.
 */
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
/** Integers: `port()` (1–65535, `PORT_RANGE`), `boundedInt(min, max)`, `parsePort(text)`. */
export { boundedInt, PORT_RANGE, parsePort, port } from "./numbers.ts";
/**
 * Restart policy: `restartPolicyShape(defaults)` (to spread into your object), `restartPolicy(defaults)`,
 * `DEFAULT_RESTART_POLICY`, `restartDelayFor(policy, attempt)` (the back-off).
 */
export {
  DEFAULT_RESTART_POLICY,
  type RestartPolicy,
  restartDelayFor,
  restartPolicy,
  restartPolicyShape,
} from "./restart-policy.ts";

// ---- Claude model ids and metadata ----------------------------------------------------------------

/**
 * Model ids: `toWireModelId` (`claude-opus-4.6` → `claude-opus-4-6`, `claude-3.7-sonnet` →
 * `claude-3-7-sonnet-20250219`), `toDottedModelId` (the reverse), `modelDisplayName` (`Claude Opus 4.6`),
 * `parseClaudeModelId`, `claudeBaseId`, `CLAUDE_3_SNAPSHOTS`.
 */
export {
  CLAUDE_3_SNAPSHOTS,
  type ClaudeFamily,
  claudeBaseId,
  modelDisplayName,
  type ParsedClaudeId,
  parseClaudeModelId,
  toDottedModelId,
  toWireModelId,
} from "./model-ids.ts";

/**
 * Model metadata: `modelMetadata(id)` (context window, max output, image input, reasoning),
 * `KNOWN_MODELS` (the table, with sources), `UNKNOWN_MODEL_DEFAULTS`.
 */
export {
  KNOWN_MODELS,
  type ModelInput,
  type ModelMetadata,
  modelMetadata,
  UNKNOWN_MODEL_DEFAULTS,
} from "./model-metadata.ts";

// ---- The models.providers entry -------------------------------------------------------------------

/**
 * The `models.providers` entry for the local proxy: `buildProviderEntry({ host, port, models })`,
 * `providerEntrySchema`, `providerModelEntrySchema`, `safeParseProviderEntry` (checks an existing entry),
 * `PROXY_API_KEY_PLACEHOLDER`, `ANTHROPIC_SECRET_PATTERN`.
 */
export {
  ANTHROPIC_SECRET_PATTERN,
  type BuildProviderEntryOptions,
  buildProviderEntry,
  PROXY_API_KEY_PLACEHOLDER,
  type ProviderEntry,
  type ProviderModelEntry,
  providerEntrySchema,
  providerModelEntrySchema,
  safeParseProviderEntry,
} from "./provider-entry.ts";

// ---- The supervision policy of the proxy (shared by the plugin's service and the CLI's `run`) ------

/**
 * The proxy's supervision policy: `resolveProxyAddress(openclawConfig)` (the provider `baseUrl` wins over
 * the plugin's host/port; a mismatch is described), `readProxySettings(openclawConfig)` (that address with
 * the parsed plugin config, its error and the provider entry), `proxyAddressAt(host, port)` (an address
 * given explicitly, e.g. by a command-line flag), `proxySupervisionOptions(pluginConfig, address,
 * { stateDir, credentialsFile })` (options for `@proxykit/supervisor`, minus probe/inspectPort/logger;
 * throws when it would bind a non-loopback host without `allowNonLoopback`: `proxyBindHost`, `proxyBindError`),
 * `proxyPidFile(stateDir)`, the host/port variables (`PROXY_HOST_ENV`, `PROXY_PORT_ENV`), and the words
 * for people: `explainProxyStatus(status, context)` / `explainProxyProbe(probe, context)` (a line with the
 * fix), `commandNotFoundHint` (the Meridian rename), `manualStartCommand`, `MERIDIAN_COMMAND`.
 */
export {
  CLAUDE_LOGIN_COMMAND,
  claudeCliCommand,
  commandNotFoundHint,
  type ExplainContext,
  explainProxyProbe,
  explainProxyStatus,
  LEGACY_PROXY_PACKAGE,
  MERIDIAN_COMMAND,
  MERIDIAN_PACKAGE,
  manualStartCommand,
  PROXY_HOST_ENV,
  PROXY_ID,
  PROXY_PORT_ENV,
  type ProxyAddress,
  type ProxyCondition,
  type ProxyExplanation,
  type ProxyIds,
  type ProxyProbeLike,
  type ProxySettings,
  type ProxyStatusLike,
  type ProxySupervisionContext,
  type ProxySupervisionOptions,
  proxyAddressAt,
  proxyBaseUrl,
  proxyBindError,
  proxyBindHost,
  proxyPidFile,
  proxySupervisionOptions,
  readProxySettings,
  resolveProxyAddress,
} from "./proxy-policy.ts";
