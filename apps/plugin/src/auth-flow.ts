import { DEFAULT_PLUGIN_CONFIG, proxyBaseUrl, resolveProxyAddress } from "@proxykit/config-schema";
import { buildProxySetupPatch, type JsonObject, toAuthConfigPatch } from "@proxykit/openclaw-config";
import type { ProviderAuthContext, ProviderAuthResult } from "openclaw/plugin-sdk/plugin-entry";
import { AUTH_PROFILE_ID, MODEL_ALIAS, PLUGIN_ID, PROVIDER_ID } from "./constants.ts";
import { createPromptValidators, parseModelIdsInput, parsePortInput } from "./prompt-validation.ts";

/** What the auth flow needs from the outside world (a seam for tests). */
export interface AuthFlowDeps {
  /** Model ids a proxy at `baseUrl` lists, or `undefined` when nothing answers. */
  listProxyModels(baseUrl: string, options?: { signal?: AbortSignal }): Promise<string[] | undefined>;
}

type ModelChoice = "defaults" | "proxy";

/**
 * The `custom` auth method behind `openclaw models auth login --provider anthropic-max-proxy`.
 *
 * Prompts the proxy host, port and model ids (each validated by config-schema, re-asked until valid),
 * offers the models a proxy already running at that address lists, and returns ONE config patch built
 * by `buildProxySetupPatch` — the same builder the standalone CLI's `setup` uses: the provider entry,
 * the plugin's host/port (so the service and the requests use one address), the default model,
 * the `claude-max-proxy` alias and `fallbacks: []`. The credential is a placeholder the proxy ignores.
 */
export async function runAuthFlow(ctx: ProviderAuthContext, deps: AuthFlowDeps): Promise<ProviderAuthResult> {
  const current = currentValues(ctx);
  const validate = createPromptValidators(current.allowNonLoopback);
  const { prompter } = ctx;

  const host = (
    await prompter.text({
      message: "Proxy host",
      initialValue: current.host,
      placeholder: DEFAULT_PLUGIN_CONFIG.host,
      validate: validate.host,
    })
  ).trim();
  const port = parsePortInput(
    await prompter.text({
      message: "Proxy port",
      initialValue: String(current.port),
      placeholder: String(DEFAULT_PLUGIN_CONFIG.port),
      validate: validate.port,
    }),
  );

  const baseUrl = proxyBaseUrl(host, port);
  const spinner = prompter.progress(`Looking for a proxy at ${baseUrl}`);
  const listed = await deps.listProxyModels(baseUrl, ctx.signal ? { signal: ctx.signal } : {});
  spinner.stop(listed ? `A proxy answers at ${baseUrl}` : `No proxy answers at ${baseUrl} yet`);

  let initialModels = current.models;
  if (listed) {
    const choice = await prompter.select<ModelChoice>({
      message: `The proxy lists ${listed.length} model${listed.length === 1 ? "" : "s"}. Which model ids?`,
      options: [
        { value: "defaults", label: `Keep: ${current.models.join(", ")}` },
        { value: "proxy", label: `The proxy's: ${listed.join(", ")}` },
      ],
      initialValue: "defaults",
    });
    if (choice === "proxy") initialModels = listed;
  }

  const models = parseModelIdsInput(
    await prompter.text({
      message: "Model IDs (comma-separated; the first is the default)",
      initialValue: initialModels.join(", "),
      placeholder: DEFAULT_PLUGIN_CONFIG.models.join(", "),
      validate: validate.models,
    }),
  );

  // `pluginConfig`: the plugin's host/port/models are written with the provider entry, so the service
  // (issue 8) and the requests use one address. `ctx.config`: an alias held by another model is removed.
  const patch = buildProxySetupPatch(
    {
      providerId: PROVIDER_ID,
      pluginId: PLUGIN_ID,
      host,
      port,
      models,
      pluginConfig: current.allowNonLoopback ? { allowNonLoopback: true } : true,
      allowNonLoopback: current.allowNonLoopback,
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

interface CurrentValues {
  host: string;
  port: number;
  models: string[];
  allowNonLoopback: boolean;
}

/** Pre-fill with what the config already says (a re-run keeps the user's address and models), else the defaults. */
function currentValues(ctx: ProviderAuthContext): CurrentValues {
  const address = resolveProxyAddress(ctx.config);
  const saved = (
    ctx.config?.plugins?.entries?.[PLUGIN_ID] as { config?: { allowNonLoopback?: unknown } } | undefined
  )?.config;
  const allowNonLoopback = saved?.allowNonLoopback === true;
  const validate = createPromptValidators(allowNonLoopback);
  const usable = !validate.host(address.host) && !validate.port(String(address.port));
  const configured = ctx.config?.models?.providers?.[PROVIDER_ID]?.models
    ?.map((model) => model.id)
    .filter((id): id is string => typeof id === "string");
  return {
    host: usable ? address.host : DEFAULT_PLUGIN_CONFIG.host,
    port: usable ? address.port : DEFAULT_PLUGIN_CONFIG.port,
    models: configured && configured.length > 0 ? configured : [...DEFAULT_PLUGIN_CONFIG.models],
    allowNonLoopback,
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
