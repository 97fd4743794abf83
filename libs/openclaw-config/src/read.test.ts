import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigParseError, OpenClawConfigError } from "./errors.ts";
import { parseConfigText, readConfigFile } from "./read.ts";

const root = mkdtempSync(path.join(tmpdir(), "occ-read-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function parseError(text: string): ConfigParseError {
  try {
    parseConfigText(text, "/cfg/openclaw.json");
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigParseError);
    return error as ConfigParseError;
  }
  throw new Error("expected a parse error");
}

describe("readConfigFile / parseConfigText", () => {
  it("reads JSON5 (comments, unquoted keys, trailing commas) like OpenClaw", async () => {
    const file = path.join(root, "ok.json5");
    writeFileSync(file, "// c\n{ gateway: { mode: 'local', }, }\n");
    expect(await readConfigFile(file)).toMatchObject({
      exists: true,
      config: { gateway: { mode: "local" } },
    });
  });

  it.each([
    ['{\n  "a": 1,,\n}', 2, 10, "a property name"],
    ['{\n  "a": [1, 2\n}', 3, 1, "',' or ']'"],
    ["{ a: 1\n  b: 2 }", 2, 3, "',' or '}'"],
    ['{ "a": tru }', 1, 8, "a value"],
    ["{ a: 1 } x", 1, 10, "the end of input"],
    ["", 1, 1, "a config object"],
    ['{ "a": "open', 1, 13, "a closing double quote"],
  ])("%j → line %i, column %i, expected %s", (text, line, column, expected) => {
    const error = parseError(text);
    expect({ line: error.line, column: error.column }).toEqual({ line, column });
    expect(error.expected).toContain(expected);
    expect(error.message).toContain(`/cfg/openclaw.json:${line}:${column}: invalid JSON5: expected`);
    expect(error.message).toMatch(/\n\d+ \| .*\n\s+\^/); // the line, and a caret
  });

  it("never echoes a secret from the broken line", () => {
    const error = parseError('{\n  apiKey: "sk-ant-oat01-SECRETSECRET" oops\n}');
    expect(error.message).not.toContain("SECRETSECRET");
    expect(error.message).toContain("apiKey");
  });

  it("the root must be an object", () => {
    expect(() => parseConfigText("[1, 2]", "x.json")).toThrow(/must be a JSON5 object .* found an array/);
    expect(() => parseConfigText("null", "x.json")).toThrow(OpenClawConfigError);
  });

  it("a missing file: CONFIG_NOT_FOUND, or an empty config with allowMissing", async () => {
    const file = path.join(root, "missing.json");
    await expect(readConfigFile(file)).rejects.toMatchObject({ code: "CONFIG_NOT_FOUND" });
    expect(await readConfigFile(file, { allowMissing: true })).toEqual({
      path: file,
      exists: false,
      text: "",
      config: {},
    });
    await expect(readConfigFile(root)).rejects.toMatchObject({ code: "NOT_A_FILE" });
  });
});
