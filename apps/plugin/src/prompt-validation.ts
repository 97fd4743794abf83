import { safeParsePluginConfig } from "@proxykit/config-schema";

/**
 * Validators for the auth-flow prompts. Each returns `undefined` when the value is good, else one line
 * naming the key and the fix, taken from config-schema — the same rules the Gateway applies to
 * `plugins.entries.anthropic-max-proxy.config` — so a prompt and the config can never disagree.
 */
export interface PromptValidators {
  host(value: string): string | undefined;
  port(value: string): string | undefined;
  models(value: string): string | undefined;
}

/**
 * @param allowNonLoopback the config's `allowNonLoopback`: without it only loopback hosts are accepted
 * (the proxy answers with the user's Claude login to whoever reaches it).
 */
export function createPromptValidators(allowNonLoopback = false): PromptValidators {
  return {
    host: (value) => firstIssue({ host: value.trim(), allowNonLoopback }),
    port: (value) => firstIssue({ port: portValue(value) }),
    models: (value) =>
      parseModelIdsInput(value).length === 0
        ? "models: enter at least one model id, e.g. claude-opus-4.6"
        : firstIssue({ models: value }),
  };
}

/** `"3456"` → 3456. Call only after the port validator accepted the value. */
export function parsePortInput(value: string): number {
  return Number(value.trim());
}

/** `"a, b,c"` → `["a", "b", "c"]`: comma separated, items trimmed, empty items dropped, order kept. */
export function parseModelIdsInput(value: string): string[] {
  return value
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}

// Digits are checked as a number (so the range message applies); anything else as typed (so the
// message says what was typed).
function portValue(value: string): unknown {
  const trimmed = value.trim();
  return /^-?\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
}

function firstIssue(partial: Record<string, unknown>): string | undefined {
  const result = safeParsePluginConfig(partial);
  if (result.success) return undefined;
  const issue = result.error.issues[0];
  return issue ? result.error.issueToOneLine(issue) : result.error.toOneLine();
}
