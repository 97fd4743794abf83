/**
 * The plugin's identity as OpenClaw knows it. The same values as the plugin's own constants
 * (`apps/plugin/src/constants.ts`); an app cannot import another app, so they are restated here and an
 * end-to-end test against the built plugin fails if they ever drift.
 */

/** Plugin id: the key under `plugins.entries`. */
export const PLUGIN_ID = "anthropic-max-proxy";
/** Provider id: the prefix of model refs (`anthropic-max-proxy/claude-opus-4.6`). */
export const PROVIDER_ID = "anthropic-max-proxy";
/** The alias the setup writes for the default model. */
export const MODEL_ALIAS = "claude-max-proxy";
/** npm package of the plugin. */
export const PLUGIN_PACKAGE = "openclaw-anthropic-max-proxy";
