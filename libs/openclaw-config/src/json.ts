/** A JSON value as OpenClaw's config holds it (after JSON5 parsing). */
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
/** A JSON object. */
export interface JsonObject {
  [key: string]: JsonValue;
}

/** True for a plain object (not null, not an array). */
export function isRecord(value: unknown): value is JsonObject {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Deep structural equality for JSON values; key order does not matter. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, index) => jsonEqual(item, b[index]));
  }
  if (isRecord(a)) {
    if (!isRecord(b)) return false;
    const aKeys = Object.keys(a);
    if (aKeys.length !== Object.keys(b).length) return false;
    return aKeys.every((key) => Object.hasOwn(b, key) && jsonEqual(a[key], b[key]));
  }
  return typeof a === "number" && typeof b === "number" && Number.isNaN(a) && Number.isNaN(b);
}

/** Reads `root[path[0]][path[1]]…`, own properties only. */
export function getAtPath(root: unknown, path: readonly string[]): { found: boolean; value?: JsonValue } {
  let current: unknown = root;
  for (const segment of path) {
    if (!isRecord(current) || !Object.hasOwn(current, segment)) return { found: false };
    current = current[segment];
  }
  return { found: true, value: current as JsonValue };
}

/** Formats a key path the way OpenClaw's validator prints it: dots, brackets for keys that need them. */
export function formatPath(path: readonly string[]): string {
  if (path.length === 0) return "<root>";
  return path
    .map((segment, index) => {
      if (/^[A-Za-z_$][\w$-]*$/.test(segment)) return index === 0 ? segment : `.${segment}`;
      return `[${JSON.stringify(segment)}]`;
    })
    .join("");
}
