import { safeParsePluginConfig } from "@proxykit/config-schema";

/**
 * Validators for the auth-flow prompts. Each returns `undefined` when the value is good, else one line
 * naming the key and the fix, taken from config-schema (the same rules the Gateway applies to
 * `plugins.entries.anthropic-max-proxy.config`), so the prompt and the config can never disagree.
 */
export function validateHostInput(value: string): string | undefined {
  return firstIssue({ host: value.trim() });
}

/** Port typed as text: an integer string is checked as a number, anything else is reported as typed. */
export function validatePortInput(value: string): string | undefined {
  return firstIssue({ port: portValue(value) });
}

/** Model ids typed as one line: comma, space or newline separated. */
export function validateModelIdsInput(value: string): string | undefined {
  const models = parseModelIdsInput(value);
  if (models.length === 0) return "models: enter at least one model id, e.g. claude-opus-4.6";
  return firstIssue({ models });
}

/** `"3456"` → 3456. Call only after `validatePortInput` accepted the value. */
export function parsePortInput(value: string): number {
  return Number(value.trim());
}

/** `"a, b\nc"` → `["a", "b", "c"]`, duplicates removed, order kept. */
export function parseModelIdsInput(value: string): string[] {
  return [
    ...new Set(
      value
        .split(/[\s,]+/)
        .map((part) => part.trim())
        .filter((part) => part.length > 0),
    ),
  ];
}

function portValue(value: string): unknown {
  const trimmed = value.trim();
  return /^-?\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
}

function firstIssue(partial: Record<string, unknown>): string | undefined {
  const result = safeParsePluginConfig(partial);
  if (result.success) return undefined;
  const issue = result.error.issues[0];
  if (!issue) return result.error.toOneLine();
  const key = issue.path.join(".") || Object.keys(partial)[0];
  const hint = issue.hint ? ` (${issue.hint})` : "";
  return `${key}: ${issue.message}${hint}`;
}
