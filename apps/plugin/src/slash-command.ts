import type { OpenClawPluginCommandDefinition } from "openclaw/plugin-sdk/plugin-entry";
import { PROVIDER_LABEL, SLASH_COMMAND } from "./constants.ts";
import type { ProxyStateSource } from "./proxy-state.ts";

/** `/maxproxy` in any chat: the same report as the CLI's `status`, answered without the model. */
export function createStatusCommand(stateSource: () => ProxyStateSource): OpenClawPluginCommandDefinition {
  return {
    name: SLASH_COMMAND,
    description: `${PROVIDER_LABEL}: proxy address, proxy state and fail-closed audit`,
    acceptsArgs: false,
    handler: async (ctx) => {
      const { collectStatus, formatStatus } = await import("./status.ts");
      const report = await collectStatus({ config: ctx.config, stateSource: stateSource() });
      return { text: formatStatus(report) };
    },
  };
}
