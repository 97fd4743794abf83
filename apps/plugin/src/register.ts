import type { OpenClawPluginApi } from "openclaw/plugin-sdk/plugin-entry";
import type { AuthFlowDeps } from "./auth-flow.ts";
import { createStatusCli } from "./cli.ts";
import { createProvider } from "./provider.ts";
import { listProxyModels } from "./proxy-models.ts";
import { createProbeStateSource, currentProxyStateSource, type ProxyStateSource } from "./proxy-state.ts";
import { createStatusCommand } from "./slash-command.ts";

/** Collaborators of the plugin, replaceable in tests. */
export interface PluginDeps extends AuthFlowDeps {
  /** Proxy state for `status` and `/maxproxy`: the live supervisor when present, else a health probe. */
  proxyStateSource(): ProxyStateSource;
}

const probeSource = createProbeStateSource();

/** Production collaborators. Creating them does nothing: no I/O until a command or flow runs. */
export const defaultDeps: PluginDeps = {
  listProxyModels,
  proxyStateSource: () => currentProxyStateSource(probeSource),
};

/**
 * Everything the plugin registers. Synchronous and free of side effects: OpenClaw calls it several
 * times per process (registration modes `full`, `discovery`, `cli-metadata`, …), so it only hands
 * descriptions to the registrars; nothing is spawned, read or probed here.
 *
 * Issue 8 adds the supervision service here: `api.registerService(createProxyService(...))`, which
 * publishes its live state through `setLiveProxyStateSource` for `status` and `/maxproxy`.
 */
export function registerPlugin(api: OpenClawPluginApi, deps: PluginDeps = defaultDeps): void {
  api.registerProvider(createProvider(deps));
  const cli = createStatusCli(deps.proxyStateSource);
  api.registerCli(cli.registrar, cli.options);
  api.registerCommand(createStatusCommand(deps.proxyStateSource));
}
