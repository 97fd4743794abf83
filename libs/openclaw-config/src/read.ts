import { readFile } from "node:fs/promises";
import { JsonParseError, JsonParser } from "@croct/json5-parser";
import JSON5 from "json5";
import { ConfigParseError, OpenClawConfigError } from "./errors.ts";
import { isRecord, type JsonObject } from "./json.ts";

/** A config file as read from disk. */
export interface ConfigFile {
  /** The path read. */
  path: string;
  /** False when the file does not exist (only with `allowMissing`): `config` is then `{}` and `text` `""`. */
  exists: boolean;
  /** The file's exact text (comments and formatting included). */
  text: string;
  /** The parsed config, as OpenClaw parses it (JSON first, then JSON5). */
  config: JsonObject;
}

/** Options of {@link readConfigFile}. */
export interface ReadOptions {
  /** Return an empty config instead of throwing `CONFIG_NOT_FOUND` when the file does not exist. */
  allowMissing?: boolean;
}

/**
 * Reads and parses an `openclaw.json` (JSON5). Throws {@link ConfigParseError} (file, line, column, expected,
 * found) for a malformed file, and `OpenClawConfigError` `CONFIG_NOT_FOUND` / `NOT_A_FILE` / `READ_FAILED` /
 * `NOT_AN_OBJECT` otherwise.
 */
export async function readConfigFile(file: string, options: ReadOptions = {}): Promise<ConfigFile> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" && options.allowMissing) return { path: file, exists: false, text: "", config: {} };
    if (code === "ENOENT") {
      throw new OpenClawConfigError(
        "CONFIG_NOT_FOUND",
        `${file} does not exist: create it with \`openclaw onboard\` (or pass { create: true } to updateConfigFile).`,
        { path: file, cause: error },
      );
    }
    if (code === "EISDIR") {
      throw new OpenClawConfigError("NOT_A_FILE", `${file} is a directory, not a config file.`, {
        path: file,
        cause: error,
      });
    }
    throw new OpenClawConfigError("READ_FAILED", `cannot read ${file}: ${(error as Error).message}`, {
      path: file,
      cause: error,
    });
  }
  return { path: file, exists: true, text, config: parseConfigText(text, file) };
}

/**
 * Parses config text the way OpenClaw does (`JSON.parse`, falling back to JSON5). The root must be an object.
 * `file` only labels errors.
 */
export function parseConfigText(text: string, file = "openclaw.json"): JsonObject {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    try {
      value = JSON5.parse(text);
    } catch (error) {
      throw toParseError(text, file, error);
    }
  }
  if (!isRecord(value)) {
    const kind = Array.isArray(value) ? "an array" : value === null ? "null" : `a ${typeof value}`;
    throw new OpenClawConfigError(
      "NOT_AN_OBJECT",
      `${file}: the config must be a JSON5 object ({ … }), found ${kind}. Nothing was written.`,
      { path: file },
    );
  }
  return value;
}

const TOKEN_NAMES: Record<string, string> = {
  IDENTIFIER: "a property name",
  STRING: "a string",
  NUMBER: "a number",
  BOOLEAN: "true or false",
  NULL: "null",
  COLON: "':'",
  COMMA: "','",
  BRACE_LEFT: "'{'",
  BRACE_RIGHT: "'}'",
  BRACKET_LEFT: "'['",
  BRACKET_RIGHT: "']'",
  EOF: "end of input",
};

function describeTokens(list: string): string {
  const names = list
    .replace(/^either /, "")
    .split(/,\s*|\s+or\s+/)
    .map((token) => TOKEN_NAMES[token.trim()] ?? token.trim().toLowerCase())
    .filter(Boolean);
  const unique = [...new Set(names)];
  return unique.length <= 1
    ? (unique[0] ?? "a value")
    : `${unique.slice(0, -1).join(", ")} or ${unique.at(-1)}`;
}

