import { OpenClawConfigError } from "./errors.ts";
import { formatPath, getAtPath, isRecord, type JsonObject, type JsonValue } from "./json.ts";

/**
 * A config-shaped patch: objects merge recursively, arrays and scalars replace, `null` deletes the path.
 * (Same input as `openclaw config patch --file`.)
 */
export type ConfigPatch = { [key: string]: ConfigPatchValue };
/** A value inside a {@link ConfigPatch}. */
export type ConfigPatchValue = JsonValue | ConfigPatch;

/** Options of {@link applyMergePatch}. */
export interface MergeOptions {
  /**
   * Key paths whose value replaces the target whole instead of merging into it (OpenClaw's
   * `config patch --replace-path`); also lifts the guard against dropping entries of
   * `models.providers.<id>.models`. Each path is an array of keys, e.g. `["models","providers","x","models"]`.
   */
  replacePaths?: ReadonlyArray<readonly string[]>;
}

/** One change a patch makes, in patch order (what {@link applyMergePatch} did, for lossless editing). */
export interface MergeOperation {
  kind: "set" | "delete" | "ensure-object";
  path: string[];
}

const BLOCKED_KEYS = new Set(["__proto__", "prototype", "constructor"]);

/**
 * Applies `patch` to `config` with OpenClaw's `config patch` rules and returns a new object (inputs are not
 * modified):
 * - objects merge recursively; arrays and scalars replace the target; `null` deletes the target path;
 * - a patch object creates missing parents and replaces a scalar in its way, but a `null`-only sub-patch creates
 *   nothing (OpenClaw turns `null` into "unset this path", a no-op when the path is absent);
 * - an empty object `{}` ensures an object is there (kept when present);
 * - a SecretRef object (`{ source, provider?, id }`) replaces the target whole;
 * - merging an object into an existing array or `{}` into a scalar is refused (`MERGE_CONFLICT`), as OpenClaw does;
 * - replacing `models.providers.<id>.models` with an array that drops existing model ids is refused
 *   (`DESTRUCTIVE_REPLACEMENT`) unless the path is in `replacePaths`.
 */
export function applyMergePatch(
  config: JsonObject,
  patch: ConfigPatch,
  options: MergeOptions = {},
): JsonObject {
  return applyMergePatchWithOperations(config, patch, options).result;
}

/** {@link applyMergePatch}, also returning the list of operations (used by the lossless writer). */
export function applyMergePatchWithOperations(
  config: JsonObject,
  patch: ConfigPatch,
  options: MergeOptions = {},
): { result: JsonObject; operations: MergeOperation[] } {
  if (!isRecord(patch)) {
    throw new OpenClawConfigError("INVALID_PATCH", "a config patch must be a JSON object ({ … }).");
  }
  assertJsonPatch(patch, []);
  const root = structuredClone(config);
  const operations: MergeOperation[] = [];
  const replaceKeys = new Set((options.replacePaths ?? []).map((path) => JSON.stringify(path)));
  const matchedReplace = new Set<string>();
  const visit = (value: ConfigPatchValue, path: string[]): void => {
    const key = path.at(-1);
    if (key !== undefined && BLOCKED_KEYS.has(key)) {
      throw new OpenClawConfigError(
        "INVALID_PATCH",
        `invalid key ${JSON.stringify(key)} at ${formatPath(path)}.`,
      );
    }
    const pathKey = JSON.stringify(path);
    if (path.length > 0 && replaceKeys.has(pathKey)) {
      matchedReplace.add(pathKey);
      if (value === null) deleteAt(root, path, operations);
      else setAt(root, path, structuredClone(value) as JsonValue, operations);
      return;
    }
    if (path.length > 0 && value === null) {
      deleteAt(root, path, operations);
      return;
    }
    if (path.length > 0 && isSecretRefLike(value)) {
      setAt(root, path, structuredClone(value) as JsonValue, operations);
      return;
    }
    if (isRecord(value)) {
      const entries = Object.entries(value);
      if (path.length > 0 && entries.length === 0) {
        ensureObjectAt(root, path, operations);
        return;
      }
      for (const [childKey, child] of entries) visit(child, [...path, childKey]);
      return;
    }
    assertNonDestructiveReplacement(root, path, value as JsonValue);
    setAt(root, path, structuredClone(value) as JsonValue, operations);
  };
  visit(patch, []);
  const unused = [...replaceKeys].find((key) => !matchedReplace.has(key));
  if (unused) {
    throw new OpenClawConfigError(
      "INVALID_PATCH",
      `replace path ${formatPath(JSON.parse(unused) as string[])} does not match any value in the patch.`,
    );
  }
  return { result: root, operations };
}

/**
 * Refuses anything JSON cannot hold, anywhere in the patch, before anything is merged: `undefined` would
 * otherwise drop the key when the file is written (a silent deletion, and with `allowFormattingLoss` the
 * comments go too); functions, symbols and bigints cannot be written; non-finite numbers become `null`.
 */
function assertJsonPatch(value: unknown, path: string[], inArray = false): void {
  const problem = notJson(value, inArray);
  if (problem) throw new OpenClawConfigError("INVALID_PATCH", `${formatPath(path)}: ${problem}.`);
  if (Array.isArray(value)) {
    // By index, not forEach: a hole in a sparse array is an undefined item too.
    for (let index = 0; index < value.length; index += 1)
      assertJsonPatch(value[index], [...path, String(index)], true);
  } else if (isRecord(value)) {
    for (const [key, child] of Object.entries(value)) assertJsonPatch(child, [...path, key]);
  }
}

