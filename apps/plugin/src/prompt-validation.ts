import {
  parseModelListText,
  validateHostText,
  validateModelListText,
  validatePortText,
} from "@proxykit/config-schema";

/**
 * Validators for the auth-flow prompts. Each returns `undefined` when the value is good, else one line
 * naming the key and the fix. The rules and messages are config-schema's — the same rules the Gateway
 * applies to `plugins.entries.anthropic-max-proxy.config` — so a prompt and the config never disagree.
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
  const host = validateHostText({ allowNonLoopback });
  return {
    host: (value) => named("host", host(value)),
    port: (value) => named("port", validatePortText(value)),
    models: (value) => named("models", validateModelListText(value)),
  };
}

/** `"3456"` → 3456. Call only after the port validator accepted the value. */
export function parsePortInput(value: string): number {
  return Number(value.trim());
}

/** `"a, b,c"` → `["a", "b", "c"]`. Call only after the models validator accepted the value. */
export function parseModelIdsInput(value: string): string[] {
  const models = parseModelListText(value);
  if (!models) throw new Error(`not a valid model list: ${value}`);
  return models;
}

// Prompt messages start with the config key they are about, like the Gateway's config errors.
function named(key: string, message: string | undefined): string | undefined {
  if (message === undefined) return undefined;
  return message.startsWith(`${key}:`) || message.startsWith(`${key} `) ? message : `${key}: ${message}`;
}
