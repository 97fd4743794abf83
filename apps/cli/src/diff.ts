/**
 * What a config change does, key by key, for people to read before it is written: objects are walked,
 * arrays and scalars compared whole. Long values are summarised; secrets are redacted.
 */
import {
  isSecretKeyName,
  looksLikeSecret,
  PROXY_API_KEY_PLACEHOLDER,
  REDACTED,
} from "@proxykit/config-schema";

/** One changed leaf; `before`/`after` strings that are or may be secrets are {@link REDACTED}. */
export interface ConfigChange {
  /** `agents.defaults.model.fallbacks`, with `["…"]` for keys that are not identifiers. */
  path: string;
  kind: "add" | "remove" | "change";
  before?: unknown;
  after?: unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function join(path: string, key: string): string {
  const segment = /^[A-Za-z_$][\w$-]*$/.test(key) ? key : JSON.stringify(key);
  if (path === "") return segment.startsWith('"') ? `[${segment}]` : segment;
  return segment.startsWith('"') ? `${path}[${segment}]` : `${path}.${segment}`;
}

/** A key whose value (and everything under it) may be a secret: `apiKey`, `token`, `headers`, `env`… */
function secretKey(key: string): boolean {
  return isSecretKeyName(key) || key === "headers" || key === "env";
}

/**
 * `value` with its secret strings replaced by {@link REDACTED}: every string in a secret context (under a
 * secret-named key), and any string that looks like a credential. The proxy's placeholder key is public.
 */
function redact(value: unknown, secret: boolean): unknown {
  if (typeof value === "string")
    return value !== PROXY_API_KEY_PLACEHOLDER && (secret || looksLikeSecret(value)) ? REDACTED : value;
  if (Array.isArray(value)) return value.map((item) => redact(item, secret));
  if (isRecord(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([key, child]) => [key, redact(child, secret || secretKey(key))]),
    );
  }
  return value;
}

/** Every leaf of a value (objects walked; arrays and scalars are leaves), with its path, redacted. */
function leaves(value: unknown, path: string, secret: boolean): Array<[string, unknown]> {
  if (isRecord(value) && Object.keys(value).length > 0) {
    return Object.entries(value).flatMap(([key, child]) =>
      leaves(child, join(path, key), secret || secretKey(key)),
    );
  }
  return [[path, redact(value, secret)]];
}

/**
 * The leaves that differ between `before` and `after`, in key order. Compared as they are, reported
 * redacted: a key already in the file must not reach the terminal or `--json`.
 */
export function diffConfig(before: unknown, after: unknown, path = "", secret = false): ConfigChange[] {
  if (isRecord(before) && isRecord(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((key): ConfigChange[] => {
      const next = join(path, key);
      const inner = secret || secretKey(key);
      if (!(key in after))
        return leaves(before[key], next, inner).map(([p, v]) => ({ path: p, kind: "remove", before: v }));
      if (!(key in before))
        return leaves(after[key], next, inner).map(([p, v]) => ({ path: p, kind: "add", after: v }));
      return diffConfig(before[key], after[key], next, inner);
    });
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  return [
    { path: path || "(root)", kind: "change", before: redact(before, secret), after: redact(after, secret) },
  ];
}

/** A value for one line: JSON, or a summary when it is long. */
export function summarize(value: unknown, max = 100): string {
  const text = JSON.stringify(value);
  if (text === undefined) return String(value);
  if (text.length <= max) return text;
  if (Array.isArray(value)) return `[${value.length} item${value.length === 1 ? "" : "s"}]`;
  if (isRecord(value)) {
    const keys = Object.keys(value);
    return `{ ${keys.slice(0, 4).join(", ")}${keys.length > 4 ? ", …" : ""} }`;
  }
  return `${text.slice(0, max - 1)}…`;
}

/** `+ path: value`, `- path: value`, `~ path: before → after`. */
export function formatChange(change: ConfigChange): string {
  switch (change.kind) {
    case "add":
      return `+ ${change.path}: ${summarize(change.after)}`;
    case "remove":
      return `- ${change.path}: ${summarize(change.before)}`;
    default:
      return `~ ${change.path}: ${summarize(change.before)} → ${summarize(change.after)}`;
  }
}
