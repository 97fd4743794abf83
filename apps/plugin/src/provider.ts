import type { ProviderPlugin, ProviderWrapStreamFnContext } from "openclaw/plugin-sdk/plugin-entry";
import type { AuthFlowDeps } from "./auth-flow.ts";
import { AUTH_METHOD_ID, PLUGIN_ID, PROVIDER_ID, PROVIDER_LABEL } from "./constants.ts";
import { wireModelIdHook } from "./wire-model-id.ts";

type StreamHook = NonNullable<ProviderPlugin["wrapStreamFn"]>;

/**
 * The `anthropic-max-proxy` provider. Requests themselves go from OpenClaw's `anthropic-messages`
 * transport straight to the proxy at `models.providers.anthropic-max-proxy.baseUrl`: the plugin is not
 * on the data path. It contributes the auth flow and a stream hook (`streamHook`: the fail-fast gate and
 * the wire model id rewrite, applied just before a request is sent).
 */
export function createProvider(
  deps: AuthFlowDeps,
  streamHook: (ctx: ProviderWrapStreamFnContext) => ReturnType<StreamHook> = wireModelIdHook,
): ProviderPlugin {
  return {
    id: PROVIDER_ID,
    label: PROVIDER_LABEL,
    auth: [
      {
        id: AUTH_METHOD_ID,
        label: "Local Claude Max proxy",
        hint: "Proxy host, port and model ids; uses your Claude Code login",
        kind: "custom",
        // Loaded on use: the flow pulls in the config schemas, which the Gateway need not evaluate at start-up.
        run: async (ctx) => (await import("./auth-flow.ts")).runAuthFlow(ctx, deps),
      },
    ],
    wizard: {
      setup: {
        choiceId: PROVIDER_ID,
        choiceLabel: PROVIDER_LABEL,
        choiceHint: "Local proxy that uses your Claude Code login",
        methodId: AUTH_METHOD_ID,
        groupId: PROVIDER_ID,
        groupLabel: PROVIDER_LABEL,
      },
    },
    // Before a request leaves: refused with the reason while the proxy is not ready (never sent
    // elsewhere), and `/model anthropic-max-proxy/claude-opus-4.6` stays the user's id everywhere in
    // OpenClaw while the Messages request carries the canonical Anthropic id (`claude-opus-4-6`).
    wrapStreamFn: streamHook,
    wrapSimpleCompletionStreamFn: streamHook,
    buildUnknownModelHint: ({ modelId }) =>
      `${PROVIDER_ID} serves the model ids listed in models.providers.${PROVIDER_ID}.models; ` +
      `add "${modelId}" there or run \`openclaw models auth login --provider ${PROVIDER_ID}\` ` +
      `(plugin ${PLUGIN_ID}).`,
  };
}