/** Why `value` is not a JSON value, or `undefined` when it is one. */
function notJson(value: unknown, inArray: boolean): string | undefined {
  switch (typeof value) {
    case "undefined":
      return inArray
        ? "undefined is not a JSON value; remove the item or use null"
        : "undefined is not a JSON value; use null to delete it";
    case "function":
    case "symbol":
    case "bigint":
      return `a ${typeof value} is not a JSON value`;
    case "number":
      return Number.isFinite(value) ? undefined : `${value} is not a JSON value (numbers must be finite)`;
    case "object": {
      if (value === null || Array.isArray(value)) return undefined;
      const prototype = Object.getPrototypeOf(value);
      return prototype === Object.prototype || prototype === null
        ? undefined
        : `a ${prototype?.constructor?.name ?? "non-plain"} object is not a JSON value`;
    }
    default:
      return undefined;
  }
}

/** OpenClaw's `coerceSecretRef` shapes for objects: `{ source, provider, id }` exactly, or `{ source, id }`. */
function isSecretRefLike(value: unknown): boolean {
  if (!isRecord(value)) return false;
  const sourceOk =
    value.source === "env" || value.source === "file" || value.source === "exec" || value.source === "store";
  const idOk = typeof value.id === "string" && value.id.trim().length > 0;
  if (!sourceOk || !idOk) return false;
  const keys = Object.keys(value).length;
  if (keys === 3) return typeof value.provider === "string" && value.provider.trim().length > 0;
  return value.provider === undefined;
}

function conflict(path: string[], what: string): OpenClawConfigError {
  return new OpenClawConfigError(
    "MERGE_CONFLICT",
    `cannot merge into ${formatPath(path)}: ${what}. Replace it explicitly (list the path in replacePaths) or delete it first with null.`,
  );
}

/** Walks to the parent of `path`, creating objects for missing or scalar intermediates (OpenClaw's setAtPath). */
function parentFor(root: JsonObject, path: string[], create: boolean): JsonObject | undefined {
  let current: JsonObject = root;
  for (const [index, segment] of path.slice(0, -1).entries()) {
    const existing = Object.hasOwn(current, segment) ? current[segment] : undefined;
    if (Array.isArray(existing))
      throw conflict(path.slice(0, index + 1), "it is an array, the patch has an object");
    if (!isRecord(existing)) {
      if (!create) return undefined;
      current[segment] = {};
    }
    current = current[segment] as JsonObject;
  }
  return current;
}

function setAt(root: JsonObject, path: string[], value: JsonValue, operations: MergeOperation[]): void {
  const parent = parentFor(root, path, true) as JsonObject;
  parent[path.at(-1) as string] = value;
  operations.push({ kind: "set", path });
}

function deleteAt(root: JsonObject, path: string[], operations: MergeOperation[]): void {
  let current: JsonValue = root;
  for (const [index, segment] of path.entries()) {
    if (Array.isArray(current)) {
      // OpenClaw would address an element by a numeric key (and splice it); we refuse rather than guess.
      if (/^\d+$/.test(segment))
        throw conflict(path.slice(0, index), "it is an array, the patch addresses an element");
      return;
    }
    if (!isRecord(current) || !Object.hasOwn(current, segment)) return;
    if (index === path.length - 1) {
      delete current[segment];
      operations.push({ kind: "delete", path });
      return;
    }
    current = current[segment] as JsonValue;
  }
}

function ensureObjectAt(root: JsonObject, path: string[], operations: MergeOperation[]): void {
  const existing = getAtPath(root, path);
  if (existing.found) {
    if (isRecord(existing.value)) return;
    throw conflict(path, `it holds ${describe(existing.value)}, the patch has {}`);
  }
  const parent = parentFor(root, path, true) as JsonObject;
  parent[path.at(-1) as string] = {};
  operations.push({ kind: "ensure-object", path });
}

function describe(value: JsonValue | undefined): string {
  if (Array.isArray(value)) return "an array";
  if (value === null) return "null";
  return `a ${typeof value}`;
}

function modelIds(value: unknown): Set<string> | null {
  if (!Array.isArray(value)) return null;
  const ids = new Set<string>();
  for (const entry of value) {
    if (!isRecord(entry) || typeof entry.id !== "string" || !entry.id.trim()) return null;
    ids.add(entry.id.trim());
  }
  return ids;
}

/** OpenClaw refuses to replace a provider's model list with one that drops existing ids. */
function assertNonDestructiveReplacement(root: JsonObject, path: string[], value: JsonValue): void {
  if (!(path.length === 4 && path[0] === "models" && path[1] === "providers" && path[3] === "models")) return;
  const existing = getAtPath(root, path);
  if (!existing.found) return;
  const before = modelIds(existing.value);
  const after = modelIds(value);
  if (!before || !after) return;
  const removed = [...before].filter((id) => !after.has(id));
  if (removed.length === 0) return;
  throw new OpenClawConfigError(
    "DESTRUCTIVE_REPLACEMENT",
    `refusing to replace ${formatPath(path)}: it would remove existing entries: ${removed.join(", ")}. ` +
      "Keep them in the new list, or list the path in replacePaths to replace it intentionally.",
  );
}
