/**
 * What a config change does, key by key, for people to read before it is written: objects are walked,
 * arrays and scalars compared whole. Long values are summarised.
 */

/** One changed leaf. */
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

/** Every leaf of a value (objects walked; arrays and scalars are leaves), with its path. */
function leaves(value: unknown, path: string): Array<[string, unknown]> {
  if (isRecord(value) && Object.keys(value).length > 0) {
    return Object.entries(value).flatMap(([key, child]) => leaves(child, join(path, key)));
  }
  return [[path, value]];
}

/** The leaves that differ between `before` and `after`, in key order. */
export function diffConfig(before: unknown, after: unknown, path = ""): ConfigChange[] {
  if (isRecord(before) && isRecord(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((key): ConfigChange[] => {
      const next = join(path, key);
      if (!(key in after))
        return leaves(before[key], next).map(([p, v]) => ({ path: p, kind: "remove", before: v }));
      if (!(key in before))
        return leaves(after[key], next).map(([p, v]) => ({ path: p, kind: "add", after: v }));
      return diffConfig(before[key], after[key], next);
    });
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  return [{ path: path || "(root)", kind: "change", before, after }];
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
