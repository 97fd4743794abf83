import {
  buildProviderEntry,
  type PluginConfigInput,
  type ProviderEntry,
  parsePluginConfig,
  splitModelList,
} from "@proxykit/config-schema";
import { isRecord, type JsonObject } from "./json.ts";
import type { ConfigPatch } from "./merge.ts";
import { modelKey } from "./model-refs.ts";
import { type UpdateOptions, type UpdateResult, updateConfigFile } from "./update.ts";

/** The plugin and provider id of this project. */
export const PROXY_PROVIDER_ID = "anthropic-max-proxy";
/** The alias the setup gives the default model. */
export const PROXY_MODEL_ALIAS = "claude-max-proxy";

/** Input of {@link buildProxySetupPatch}. */
export interface ProxySetupInput {
  /** Provider id (`models.providers.<id>`, the `<id>/` of model refs). Default `anthropic-max-proxy`. */
  providerId?: string;
  /** Plugin id (`plugins.entries.<id>`). Default: the provider id. */
  pluginId?: string;
  /** Where the proxy listens. */
  host: string;
  port: number;
  /** Model ids, first = default (array or comma-separated). Kept as typed: see `modelIds`. */
  models: readonly string[] | string;
  /**
   * Ids written to the provider's model list and the default ref. `configured` (default): as typed
   * (`claude-opus-4.6`), the plugin maps them to Anthropic's ids on the request path; `wire`: Anthropic's ids
   * (`claude-opus-4-6`), for setups that run without the plugin.
   */
  modelIds?: "configured" | "wire";
  /** Alias of the default model. Default `claude-max-proxy`. */
  alias?: string;
  /**
   * Enable the plugin with this config (`plugins.entries.<pluginId> = { enabled: true, config }`); host, port
   * and models are filled in from the input so plugin and provider agree. `true` = only those three.
   * Omitted or `false`: `plugins` is not touched (the auth flow runs inside an already enabled plugin).
   */
  pluginConfig?: PluginConfigInput | boolean;
  /** Placeholder key for the provider entry (never an `sk-ant-` value). */
  apiKey?: string;
  /** Allow a non-loopback host (as the plugin config's `allowNonLoopback`). */
  allowNonLoopback?: boolean;
}

/**
 * The ONE config patch the plugin's auth flow (`configPatch`) and the CLI's `setup` both apply:
 * - `models.providers.<providerId>` = the proxy's provider entry (config-schema's `buildProviderEntry`);
 * - `agents.defaults.model` = `{ primary: "<providerId>/<first model>", fallbacks: [] }` — fallbacks emptied
 *   even when the config had some: a fallback would send Claude traffic around the proxy;
 * - `agents.defaults.models["<providerId>/<first model>"] = { alias: "claude-max-proxy" }`;
 * - optionally `plugins.entries.<pluginId> = { enabled: true, config }`.
 * No other provider is touched (in particular not `models.providers.anthropic`). Given the `current` config,
 * the alias is also removed from any other model that holds it, so it cannot point elsewhere.
 * Throws config-schema's `ConfigError` for an invalid host, port, model list or plugin config.
 */
export function buildProxySetupPatch(input: ProxySetupInput, current?: JsonObject): ConfigPatch {
  const providerId = input.providerId ?? PROXY_PROVIDER_ID;
  const pluginId = input.pluginId ?? providerId;
  const alias = input.alias ?? PROXY_MODEL_ALIAS;
  const entry: ProviderEntry = buildProviderEntry({
    host: input.host,
    port: input.port,
    models: input.models,
    modelIds: input.modelIds === "wire" ? "wire" : "configured",
    ...(input.apiKey === undefined ? {} : { apiKey: input.apiKey }),
    ...(input.allowNonLoopback === undefined ? {} : { allowNonLoopback: input.allowNonLoopback }),
  });
  const first = entry.models[0]?.id as string; // buildProviderEntry refuses an empty list
  const defaultRef = modelKey(providerId, first);
  const aliasMap: ConfigPatch = { [defaultRef]: { alias } };
  for (const key of staleAliasKeys(current, alias, defaultRef)) aliasMap[key] = { alias: null };
  const patch: ConfigPatch = {
    models: { providers: { [providerId]: entry as unknown as JsonObject } },
    agents: { defaults: { model: { primary: defaultRef, fallbacks: [] }, models: aliasMap } },
  };
  if (input.pluginConfig) {
    const given = input.pluginConfig === true ? {} : input.pluginConfig;
    const config: JsonObject = {
      ...(given as JsonObject),
      host: input.host,
      port: input.port,
      models: typeof input.models === "string" ? splitModelList(input.models) : [...input.models],
      ...(input.allowNonLoopback ? { allowNonLoopback: true } : {}),
    };
    parsePluginConfig(config, { source: `plugins.entries.${pluginId}.config` }); // refuse before writing
    patch.plugins = { entries: { [pluginId]: { enabled: true, config } } };
  }
  return patch;
}

/** Replace paths for {@link buildProxySetupPatch}'s patch: a re-run may shorten the proxy's model list. */
export function proxySetupReplacePaths(providerId: string = PROXY_PROVIDER_ID): string[][] {
  return [["models", "providers", providerId, "models"]];
}

/**
 * Writes the setup into a config file (what the CLI's `setup` does): {@link buildProxySetupPatch} computed from
 * the current file under the lock, applied with {@link updateConfigFile} (atomic, backed up, comments kept).
 */
export function applyProxySetup(
  file: string,
  input: ProxySetupInput,
  options: UpdateOptions = {},
): Promise<UpdateResult> {
  const providerId = input.providerId ?? PROXY_PROVIDER_ID;
  return updateConfigFile(file, (current) => buildProxySetupPatch(input, current), {
    ...options,
    replacePaths: [...proxySetupReplacePaths(providerId), ...(options.replacePaths ?? [])],
  });
}

function staleAliasKeys(current: JsonObject | undefined, alias: string, keep: string): string[] {
  const agents = current && isRecord(current.agents) ? current.agents : undefined;
  const defaults = agents && isRecord(agents.defaults) ? agents.defaults : undefined;
  const models = defaults && isRecord(defaults.models) ? defaults.models : undefined;
  if (!models) return [];
  return Object.entries(models)
    .filter(
      ([key, value]) =>
        key !== keep &&
        isRecord(value) &&
        typeof value.alias === "string" &&
        value.alias.trim().toLowerCase() === alias.toLowerCase(),
    )
    .map(([key]) => key);
}
