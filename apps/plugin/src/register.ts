import type {
  OpenClawConfig,
  OpenClawPluginApi,
  ProviderWrapStreamFnContext,
} from "openclaw/plugin-sdk/plugin-entry";
import type { AuthFlowDeps } from "./auth-flow.ts";
import { createStatusCli } from "./cli.ts";
import { PLUGIN_ID, PROVIDER_ID } from "./constants.ts";
import { PROXY_NOT_READY_CODE, type ProxyNotReadyError } from "./errors.ts";
import { createProvider } from "./provider.ts";
import { createProbeStateSource, currentProxyStateSource, type ProxyStateSource } from "./proxy-state.ts";
import { type GateContext, gateRequest } from "./request-gate.ts";
import { createProxyService } from "./service.ts";
import { createStatusCommand } from "./slash-command.ts";
import { createStreamHook, type RequestCheck } from "./wire-model-id.ts";

/** Collaborators of the plugin, replaceable in tests. */
export interface PluginDeps extends AuthFlowDeps {
  /** Proxy state for `status` and `/maxproxy`: the live supervisor when present, else a health probe. */
  proxyStateSource(): ProxyStateSource;
  /** Decides whether a model request may go to the proxy now (see `request-gate.ts`). */
  gateRequest(check: RequestCheck, context: GateContext): Promise<void>;
}

const probeSource = createProbeStateSource();

/** Production collaborators. Creating them does nothing: no I/O until a command, flow or request runs. */
export const defaultDeps: PluginDeps = {
  // `@proxykit/health`'s `listServerModels` (GET <baseUrl>/v1/models), loaded when the auth flow asks.
  listProxyModels: async (baseUrl, options) =>
    (await import("./health-probe.ts")).listServerModels(baseUrl, options),
  proxyStateSource: () => currentProxyStateSource(probeSource),
  gateRequest,
};

/**
 * Everything the plugin registers. Synchronous and free of side effects: OpenClaw calls it several
 * times per process (registration modes `full`, `discovery`, `cli-metadata`, …), so it only hands
 * descriptions to the registrars; nothing is spawned, read or probed here. The supervision service
 * starts the proxy when the Gateway starts it (never from `register`).
 */
export function registerPlugin(api: OpenClawPluginApi, deps: PluginDeps = defaultDeps): void {
  const gateContext = (config: OpenClawConfig | undefined): GateContext => ({
    config,
    stateDir: () => api.runtime?.state?.resolveStateDir?.(),
    logger: api.logger,
  });
  const gateFor = (ctx: ProviderWrapStreamFnContext) => (check: RequestCheck) =>
    deps.gateRequest(check, gateContext(ctx.config ?? api.config));
  api.registerProvider(createProvider(deps, createStreamHook(gateFor)));
  api.registerService(createProxyService());
  const cli = createStatusCli(deps.proxyStateSource);
  api.registerCli(cli.registrar, cli.options);
  api.registerCommand(createStatusCommand(deps.proxyStateSource));
  if (allowsConversationAccess(api.config)) {
    // Optional: with `plugins.entries.anthropic-max-proxy.hooks.allowConversationAccess: true` the run is
    // refused before it starts, and OpenClaw shows our reason to the user ("Your message could not be
    // sent: anthropic-max-proxy: Claude is not logged in: run `claude login` …"). Without it the stream
    // gate refuses the request just as fast, but OpenClaw's reply shows only "Agent run failed" (the reason
    // is in `openclaw agent --json`'s meta.error.message and in the Gateway log). The hook reads no
    // conversation content: only the run's provider id.
    api.on("before_agent_run", async (_event, ctx) => {
      if (ctx.modelProviderId !== PROVIDER_ID) return undefined;
      // The current config: a change of the provider's baseUrl alone does not run `register` again.
      const config = (api.runtime?.config?.current?.() as OpenClawConfig | undefined) ?? api.config;
      const baseUrl = config.models?.providers?.[PROVIDER_ID]?.baseUrl;
      try {
        await deps.gateRequest({ baseUrl, signal: undefined }, gateContext(config));
        return undefined;
      } catch (error) {
        // By code, not by class: a hot reload can load the plugin's modules again, and the refusal may
        // come from a runtime created by the previous copy.
        const refusal = error as Partial<ProxyNotReadyError> | undefined;
        if (refusal?.code === PROXY_NOT_READY_CODE && typeof refusal.message === "string") {
          return {
            outcome: "block",
            reason: refusal.condition ?? "proxy-not-ready",
            message: refusal.message,
          };
        }
        // Anything else is our bug: let the run go on to the stream gate rather than block it blindly.
        api.logger.warn(`${PLUGIN_ID}: before_agent_run gate failed: ${String(error)}`);
        return undefined;
      }
    });
  }
}

/** `plugins.entries.anthropic-max-proxy.hooks.allowConversationAccess === true`, read without throwing. */
function allowsConversationAccess(config: OpenClawConfig | undefined): boolean {
  try {
    const entry = config?.plugins?.entries?.[PLUGIN_ID] as
      | { hooks?: { allowConversationAccess?: unknown } }
      | undefined;
    return entry?.hooks?.allowConversationAccess === true;
  } catch {
    return false;
  }
}
