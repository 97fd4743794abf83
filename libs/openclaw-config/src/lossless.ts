import {
  JsonLexer,
  JsonObjectNode,
  JsonParser,
  type JsonPropertyNode,
  JsonTokenNode,
  JsonTokenType,
} from "@croct/json5-parser";
import JSON5 from "json5";
import { getAtPath, isRecord, type JsonObject, type JsonValue, jsonEqual } from "./json.ts";
import type { MergeOperation } from "./merge.ts";

/** The outcome of {@link editConfigText}. */
export type TextEdit = { lossless: true; text: string } | { lossless: false; reason: string; text: string };

/**
 * Applies merge operations to config text in place. @croct/json5-parser's lossless tree only locates things
 * (every node knows its source range); the edits are plain text splices, so everything outside a changed key —
 * comments, blank lines, quoting, indentation, key order — stays byte for byte. New keys and values follow the
 * file's style (indent unit, quoted or bare keys, trailing commas, line endings, inline small objects).
 * When an in-place edit is impossible (the lossless parser rejects the file, or the edited text would not read
 * back as `expected`), returns `lossless: false` with a reason and a plain `JSON.stringify` rendering of `expected`.
 */
export function editConfigText(
  text: string,
  operations: readonly MergeOperation[],
  expected: JsonObject,
): TextEdit {
  const fallback = (reason: string): TextEdit => ({ lossless: false, reason, text: renderConfig(expected) });
  let current = text;
  try {
    const style = detectStyle(text);
    for (const operation of operations) current = applyOperation(current, operation, expected, style);
  } catch (error) {
    return fallback(`the lossless JSON5 parser cannot edit this file in place (${(error as Error).message})`);
  }
  let reread: unknown;
  try {
    reread = JSON5.parse(current);
  } catch (error) {
    return fallback(`the edited text would not parse (${(error as Error).message})`);
  }
  if (!jsonEqual(reread, expected)) {
    return fallback(
      "the edited text would not read back as the merged config (duplicate keys or unusual syntax)",
    );
  }
  return { lossless: true, text: current };
}

/** How this package writes a config it cannot edit in place (and a new file): 2-space JSON, final newline. */
export function renderConfig(config: JsonObject): string {
  return `${JSON.stringify(config, null, 2)}\n`;
}

// ---------------------------------------------------------------- style

interface Style {
  indentUnit: string;
  eol: string;
  quoteKeys: boolean;
  trailingComma: boolean;
  inlineSmallObjects: boolean;
  inlineArrays: boolean;
}

function detectStyle(text: string): Style {
  const tokens = JsonLexer.tokenize(text);
  let quoted = 0;
  let bare = 0;
  let trailingComma = false;
  const significant = tokens.filter(
    (t) =>
      t.type !== JsonTokenType.WHITESPACE &&
      t.type !== JsonTokenType.NEWLINE &&
      t.type !== JsonTokenType.LINE_COMMENT &&
      t.type !== JsonTokenType.BLOCK_COMMENT,
  );
  for (const [index, token] of significant.entries()) {
    const next = significant[index + 1];
    if (next?.type === JsonTokenType.COLON) {
      if (token.type === JsonTokenType.IDENTIFIER) bare += 1;
      else quoted += 1;
    }
    if (
      token.type === JsonTokenType.COMMA &&
      (next?.type === JsonTokenType.BRACE_RIGHT || next?.type === JsonTokenType.BRACKET_RIGHT)
    ) {
      trailingComma = true;
    }
  }
  const indents = text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== "")
    .map((line) => /^[ \t]*/.exec(line)?.[0] ?? "")
    .filter((indent) => indent.length > 0);
  const indentUnit = indents.reduce<string | undefined>(
    (smallest, indent) => (smallest === undefined || indent.length < smallest.length ? indent : smallest),
    undefined,
  );
  const inlineSmallObjects = /\{[ \t]*[^\s{}/][^\n{}]*:[^\n{}]*\}/.test(text);
  const hasInlineArray = /\[[ \t]*[^\s\]/][^\n]*\]/.test(text);
  const hasMultilineArray = /\[[ \t]*\r?\n/.test(text);
  return {
    indentUnit: indentUnit ?? "  ",
    eol: text.includes("\r\n") ? "\r\n" : "\n",
    quoteKeys: quoted >= bare,
    trailingComma,
    inlineSmallObjects,
    // A file as JSON.stringify(…, 2) writes it (OpenClaw's own writes) puts every array item on its own line.
    inlineArrays: hasInlineArray || (!hasMultilineArray && (bare > 0 || inlineSmallObjects || trailingComma)),
  };
}

