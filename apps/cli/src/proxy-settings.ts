/**
 * What an `openclaw.json` says about the proxy: the plugin's config (parsed by config-schema, defaults
 * filled), the provider entry, and the ONE address requests go to. As in the plugin, the provider's
 * `baseUrl` (written by the auth flow / `setup`) wins over the plugin's `host`/`port`, and a
 * disagreement (port drift) is described.
 */
import { DEFAULT_PLUGIN_CONFIG, type PluginConfig, safeParsePluginConfig } from "@proxykit/config-schema";
import { PLUGIN_ID, PROVIDER_ID } from "./ids.ts";

/** Where the address came from. */
export type AddressSource = "provider" | "plugin-config" | "defaults";

/** The proxy's address. */
export interface ProxyAddress {
  host: string;
  port: number;
  /** `http://host:port` (IPv6 in brackets), no trailing path. */
  baseUrl: string;
  source: AddressSource;
  /** Set when the provider's baseUrl and the plugin's host/port disagree: the provider's wins. */
  mismatch?: string;
}

/** The proxy-related parts of an OpenClaw config. */
export interface ProxySettings {
  /** The plugin config with defaults (the defaults alone when it is invalid). */
  plugin: PluginConfig;
  /** One line naming the bad key and the fix, when `plugins.entries.<id>.config` is invalid. */
  pluginConfigError?: string;
  /** `plugins.entries.<id>` exists. */
  pluginEntryPresent: boolean;
  /** `plugins.entries.<id>.enabled` as written (undefined when absent). */
  pluginEnabled: boolean | undefined;
  /** `models.providers.<id>`, when present. */
  provider?: { baseUrl?: string; modelIds: string[] };
  address: ProxyAddress;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function at(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (!isRecord(current)) return undefined;
    current = current[key];
  }
  return current;
}

/** `http://127.0.0.1:3456`; IPv6 literals get brackets. */
export function formatBaseUrl(host: string, port: number): string {
  const literal = host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
  return `http://${literal}:${port}`;
}

function parseBaseUrl(baseUrl: string): { host: string; port: number } | undefined {
  if (!URL.canParse(baseUrl)) return undefined;
  const url = new URL(baseUrl);
  const port = url.port ? Number(url.port) : url.protocol === "https:" ? 443 : 80;
  return { host: url.hostname.replace(/^\[(.*)\]$/, "$1"), port };
}

/** Reads the proxy settings of a whole OpenClaw config. Never throws. */
export function proxySettings(config: unknown): ProxySettings {
  const entry = at(config, "plugins", "entries", PLUGIN_ID);
  const rawPluginConfig = at(entry, "config");
  const parsed = safeParsePluginConfig(isRecord(rawPluginConfig) ? rawPluginConfig : {});
  const plugin: PluginConfig = parsed.success
    ? parsed.data
    : (structuredClone(DEFAULT_PLUGIN_CONFIG) as PluginConfig);
  const settings: ProxySettings = {
    plugin,
    pluginEntryPresent: isRecord(entry),
    pluginEnabled: typeof at(entry, "enabled") === "boolean" ? (at(entry, "enabled") as boolean) : undefined,
    address: {
      host: plugin.host,
      port: plugin.port,
      baseUrl: formatBaseUrl(plugin.host, plugin.port),
      source: "defaults",
    },
  };
  if (!parsed.success) settings.pluginConfigError = parsed.error.toOneLine();

  const providerEntry = at(config, "models", "providers", PROVIDER_ID);
  if (isRecord(providerEntry)) {
    const models = Array.isArray(providerEntry.models) ? providerEntry.models : [];
    settings.provider = {
      modelIds: models.map((model) => at(model, "id")).filter((id): id is string => typeof id === "string"),
      ...(typeof providerEntry.baseUrl === "string" ? { baseUrl: providerEntry.baseUrl } : {}),
    };
  }

  const pluginHost =
    isRecord(rawPluginConfig) && typeof rawPluginConfig.host === "string" ? plugin.host : undefined;
  const pluginPort =
    isRecord(rawPluginConfig) && typeof rawPluginConfig.port === "number" ? plugin.port : undefined;
  const fromProvider = settings.provider?.baseUrl ? parseBaseUrl(settings.provider.baseUrl) : undefined;
  if (fromProvider) {
    settings.address = {
      ...fromProvider,
      baseUrl: formatBaseUrl(fromProvider.host, fromProvider.port),
      source: "provider",
    };
    const disagreements: string[] = [];
    if (pluginHost !== undefined && pluginHost !== fromProvider.host)
      disagreements.push(`host "${pluginHost}"`);
    if (pluginPort !== undefined && pluginPort !== fromProvider.port)
      disagreements.push(`port ${pluginPort}`);
    if (disagreements.length > 0) {
      settings.address.mismatch =
        `plugins.entries.${PLUGIN_ID}.config has ${disagreements.join(" and ")} but ` +
        `models.providers.${PROVIDER_ID}.baseUrl is ${settings.address.baseUrl}: requests go to the baseUrl`;
    }
  } else if (pluginHost !== undefined || pluginPort !== undefined) {
    settings.address.source = "plugin-config";
  }
  return settings;
}
