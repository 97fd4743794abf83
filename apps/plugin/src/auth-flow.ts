import { runSetupPrompts, type SetupPrompter, setupStart } from "@proxykit/config-schema";
import { buildProxySetupPatch, type JsonObject, toAuthConfigPatch } from "@proxykit/openclaw-config";
import type { ProviderAuthContext, ProviderAuthResult } from "openclaw/plugin-sdk/plugin-entry";
import { AUTH_PROFILE_ID, MODEL_ALIAS, PLUGIN_ID, PROVIDER_ID } from "./constants.ts";

/** What the auth flow needs from the outside world (a seam for tests). */
export interface AuthFlowDeps {
  /** Model ids a proxy at `baseUrl` lists, or `undefined` when nothing answers. */
  listProxyModels(baseUrl: string, options?: { signal?: AbortSignal }): Promise<string[] | undefined>;
}

/**
 * The `custom` auth method behind `openclaw models auth login --provider anthropic-max-proxy`.
 *
 * Asks config-schema's set-up questions (`runSetupPrompts`: host, port and model ids, each validated by
 * the plugin config's rules and re-asked until valid, and the models a proxy already running at that
 * address lists — the same questions the standalone CLI's `setup` asks) through OpenClaw's prompter, and
 * returns ONE config patch built by `buildProxySetupPatch` — the same builder the CLI uses: the provider
 * entry, the plugin's host/port (so the service and the requests use one address), the default model,
 * the `claude-max-proxy` alias and `fallbacks: []`. The credential is a placeholder the proxy ignores.
 */
export async function runAuthFlow(ctx: ProviderAuthContext, deps: AuthFlowDeps): Promise<ProviderAuthResult> {
  const start = setupStart(ctx.config, { providerId: PROVIDER_ID, pluginId: PLUGIN_ID });
  const { prompter } = ctx;
  const rendered: SetupPrompter = {
    text: ({ message, initialValue, placeholder, validate }) =>
      prompter.text({ message, initialValue, placeholder, validate }),
    select: ({ message, options, initialValue }) => prompter.select({ message, options, initialValue }),
    progress: (message) => prompter.progress(message),
  };
  const { host, port, models, baseUrl, listed } = await runSetupPrompts(rendered, {
    start,
    listModels: (url) => deps.listProxyModels(url, ctx.signal ? { signal: ctx.signal } : {}),
  });

  // `pluginConfig`: the plugin's host/port/models are written with the provider entry, so the service
  // (issue 8) and the requests use one address. `ctx.config`: an alias held by another model is removed.
  const patch = buildProxySetupPatch(
    {
      providerId: PROVIDER_ID,
      pluginId: PLUGIN_ID,
      host,
      port,
      models,
      pluginConfig: start.allowNonLoopback ? { allowNonLoopback: true } : true,
      allowNonLoopback: start.allowNonLoopback,
    },
    ctx.config as unknown as JsonObject,
  );
  const defaultModel = `${PROVIDER_ID}/${models[0]}`;
  return {
    profiles: [
      {
        profileId: AUTH_PROFILE_ID,
        credential: { type: "token", provider: PROVIDER_ID, token: placeholderToken(patch) },
      },
    ],
    // OpenClaw's auth-result merge deletes `undefined` keys and would store `null`: shape it for that merge.
    configPatch: toAuthConfigPatch(patch) as ProviderAuthResult["configPatch"],
    defaultModel,
    notes: [
      `Requests for ${PROVIDER_ID}/* go to ${baseUrl}; the proxy answers with your Claude Code login (\`claude login\`).`,
      `Default model ${defaultModel} (alias ${MODEL_ALIAS}), no fallbacks: if the proxy is down, requests fail instead of reaching another provider.`,
      listed
        ? `A proxy already runs at ${baseUrl}.`
        : `Nothing answers at ${baseUrl} yet: the Gateway starts the proxy when plugins.entries.${PLUGIN_ID}.config.autoStart is on (the default).`,
    ],
  };
}

/** The placeholder API key of the provider entry doubles as the profile's token: never a real secret. */
function placeholderToken(patch: unknown): string {
  const apiKey = (patch as { models?: { providers?: Record<string, { apiKey?: unknown }> } }).models
    ?.providers?.[PROVIDER_ID]?.apiKey;
  if (typeof apiKey !== "string" || apiKey.length === 0 || apiKey.includes("sk-ant-")) {
    throw new Error(`${PROVIDER_ID}: the provider entry has no usable placeholder apiKey`);
  }
  return apiKey;
}