function renderKey(key: string, style: Style): string {
  return !style.quoteKeys && /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
}

/** Renders a value the way the file would have it, for a property whose line is indented by `indent`. */
function renderValue(value: JsonValue, indent: string, style: Style): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    const scalarsOnly = value.every((item) => item === null || typeof item !== "object");
    const inline = `[${value.map((item) => renderValue(item, indent, style)).join(", ")}]`;
    if (style.inlineArrays && scalarsOnly && inline.length + indent.length <= 100) return inline;
    const inner = indent + style.indentUnit;
    const items = value.map((item) => `${inner}${renderValue(item, inner, style)}`);
    return `[${style.eol}${items.join(`,${style.eol}`)}${style.trailingComma ? "," : ""}${style.eol}${indent}]`;
  }
  if (isRecord(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0) return "{}";
    const inline = `{ ${entries.map(([k, v]) => `${renderKey(k, style)}: ${renderValue(v, indent, style)}`).join(", ")} }`;
    const simple = entries.every(([, v]) => v === null || typeof v !== "object");
    if (style.inlineSmallObjects && simple && entries.length <= 3 && inline.length + indent.length <= 100)
      return inline;
    const inner = indent + style.indentUnit;
    const lines = entries.map(([k, v]) => `${inner}${renderKey(k, style)}: ${renderValue(v, inner, style)}`);
    return `{${style.eol}${lines.join(`,${style.eol}`)}${style.trailingComma ? "," : ""}${style.eol}${indent}}`;
  }
  return JSON.stringify(value);
}

// ---------------------------------------------------------------- tree navigation

function parse(text: string): JsonObjectNode {
  return JsonParser.parse(text, JsonObjectNode);
}

/** The last property named `key` (JSON5: the last duplicate wins). */
function findProperty(object: JsonObjectNode, key: string): JsonPropertyNode | undefined {
  return object.properties.filter((property) => property.key.toJSON() === key).at(-1);
}

function findObject(root: JsonObjectNode, path: readonly string[]): JsonObjectNode | undefined {
  let node = root;
  for (const segment of path) {
    const property = findProperty(node, segment);
    if (!property || !(property.value instanceof JsonObjectNode)) return undefined;
    node = property.value;
  }
  return node;
}

function braces(object: JsonObjectNode): { open: number; close: number } {
  const tokens = object.children.filter((child): child is JsonTokenNode => child instanceof JsonTokenNode);
  const open = tokens.find((t) => t.type === JsonTokenType.BRACE_LEFT);
  const close = tokens.findLast((t) => t.type === JsonTokenType.BRACE_RIGHT);
  if (!open || !close) throw new Error("object without braces");
  return { open: open.location.start.index, close: close.location.start.index };
}

/** Tokens of `object` (its direct children) after `index`, until its closing brace. */
function tokensAfter(object: JsonObjectNode, index: number): JsonTokenNode[] {
  const close = braces(object).close;
  return object.children.filter(
    (child): child is JsonTokenNode =>
      child instanceof JsonTokenNode &&
      child.location.start.index >= index &&
      child.location.start.index < close,
  );
}

function lineStart(text: string, index: number): number {
  return text.lastIndexOf("\n", index - 1) + 1;
}

function lineEnd(text: string, index: number): number {
  const end = text.indexOf("\n", index);
  return end === -1 ? text.length : end;
}

function indentOf(text: string, index: number): string {
  return /^[ \t]*/.exec(text.slice(lineStart(text, index)))?.[0] ?? "";
}

function onlyBlankBefore(text: string, index: number): boolean {
  return text.slice(lineStart(text, index), index).trim() === "";
}

function splice(text: string, start: number, end: number, insert: string): string {
  return text.slice(0, start) + insert + text.slice(end);
}

