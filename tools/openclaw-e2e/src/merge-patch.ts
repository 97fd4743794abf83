type Json = unknown;

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * JSON Merge Patch (RFC 7396), OpenClaw's own rule for config patches: objects merge key by key,
 * arrays and scalars replace, `null` deletes. Returns a new value; inputs are not modified.
 */
export function applyMergePatch<T>(target: T, patch: Json): T {
  if (!isObject(patch)) return structuredClone(patch) as T;
  const result: Record<string, Json> = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = applyMergePatch(result[key], value);
  }
  return result as T;
}
