/** Plugin id: the key under `plugins.entries` and the manifest `id`. */
export const PLUGIN_ID = "anthropic-max-proxy";
/** Provider id: the prefix of model refs (`anthropic-max-proxy/claude-opus-4.6`). */
export const PROVIDER_ID = "anthropic-max-proxy";
/** Human label shown by `/model`, `openclaw models list` and the auth picker. */
export const PROVIDER_LABEL = "Anthropic Max Proxy";
/** Id of the one auth method (`openclaw models auth login --provider anthropic-max-proxy --method local`). */
export const AUTH_METHOD_ID = "local";
/** Auth profile id the auth flow stores (a placeholder credential: the proxy owns the real login). */
export const AUTH_PROFILE_ID = `${PROVIDER_ID}:local`;
/** Alias written by the auth flow for the default model. */
export const MODEL_ALIAS = "claude-max-proxy";
/** Root CLI command: `openclaw anthropic-max-proxy status`. */
export const CLI_ROOT = "anthropic-max-proxy";
/** Chat slash command: `/maxproxy`. */
export const SLASH_COMMAND = "maxproxy";
/** Prefix of every log line and user-facing reason. */
export const LOG_PREFIX = `${PLUGIN_ID}:`;

/** Parse-time CLI descriptor: keeps the command lazy and listed in `openclaw --help` (also the manifest's `cliCommands`). */
export const CLI_DESCRIPTOR = {
  name: CLI_ROOT,
  description: `${PROVIDER_LABEL}: status of the local Claude proxy and the fail-closed audit`,
  hasSubcommands: true,
} as const;

/**
 * The most SIGTERM grace the Gateway's service gives the proxy (its `stopTimeoutMs` is capped to this).
 * OpenClaw allows a plugin service 5 s to stop on a reload (`PLUGIN_SERVICE_REPLACEMENT_STOP_TIMEOUT_MS`)
 * and counts a longer stop as a failed reload; grace + SIGKILL + the port check must fit in it.
 */
export const SERVICE_STOP_GRACE_MS = 3_000;
