import * as z from "zod/mini";
import { issuesFromZod } from "./config-error.ts";
import { FIELD_DOCS, PLUGIN_CONFIG_KEYS, RESERVED_ENV } from "./field-docs.ts";
import { unwrapLazy } from "./lazy-schema.ts";
import { splitModelList } from "./model-list.ts";
import { parsePort } from "./numbers.ts";
import { pluginConfigSchema } from "./plugin-config.ts";

/**
 * A prompt validator as OpenClaw's `prompter.text({ validate })` and most prompt libraries take it:
 * `undefined` when the text is acceptable, otherwise the message to show.
 */
export type PromptValidator = (text: string) => string | undefined;

function firstProblem(key: "host" | "port" | "models", value: unknown, extra: Record<string, unknown> = {}) {
  const input = { [key]: value, ...extra };
  const result = z.safeParse(unwrapLazy(pluginConfigSchema), input, { reportInput: true });
  if (result.success) return undefined;
  const issue = issuesFromZod(result.error.issues, input, {
    docs: FIELD_DOCS,
    knownKeys: PLUGIN_CONFIG_KEYS,
    reservedEnv: RESERVED_ENV,
  }).find((candidate) => candidate.segments[0] === key);
  return issue ? `${issue.message}: ${issue.hint}` : undefined;
}

/** Validates a host typed at a prompt (trimmed), with the plugin config's loopback rule. */
export function validateHostText(options: { allowNonLoopback?: boolean } = {}): PromptValidator {
  return (text) =>
    firstProblem("host", text.trim(), options.allowNonLoopback === true ? { allowNonLoopback: true } : {});
}

/** Validates a port typed at a prompt: digits only, 1 to 65535. */
export const validatePortText: PromptValidator = (text) =>
  parsePort(text) === undefined ? `must be ${FIELD_DOCS.port.rule}: ${FIELD_DOCS.port.fix}` : undefined;

/** Validates a comma-separated model list typed at a prompt (non-empty, valid and unique ids). */
export const validateModelListText: PromptValidator = (text) => firstProblem("models", text);

/**
 * Parses a comma-separated model list typed at a prompt into the array the config holds; `undefined`
 * when `validateModelListText` would complain.
 */
export function parseModelListText(text: string): string[] | undefined {
  return validateModelListText(text) === undefined ? splitModelList(text) : undefined;
}