// ---------------------------------------------------------------- edits

function applyOperation(text: string, operation: MergeOperation, expected: JsonObject, style: Style): string {
  const { path } = operation;
  if (path.length === 0) return text;
  if (operation.kind === "delete") {
    let current = text;
    // Remove every duplicate of the key, one at a time.
    for (let guard = 0; guard < 100; guard += 1) {
      const parent = findObject(parse(current), path.slice(0, -1));
      const property = parent && findProperty(parent, path.at(-1) as string);
      if (!parent || !property) return current;
      const deleted = deleteProperty(current, parent, property, style);
      current = deleted.dropComma ? dropTrailingComma(deleted.text, path.slice(0, -1)) : deleted.text;
      current = collapseIfEmpty(current, path.slice(0, -1));
    }
    throw new Error("too many duplicate keys");
  }
  const target = getAtPath(expected, path);
  if (!target.found) return text; // removed again later in the same patch
  // The deepest existing object on the way; below it, write the final value of the whole missing subtree.
  const root = parse(text);
  let depth = 0;
  let object = root;
  while (depth < path.length - 1) {
    const property = findProperty(object, path[depth] as string);
    if (!property || !(property.value instanceof JsonObjectNode)) break;
    object = property.value;
    depth += 1;
  }
  const key = path[depth] as string;
  const value = getAtPath(expected, path.slice(0, depth + 1)).value as JsonValue;
  const existing = findProperty(object, key);
  if (existing) {
    if (
      operation.kind === "ensure-object" &&
      depth === path.length - 1 &&
      existing.value instanceof JsonObjectNode
    ) {
      return text;
    }
    return replaceValue(text, existing, value, style);
  }
  return insertProperty(text, object, key, value, style);
}

function replaceValue(text: string, property: JsonPropertyNode, value: JsonValue, style: Style): string {
  const { start, end } = property.value.location;
  const indent = indentOf(text, property.location.start.index);
  return splice(text, start.index, end.index, renderValue(value, indent, style));
}

function insertProperty(
  text: string,
  object: JsonObjectNode,
  key: string,
  value: JsonValue,
  style: Style,
): string {
  const { open, close } = braces(object);
  const inline = !text.slice(open, close).includes("\n");
  const last = object.properties.at(-1);
  if (!last) {
    const hasComments = tokensAfter(object, open + 1).some(isComment);
    if (inline && !hasComments) {
      const indent = indentOf(text, open);
      const body = renderValue({ [key]: value }, indent, style);
      return splice(text, open, close + 1, body);
    }
    const closeIndent = indentOf(text, close);
    const inner = onlyBlankBefore(text, close)
      ? closeIndent + style.indentUnit
      : indentOf(text, open) + style.indentUnit;
    const entry = `${inner}${renderKey(key, style)}: ${renderValue(value, inner, style)}${style.trailingComma ? "," : ""}`;
    const before = text.slice(0, close).replace(/[ \t]*$/, "");
    return `${before}${before.endsWith("\n") ? "" : style.eol}${entry}${style.eol}${closeIndent}${text.slice(close)}`;
  }
  const afterLast = tokensAfter(object, last.location.end.index);
  const comma = afterLast.find((t) => t.type === JsonTokenType.COMMA);
  const lastEnd = last.location.end.index;
  if (inline) {
    const entry = `${renderKey(key, style)}: ${renderValue(value, "", style)}`;
    if (comma) return splice(text, comma.location.end.index, comma.location.end.index, ` ${entry},`);
    return splice(text, lastEnd, lastEnd, `, ${entry}`);
  }
  const indent = onlyBlankBefore(text, last.location.start.index)
    ? indentOf(text, last.location.start.index)
    : indentOf(text, open) + style.indentUnit;
  const entry = `${indent}${renderKey(key, style)}: ${renderValue(value, indent, style)}${style.trailingComma ? "," : ""}`;
  // Insert after the last property's line (its comma and same-line comment stay with it).
  const lastLine = text.slice(0, lineEnd(text, lastEnd)).split("\n").length;
  const closeOnSameLine = text.slice(lastEnd, close).split("\n").length === 1;
  if (closeOnSameLine) {
    const insertAt = comma ? comma.location.end.index : lastEnd;
    return splice(text, insertAt, insertAt, `${comma ? "" : ","}${style.eol}${entry.replace(/,$/, "")}`);
  }
  const sameLineTokens = afterLast.filter(
    (t) => t.type !== JsonTokenType.NEWLINE && t.location.start.line === lastLine,
  );
  const anchor = sameLineTokens.reduce((end, t) => Math.max(end, t.location.end.index), lastEnd);
  let result = splice(text, anchor, anchor, `${style.eol}${entry}`);
  if (!comma) result = splice(result, lastEnd, lastEnd, ",");
  return result;
}

