import {
  AUTH_METHOD_ID,
  CLI_DESCRIPTOR,
  PLUGIN_ID,
  PROVIDER_ID,
  PROVIDER_LABEL,
  SLASH_COMMAND,
} from "./constants.ts";

/** The parts of `openclaw.plugin.json` that come from config-schema at build time. */
export interface ManifestInputs {
  version: string;
  /** Strict JSON Schema of `plugins.entries.anthropic-max-proxy.config` (config-schema's `pluginConfigJsonSchema()`). */
  configSchema: object;
  /** `{ "<key>": { label, help, placeholder?, advanced? } }` for every config key. */
  uiHints: object;
}

/**
 * `openclaw.plugin.json`. OpenClaw reads it without loading the plugin: `activation.onStartup` lets the
 * Gateway start the plugin's service (issue 8), `providers` and `providerAuthChoices` put the provider
 * and its auth flow in `models auth login` and onboarding, `cliCommands`/`commandAliases` advertise
 * `openclaw anthropic-max-proxy` and `/maxproxy`, and `configSchema` makes the Gateway refuse an unknown
 * key or an out-of-range value under `plugins.entries.anthropic-max-proxy.config`.
 */
export function buildManifest(inputs: ManifestInputs) {
  return {
    id: PLUGIN_ID,
    name: PROVIDER_LABEL,
    description:
      "Routes Claude models through a local Anthropic-compatible proxy that uses your Claude Code login " +
      "(Meridian, formerly opencode-claude-max-proxy); starts and supervises it; fail-closed.",
    version: inputs.version,
    categories: ["models"],
    providers: [PROVIDER_ID],
    activation: { onStartup: true },
    providerAuthChoices: [
      {
        provider: PROVIDER_ID,
        method: AUTH_METHOD_ID,
        choiceId: PROVIDER_ID,
        choiceLabel: PROVIDER_LABEL,
        choiceHint: "Local proxy that uses your Claude Code login",
        groupId: PROVIDER_ID,
        groupLabel: PROVIDER_LABEL,
        groupHint: "Claude Max / Pro through a local proxy",
      },
    ],
    cliCommands: [CLI_DESCRIPTOR],
    commandAliases: [{ name: SLASH_COMMAND, kind: "runtime-slash", cliCommand: CLI_DESCRIPTOR.name }],
    uiHints: inputs.uiHints,
    configSchema: inputs.configSchema,
  };
}
