import { JsonObjectNode, JsonParser, type JsonValueNode } from "@croct/json5-parser";
import JSON5 from "json5";
import { getAtPath, isRecord, type JsonObject, type JsonValue, jsonEqual } from "./json.ts";
import type { MergeOperation } from "./merge.ts";

/** The outcome of {@link editConfigText}. */
export type TextEdit = { lossless: true; text: string } | { lossless: false; reason: string; text: string };

/**
 * Applies merge operations to config text in place with a lossless JSON5 tree (@croct/json5-parser): comments,
 * quoting, indentation and key order outside the changed keys are kept; new keys follow the style around them.
 * When that is impossible (the lossless parser rejects the file, or the edited text would not read back as
 * `expected`), returns `lossless: false` with a reason and a plain `JSON.stringify` rendering of `expected`.
 */
export function editConfigText(
  text: string,
  operations: readonly MergeOperation[],
  expected: JsonObject,
): TextEdit {
  const fallback = (reason: string): TextEdit => ({ lossless: false, reason, text: renderConfig(expected) });
  let root: JsonObjectNode;
  try {
    root = JsonParser.parse(text, JsonObjectNode);
  } catch (error) {
    return fallback(`the lossless JSON5 parser cannot read this file (${(error as Error).message})`);
  }
  try {
    for (const operation of operations) apply(root, operation, expected);
  } catch (error) {
    return fallback(`a change could not be applied in place (${(error as Error).message})`);
  }
  const edited = root.toString();
  let reread: unknown;
  try {
    reread = JSON5.parse(edited);
  } catch (error) {
    return fallback(`the edited text would not parse (${(error as Error).message})`);
  }
  if (!jsonEqual(reread, expected)) {
    return fallback(
      "the edited text would not read back as the merged config (duplicate keys or unusual syntax)",
    );
  }
  return { lossless: true, text: edited };
}

/** How this package writes a config it cannot edit in place (and a new file): 2-space JSON, final newline. */
export function renderConfig(config: JsonObject): string {
  return `${JSON.stringify(config, null, 2)}\n`;
}

function apply(root: JsonObjectNode, operation: MergeOperation, expected: JsonObject): void {
  const { path } = operation;
  const last = path.at(-1);
  if (last === undefined) return;
  if (operation.kind === "delete") {
    const parent = walk(root, path.slice(0, -1), false);
    if (parent?.has(last)) parent.delete(last);
    return;
  }
  const target = getAtPath(expected, path);
  if (!target.found) return; // removed again later in the same patch: nothing to write
  // Create missing or non-object parents with their final value, then set the leaf.
  const parent = walk(root, path.slice(0, -1), true, expected);
  if (!parent) throw new Error(`no object at ${path.slice(0, -1).join(".")}`);
  if (operation.kind === "ensure-object" && parent.has(last) && parent.get(last) instanceof JsonObjectNode)
    return;
  setValue(parent, last, target.value as JsonValue);
}

function walk(
  root: JsonObjectNode,
  path: readonly string[],
  create: boolean,
  expected?: JsonObject,
): JsonObjectNode | undefined {
  let node = root;
  for (const [index, segment] of path.entries()) {
    const child: JsonValueNode | undefined = node.has(segment) ? node.get(segment) : undefined;
    if (child instanceof JsonObjectNode) {
      node = child;
      continue;
    }
    if (!create || !expected) return undefined;
    const value = getAtPath(expected, path.slice(0, index + 1)).value;
    if (!isRecord(value)) return undefined;
    setValue(node, segment, value);
    const created = node.get(segment);
    if (!(created instanceof JsonObjectNode)) return undefined;
    node = created;
  }
  return node;
}

function setValue(parent: JsonObjectNode, key: string, value: JsonValue): void {
  // Our JsonValue and @croct/json's are the same shape; its readonly-array typing differs.
  parent.set(key, value as Parameters<JsonObjectNode["set"]>[1]);
}