function isComment(token: JsonTokenNode): boolean {
  return token.type === JsonTokenType.LINE_COMMENT || token.type === JsonTokenType.BLOCK_COMMENT;
}

function deleteProperty(
  text: string,
  object: JsonObjectNode,
  property: JsonPropertyNode,
  style: Style,
): { text: string; dropComma: boolean } {
  const { close } = braces(object);
  const properties = object.properties;
  const index = properties.indexOf(property);
  const isLast = index === properties.length - 1;
  const start = property.location.start.index;
  const end = property.location.end.index;
  const after = tokensAfter(object, end);
  const nextProperty = properties[index + 1];
  const comma = after.find(
    (t) =>
      t.type === JsonTokenType.COMMA &&
      (!nextProperty || t.location.start.index < nextProperty.location.start.index),
  );
  const ownLine =
    onlyBlankBefore(text, start) &&
    text
      .slice(comma ? comma.location.end.index : end, lineEnd(text, end))
      .replace(/\/\/[^\n]*$/, "")
      .trim() === "" &&
    !(close < lineEnd(text, end));
  let result: string;
  if (ownLine) {
    // Remove the whole line(s), with the comment lines directly above that document this key.
    let from = lineStart(text, start);
    for (;;) {
      const previousStart = lineStart(text, from - 1);
      if (from === 0 || previousStart === from) break;
      const previous = text.slice(previousStart, from).trim();
      if (!/^(\/\/.*|\/\*[\s\S]*\*\/)$/.test(previous)) break;
      from = previousStart;
    }
    const to = Math.min(lineEnd(text, end) + 1, text.length);
    result = splice(text, from, to, "");
  } else if (comma) {
    // Shares a line: remove "key: value," and the spaces after the comma.
    const next = text.slice(comma.location.end.index).match(/^[ \t]*/)?.[0].length ?? 0;
    result = splice(text, start, comma.location.end.index + next, "");
  } else {
    // Last, sharing its line: remove the comma before it too when that comma is on the same line; otherwise
    // only the property (the comma left before it is dropped below, comments kept).
    const previous = properties[index - 1];
    const previousComma = previous
      ? tokensAfter(object, previous.location.end.index).find((t) => t.type === JsonTokenType.COMMA)
      : undefined;
    const sameLine = previousComma && previousComma.location.start.line === property.location.start.line;
    result = splice(text, sameLine ? previousComma.location.start.index : start, end, "");
    if (previousComma && !sameLine) return { text: result, dropComma: !style.trailingComma };
  }
  return { text: result, dropComma: isLast && !comma && !style.trailingComma && index > 0 };
}

/** After removing the last property, the new last one must not keep a comma the file's style does not use. */
function dropTrailingComma(text: string, parentPath: readonly string[]): string {
  const object = findObject(parse(text), parentPath);
  const last = object?.properties.at(-1);
  if (!object || !last) return text;
  const comma = tokensAfter(object, last.location.end.index).find((t) => t.type === JsonTokenType.COMMA);
  return comma ? splice(text, comma.location.start.index, comma.location.end.index, "") : text;
}

/** An object left with nothing but whitespace between its braces becomes `{}` (as JSON.stringify writes it). */
function collapseIfEmpty(text: string, objectPath: readonly string[]): string {
  const object = findObject(parse(text), objectPath);
  if (!object || object.properties.length > 0) return text;
  const { open, close } = braces(object);
  return text.slice(open + 1, close).trim() === "" ? splice(text, open, close + 1, "{}") : text;
}
