/**
 * The plugin's identity as OpenClaw knows it, from `@proxykit/openclaw-config` (the same constants the
 * plugin's auth flow and the setup patch use).
 */
import { PROXY_MODEL_ALIAS, PROXY_PROVIDER_ID } from "@proxykit/openclaw-config";

/** Provider id: the prefix of model refs (`anthropic-max-proxy/claude-opus-4.6`). */
export const PROVIDER_ID: string = PROXY_PROVIDER_ID;
/** Plugin id: the key under `plugins.entries` (the same as the provider id). */
export const PLUGIN_ID: string = PROXY_PROVIDER_ID;
/** The alias the setup writes for the default model. */
export const MODEL_ALIAS: string = PROXY_MODEL_ALIAS;
/** The plugin's npm package. */
export const PLUGIN_PACKAGE = "openclaw-anthropic-max-proxy";
