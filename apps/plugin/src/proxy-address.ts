import { DEFAULT_PLUGIN_CONFIG } from "@proxykit/config-schema";
import type { OpenClawConfig } from "openclaw/plugin-sdk/plugin-entry";
import { PROVIDER_ID } from "./constants.ts";

/** The one address of the proxy, and where it came from. */
export interface ProxyAddress {
  host: string;
  port: number;
  /** `http://host:port`, without a trailing `/v1`. */
  baseUrl: string;
  /** `provider`: `models.providers.anthropic-max-proxy.baseUrl` (written by the auth flow) wins; else plugin config. */
  source: "provider" | "plugin-config" | "defaults";
  /** Set when the provider baseUrl and the plugin host/port disagree: the provider wins, this says so. */
  mismatch?: string;
}

interface HostPort {
  host?: unknown;
  port?: unknown;
}

/**
 * Resolves the proxy address from the whole OpenClaw config: the provider entry's `baseUrl` wins over
 * the plugin's `host`/`port` (one source of truth: requests go to `baseUrl`), and a disagreement is
 * described in `mismatch` so the service and `status` can report it.
 */
export function resolveProxyAddress(
  config: OpenClawConfig | undefined,
  pluginConfig?: HostPort,
): ProxyAddress {
  const fromPlugin = pluginConfig ?? readPluginHostPort(config);
  const pluginHost = typeof fromPlugin.host === "string" ? fromPlugin.host : undefined;
  const pluginPort = typeof fromPlugin.port === "number" ? fromPlugin.port : undefined;
  const providerBaseUrl = config?.models?.providers?.[PROVIDER_ID]?.baseUrl;
  const parsed = typeof providerBaseUrl === "string" ? parseBaseUrl(providerBaseUrl) : undefined;
  if (parsed) {
    const disagreements: string[] = [];
    if (pluginHost !== undefined && pluginHost !== parsed.host) disagreements.push(`host "${pluginHost}"`);
    if (pluginPort !== undefined && pluginPort !== parsed.port) disagreements.push(`port ${pluginPort}`);
    const address: ProxyAddress = { ...parsed, source: "provider" };
    if (disagreements.length > 0) {
      address.mismatch =
        `plugins.entries.${PROVIDER_ID}.config has ${disagreements.join(" and ")} but ` +
        `models.providers.${PROVIDER_ID}.baseUrl is ${parsed.baseUrl}: using ${parsed.baseUrl} ` +
        `(run \`openclaw models auth login --provider ${PROVIDER_ID}\` to write both again)`;
    }
    return address;
  }
  const host = pluginHost ?? DEFAULT_PLUGIN_CONFIG.host;
  const port = pluginPort ?? DEFAULT_PLUGIN_CONFIG.port;
  return {
    host,
    port,
    baseUrl: formatBaseUrl(host, port),
    source: pluginHost !== undefined || pluginPort !== undefined ? "plugin-config" : "defaults",
  };
}

/** `http://127.0.0.1:3456` for host/port; IPv6 literals get brackets. */
export function formatBaseUrl(host: string, port: number): string {
  const literal = host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
  return `http://${literal}:${port}`;
}

function parseBaseUrl(baseUrl: string): Omit<ProxyAddress, "source"> | undefined {
  if (!URL.canParse(baseUrl)) return undefined;
  const url = new URL(baseUrl);
  const port = url.port ? Number(url.port) : url.protocol === "https:" ? 443 : 80;
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  return { host, port, baseUrl: formatBaseUrl(host, port) };
}

function readPluginHostPort(config: OpenClawConfig | undefined): HostPort {
  const entry = config?.plugins?.entries?.[PROVIDER_ID] as { config?: unknown } | undefined;
  const raw = entry?.config;
  return raw !== null && typeof raw === "object" ? (raw as HostPort) : {};
}
