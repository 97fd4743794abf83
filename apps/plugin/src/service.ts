import type { OpenClawPluginService } from "openclaw/plugin-sdk/plugin-entry";
import { PROVIDER_ID } from "./constants.ts";
import type { ProxyRuntimeEntry } from "./proxy-registry.ts";

/** Id of the plugin's service (`plugins inspect --runtime` lists it). */
export const SERVICE_ID = "proxy";

/**
 * The supervision service. OpenClaw starts it in the Gateway only (the manifest's
 * `activation.onStartup: true`), stops it at Gateway shutdown, and stops and starts it again when the
 * plugin config changes (the plugin is reloaded) or when the provider's `baseUrl` changes
 * (`reload.configPrefixes`). `start` returns at once: the proxy becomes ready in the background, and a
 * request that comes before waits briefly for it (see `request-gate.ts`).
 *
 * Each `register` creates a new service object; OpenClaw calls `start` and `stop` on the same one, so
 * the closure holds what `start` began.
 */
export function createProxyService(): OpenClawPluginService {
  let running: ProxyRuntimeEntry | undefined;
  return {
    id: SERVICE_ID,
    reload: { configPrefixes: [`models.providers.${PROVIDER_ID}.baseUrl`] },
    start: async (ctx) => {
      const { startProxyService } = await import("./service-runtime.ts");
      running = await startProxyService(ctx);
    },
    stop: async () => {
      // The live state source stays: it reads the registry, which falls back to a probe once this
      // runtime is gone (and a successor instance may already have published the same source).
      const stopping = running;
      running = undefined;
      await stopping?.stop();
    },
  };
}
