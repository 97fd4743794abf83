/** Shown instead of a value that is or may be a secret. */
export const REDACTED = "<redacted>";

// Anthropic keys and OAuth tokens (`sk-ant-api…`, `sk-ant-oat…`) and other common bearer-token shapes.
const SECRET_VALUE =
  /sk-ant-|\b(?:sk|pk|rk|ghp|gho|ghs|xox[abprs])[-_][A-Za-z0-9_-]{16,}|\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/i;
const SECRET_KEY = /key|token|secret|passw|credential|auth|cookie|bearer/i;

/** True when a string looks like a credential (an Anthropic key/token, a JWT, a GitHub/Slack token…). */
export function looksLikeSecret(value: string): boolean {
  return SECRET_VALUE.test(value);
}

/** True when a key name suggests its value is a secret (`apiKey`, `MERIDIAN_API_KEY`, `token`…). */
export function isSecretKeyName(key: string): boolean {
  return SECRET_KEY.test(key);
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function sanitize(value: unknown, depth: number, secretContext: boolean): unknown {
  if (typeof value === "string")
    return secretContext || looksLikeSecret(value) ? REDACTED : truncate(value, 60);
  if (value === null || typeof value !== "object") return value;
  if (depth > 3) return Array.isArray(value) ? "[…]" : "{…}";
  if (Array.isArray(value)) return value.slice(0, 10).map((item) => sanitize(item, depth + 1, secretContext));
  const out: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value).slice(0, 10)) {
    out[key] = sanitize(entry, depth + 1, secretContext || isSecretKeyName(key));
  }
  return out;
}

/**
 * Renders a received value for an error message: JSON, at most `max` characters, with secrets
 * redacted (strings that look like credentials, values under secret-named keys). With `secretContext`
 * the whole value is redacted (use it for environment variables and secret-named keys).
 */
export function renderValue(value: unknown, options: { secretContext?: boolean; max?: number } = {}): string {
  const max = options.max ?? 80;
  if (value === undefined) return "nothing";
  if (options.secretContext) return REDACTED;
  if (typeof value === "number" || typeof value === "boolean" || value === null) return String(value);
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "function" || typeof value === "symbol") return typeof value;
  let rendered: string;
  try {
    rendered = JSON.stringify(sanitize(value, 0, false)) ?? String(value);
  } catch {
    rendered = Object.prototype.toString.call(value);
  }
  return truncate(rendered.replaceAll(`"${REDACTED}"`, REDACTED), max);
}
