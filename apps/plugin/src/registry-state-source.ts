import { addressKey, proxyRegistry } from "./proxy-registry.ts";
import { createProbeStateSource, type ProxyStateSource, type ProxyStateView } from "./proxy-state.ts";

const probeSource = createProbeStateSource();

/**
 * The live state source the service publishes: the supervisor's state for the proxy it runs (starting,
 * restarting with the crash count, not logged in, …), or one health probe for an address it does not run.
 */
export function createRegistryStateSource(): ProxyStateSource {
  return {
    async read(address, options) {
      const key = addressKey(address.baseUrl);
      const entry = key ? proxyRegistry().get(key) : undefined;
      if (!entry) return probeSource.read(address, options);
      const view = await entry.view();
      const result: ProxyStateView = {
        state: view.state,
        ready: view.ready,
        summary: view.summary,
        source: entry.kind === "watch" ? "probe" : "supervisor",
      };
      if (view.latencyMs !== undefined) result.latencyMs = view.latencyMs;
      if (view.auth) result.auth = view.auth;
      return result;
    },
  };
}