function toParseError(text: string, file: string, json5Error: unknown): ConfigParseError {
  const err = json5Error as { lineNumber?: number; columnNumber?: number; message?: string };
  let line = err.lineNumber ?? 1;
  let column = err.columnNumber ?? 1;
  const message = err.message ?? String(json5Error);
  let found = /invalid end of input/.test(message)
    ? "end of input"
    : (/invalid character '((?:\\.|[^'])*)'/.exec(message)?.[1] ?? "an invalid character");
  if (found !== "end of input" && found !== "an invalid character") found = `'${found}'`;
  if (/invalid identifier character/.test(message)) found = "an invalid identifier character";
  let expected = "a JSON5 value, ',' or a closing bracket";
  // The lossless parser names what it expected; prefer it when it stops at the same place or earlier.
  try {
    JsonParser.parse(text);
  } catch (croct) {
    if (croct instanceof JsonParseError) {
      const start = croct.location.start;
      const expectedMatch = /^Expected (.+), but got (\w+)/.exec(croct.message);
      const sameOrEarlier = start.line < line || (start.line === line && start.column <= column);
      if (expectedMatch?.[1] && sameOrEarlier) {
        expected = describeTokens(expectedMatch[1]);
        // The lossless parser names only ',' where a closing bracket is just as valid.
        if (expectedMatch[1] === "COMMA") {
          const { open } = scanContext(text, start.index);
          if (open) expected = `',' or '${open === "{" ? "}" : "]"}'`;
        }
        line = start.line;
        column = start.column;
        found = TOKEN_NAMES[expectedMatch[2] ?? ""] ?? found;
      } else if (/^Unexpected token '[^'"]/.test(croct.message) && sameOrEarlier) {
        // (A token starting with a quote is an unterminated string: handled below.)
        line = start.line;
        column = start.column;
        expected =
          "a value (object, array, string, number, true, false or null), or the end of input after the root object";
        const token = /^Unexpected token '(.*)' at/.exec(croct.message)?.[1];
        found = token ? `'${token}'` : "end of input";
      } else {
        const context = scanContext(text, offsetOf(text, line, column));
        if (context.inString) expected = `a closing ${context.inString} (the string is not terminated)`;
        else if (found === "end of input" && context.open)
          expected = `',' or '${context.open === "{" ? "}" : "]"}'`;
      }
    }
  }
  if (text.trim() === "") {
    expected = "a config object ({ … })";
    found = "end of input";
  }
  return new ConfigParseError({
    path: file,
    line,
    column,
    expected,
    found,
    excerpt: excerptAt(text, line, column),
    cause: json5Error,
  });
}

const SECRETISH = /key|token|secret|password|passwd|auth|credential|bearer|sk-/i;

/** What is open at `index`: an unterminated string, and the innermost unclosed `{` or `[` (comments skipped). */
function scanContext(text: string, index: number): { inString?: string; open?: "{" | "[" } {
  const stack: Array<"{" | "["> = [];
  for (let i = 0; i < index; i += 1) {
    const char = text[i];
    if (char === '"' || char === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== char && text[j] !== "\n") j += text[j] === "\\" ? 2 : 1;
      if (j >= index) return { inString: char === '"' ? "double quote" : "single quote", open: stack.at(-1) };
      i = j;
    } else if (char === "/" && text[i + 1] === "/") {
      while (i < index && text[i] !== "\n") i += 1;
    } else if (char === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      i = end === -1 ? index : end + 1;
    } else if (char === "{" || char === "[") stack.push(char);
    else if (char === "}" || char === "]") stack.pop();
  }
  return { open: stack.at(-1) };
}

function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let current = 1; current < line; current += 1) {
    const next = text.indexOf("\n", offset);
    if (next === -1) return text.length;
    offset = next + 1;
  }
  return Math.min(text.length, offset + column - 1);
}

function excerptAt(text: string, line: number, column: number): string {
  const lines = text.split(/\r?\n/);
  let source = lines[line - 1] ?? "";
  // Never echo a secret into an error message: on a line that looks like it holds one, blank out every string
  // value (keys stay readable), including an unterminated one.
  if (SECRETISH.test(source)) source = maskStringValues(source);
  const gutter = `${line} | `;
  const clipped = source.length > 160 ? `${source.slice(Math.max(0, column - 80), column + 80)}` : source;
  const caretColumn = source.length > 160 ? Math.min(column, 80) : column;
  return `${gutter}${clipped}\n${" ".repeat(gutter.length + Math.max(0, caretColumn - 1))}^`;
}

function maskStringValues(line: string): string {
  let out = "";
  let index = 0;
  while (index < line.length) {
    const char = line[index] as string;
    if (char !== '"' && char !== "'") {
      out += char;
      index += 1;
      continue;
    }
    let end = index + 1;
    while (end < line.length && line[end] !== char) end += line[end] === "\\" ? 2 : 1;
    const closed = end < line.length;
    const isKey = closed && /^\s*:/.test(line.slice(end + 1));
    out += isKey ? line.slice(index, end + 1) : `${char}***${closed ? char : ""}`;
    index = closed ? end + 1 : line.length;
  }
  return out;
}
