import { definePluginEntry } from "openclaw/plugin-sdk/plugin-entry";
import { PLUGIN_ID, PROVIDER_LABEL } from "./constants.ts";
import { registerPlugin } from "./register.ts";

/**
 * The OpenClaw plugin `anthropic-max-proxy`: a provider that routes Claude models through a local,
 * Anthropic-compatible proxy using your Claude Code login, with its auth flow, the wire model id
 * rewrite, `openclaw anthropic-max-proxy status` and the `/maxproxy` chat command.
 */
export default definePluginEntry({
  id: PLUGIN_ID,
  name: PROVIDER_LABEL,
  description:
    "Route Claude models through a local proxy that uses your Claude Code login (Meridian / opencode-claude-max-proxy), fail-closed.",
  register: (api) => registerPlugin(api),
});
