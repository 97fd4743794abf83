import {
  type ProxyAddress,
  proxyBaseUrl,
  resolveProxyAddress as resolveShared,
} from "@proxykit/config-schema";
import type { OpenClawConfig } from "openclaw/plugin-sdk/plugin-entry";
import { PLUGIN_ID, PROVIDER_ID } from "./constants.ts";

/** The one address of the proxy, and where it came from (config-schema's shared policy). */
export type { ProxyAddress };

/**
 * Resolves the proxy address from the whole OpenClaw config: the provider entry's `baseUrl` wins over
 * the plugin's `host`/`port` (one source of truth: requests go to `baseUrl`), and a disagreement is
 * described in `mismatch` so the service and `status` can report it. The same rule as the standalone
 * CLI's (`resolveProxyAddress` from `@proxykit/config-schema`).
 */
export function resolveProxyAddress(config: OpenClawConfig | undefined): ProxyAddress {
  return resolveShared(config, { providerId: PROVIDER_ID, pluginId: PLUGIN_ID });
}

/** `http://127.0.0.1:3456` for host/port; IPv6 literals get brackets. */
export const formatBaseUrl: (host: string, port: number) => string = proxyBaseUrl;
