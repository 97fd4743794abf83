/**
 * What the service does when the Gateway starts it (loaded on first use). See `service.ts`.
 */
import { readProxySettings } from "@proxykit/config-schema";
import type { OpenClawPluginServiceContext } from "openclaw/plugin-sdk/plugin-entry";
import { LOG_PREFIX, PLUGIN_ID, PROVIDER_ID } from "./constants.ts";
import { markServiceProcess, type ProxyRuntimeEntry, proxyRegistry } from "./proxy-registry.ts";
import { configRefusedHint, SupervisedProxy, WatchedProxy } from "./proxy-runtime.ts";
import { setLiveProxyStateSource } from "./proxy-state.ts";
import { createRegistryStateSource } from "./registry-state-source.ts";

/**
 * Starts supervising the proxy of `ctx.config` (or, with `autoStart` off, only watching it) and
 * registers it for the request gate and `status`. Never spawns a second proxy: a runtime a previous
 * plugin instance left in the registry (a hot reload whose stop did not finish), or one a request started
 * on demand before this service ran, is stopped first.
 */
export async function startProxyService(ctx: OpenClawPluginServiceContext): Promise<ProxyRuntimeEntry> {
  markServiceProcess();
  const log = ctx.logger;
  const { plugin, pluginConfigError, address } = readProxySettings(ctx.config, {
    pluginId: PLUGIN_ID,
    providerId: PROVIDER_ID,
    source: `plugins.entries.${PLUGIN_ID}.config`,
  });
  const registry = proxyRegistry();
  for (const previous of [...registry.values()]) {
    if (previous.stopping) await previous.stopping;
    else {
      // An on-demand supervisor (a channel message came before the service started) would otherwise go
      // on unmanaged: the service's supervisor would adopt its proxy, and stop/reload never end it.
      log.warn(
        previous.kind === "on-demand"
          ? `${LOG_PREFIX} stopping the proxy a request started on demand before the service ran, so the service supervises it`
          : `${LOG_PREFIX} stopping the proxy supervisor of the previous plugin instance first`,
      );
      await previous.stop();
    }
  }
  let runtime: ProxyRuntimeEntry;
  if (pluginConfigError) {
    // OpenClaw validates the config against the manifest's schema first; this is the belt to its braces.
    const message = `${LOG_PREFIX} not starting the proxy: ${pluginConfigError.toOneLine()}`;
    log.error(message);
    ctx.serviceHealth?.reportFailure(new Error(message));
    runtime = new WatchedProxy({ address, plugin, startHint: configRefusedHint(pluginConfigError) });
  } else if (!plugin.autoStart) {
    log.info(
      `${LOG_PREFIX} autoStart is off: not starting the proxy; requests go to ${address.baseUrl} (start it yourself)`,
    );
    runtime = new WatchedProxy({ address, plugin });
  } else {
    const supervised = new SupervisedProxy({
      kind: "service",
      address,
      plugin,
      stateDir: ctx.stateDir,
      logger: log,
      serviceHealth: ctx.serviceHealth,
    });
    runtime = supervised;
    registry.set(runtime.key, runtime);
    supervised.start();
  }
  if (!registry.has(runtime.key)) registry.set(runtime.key, runtime);
  setLiveProxyStateSource(createRegistryStateSource());
  return runtime;
}
