import fc from "fast-check";
import JSON5 from "json5";
import { describe, expect, it } from "vitest";
import { OpenClawConfigError } from "./errors.ts";
import { getAtPath, isRecord, type JsonObject, type JsonValue } from "./json.ts";
import { editConfigText } from "./lossless.ts";
import { applyMergePatchWithOperations, type ConfigPatch } from "./merge.ts";
import { HAND_EDITED, SETUP_PATCH } from "./test-support/corpus.ts";

function edit(text: string, patch: ConfigPatch) {
  const before = JSON5.parse(text) as JsonObject;
  const { result, operations } = applyMergePatchWithOperations(before, patch);
  return { result, edit: editConfigText(text, operations, result) };
}

describe("editConfigText", () => {
  it("applies the setup patch to a hand-edited file keeping every comment and the untouched lines", () => {
    const { result, edit: out } = edit(HAND_EDITED, SETUP_PATCH);
    expect(out.lossless).toBe(true);
    expect(JSON5.parse(out.text)).toEqual(result);
    for (const comment of HAND_EDITED.match(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g) ?? [])
      expect(out.text).toContain(comment);
    // Lines outside the changed keys are byte-identical.
    for (const line of [
      '    mode: "local", // loopback only',
      '        "openai/gpt-5.4": { alias: "fast" }, // short name',
      '          { id: "qwen3", name: "Qwen 3" },',
    ]) {
      expect(out.text).toContain(line);
    }
  });

  it("deletes keys and keeps the neighbours' comments", () => {
    const text = `{\n  // one\n  a: 1, // after a\n  // two\n  b: 2, // after b\n  // three\n  c: 3,\n}\n`;
    const { edit: out } = edit(text, { b: null });
    expect(out.lossless).toBe(true);
    expect(JSON5.parse(out.text)).toEqual({ a: 1, c: 3 });
    expect(out.text).toContain("// one");
    expect(out.text).toContain("// after a");
    expect(out.text).toContain("// three");
  });

  it("reports (does not hide) what it cannot keep: a file the lossless parser rejects", () => {
    const text = "{ a: 1, b: 'x\\\ny' }"; // JSON5 line continuation inside a string
    let out: ReturnType<typeof editConfigText> | undefined;
    try {
      out = edit(text, { a: 2 }).edit;
    } catch (error) {
      expect(error).toBeInstanceOf(OpenClawConfigError);
    }
    if (out && !out.lossless) {
      expect(out.reason).toMatch(/lossless|read back|parse/);
      expect(JSON5.parse(out.text)).toEqual({ a: 2, b: "xy" });
    }
  });

  it("falls back to a rewrite when duplicate keys make an in-place edit ambiguous", () => {
    const text = "{ a: 1, a: 2, b: 1 }";
    const { result, edit: out } = edit(text, { a: 3 });
    expect(JSON5.parse(out.text)).toEqual(result);
    if (!out.lossless) expect(out.reason).toMatch(/read back/);
  });
});

// ---------- property: comments outside the changed keys survive ----------

const key = fc.constantFrom("a", "b", "c", "models", "x.y", "p/q");
const scalar = fc.oneof(
  fc.integer({ min: -9, max: 99 }),
  fc.constantFrom("s", "", "t u"),
  fc.boolean(),
  fc.constant(null),
);
const { tree } = fc.letrec<{ tree: JsonObject; value: JsonValue }>((tie) => ({
  tree: fc.dictionary(key, tie("value"), { maxKeys: 4 }),
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    scalar,
    fc.array(scalar, { maxLength: 3 }),
    tie("tree"),
  ),
}));
const leaf = fc.oneof(
  { weight: 3, arbitrary: fc.oneof(fc.integer({ min: 0, max: 9 }), fc.constantFrom("new", "z")) },
  { weight: 2, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 2 }) },
);
const { patchTree } = fc.letrec<{ patchTree: ConfigPatch; patchValue: JsonValue }>((tie) => ({
  patchTree: fc.dictionary(key, tie("patchValue"), { maxKeys: 3 }),
  patchValue: fc.oneof({ depthSize: "small", withCrossShrink: true }, leaf, tie("patchTree")),
}));
const style = fc.record({
  indent: fc.constantFrom("  ", "    ", "\t"),
  quoteAll: fc.boolean(),
  trailingComma: fc.boolean(),
  inlineSmall: fc.boolean(),
  crlf: fc.boolean(),
  blockComments: fc.boolean(),
  blankLines: fc.boolean(),
});

/** Renders `config` as hand-written JSON5: every property has a unique leading and trailing comment. */
function render(
  config: JsonObject,
  s: {
    indent: string;
    quoteAll: boolean;
    trailingComma: boolean;
    inlineSmall: boolean;
    crlf: boolean;
    blockComments: boolean;
    blankLines: boolean;
  },
): { text: string; comments: Map<string, string[]> } {
  const comments = new Map<string, string[]>();
  let counter = 0;
  const value = (v: JsonValue, depth: number, path: string[]): string => {
    if (!isRecord(v)) return JSON.stringify(v);
    const entries = Object.entries(v);
    if (entries.length === 0) return "{}";
    const keyOf = (k: string) => (!s.quoteAll && /^[A-Za-z_]\w*$/.test(k) ? k : JSON.stringify(k));
    if (s.inlineSmall && entries.length <= 2 && entries.every(([, child]) => !isRecord(child))) {
      return `{ ${entries.map(([k, child]) => `${keyOf(k)}: ${JSON.stringify(child)}`).join(", ")} }`;
    }
    const pad = s.indent.repeat(depth + 1);
    const lines = entries.map(([k, child], index) => {
      const id = counter++;
      comments.set(`L${id}`, [...path, k]);
      comments.set(`T${id}`, [...path, k]);
      const keyText = keyOf(k);
      const comma = index < entries.length - 1 || s.trailingComma ? "," : "";
      const trailing = s.blockComments ? `/* T${id} */` : `// T${id}`;
      const leading = s.blockComments ? `/* L${id} */` : `// L${id}`;
      const blank = s.blankLines && index > 0 ? "\n" : "";
      return `${blank}${pad}${leading}\n${pad}${keyText}: ${value(child, depth + 1, [...path, k])}${comma} ${trailing}`;
    });
    return `{\n${lines.join("\n")}\n${s.indent.repeat(depth)}}`;
  };
  const text = `// header\n${value(config, 0, [])}\n// footer\n`;
  return { text: s.crlf ? text.replaceAll("\n", "\r\n") : text, comments };
}

function touchedPaths(patch: JsonValue, prefix: string[] = []): string[][] {
  if (isRecord(patch) && (Object.keys(patch).length > 0 || prefix.length === 0)) {
    return Object.entries(patch).flatMap(([k, v]) => touchedPaths(v, [...prefix, k]));
  }
  return [prefix];
}

const isPrefix = (prefix: string[], path: string[]) =>
  prefix.length <= path.length && prefix.every((segment, index) => path[index] === segment);

describe("editConfigText properties (fast-check)", () => {
  it("edits a file written by OpenClaw (JSON.stringify, 2 spaces) exactly as OpenClaw would re-serialize it", () => {
    fc.assert(
      fc.property(tree, patchTree, (config, patch) => {
        const text = `${JSON.stringify(config, null, 2)}\n`;
        let merged: ReturnType<typeof applyMergePatchWithOperations>;
        try {
          merged = applyMergePatchWithOperations(config, patch);
        } catch {
          return;
        }
        const out = editConfigText(text, merged.operations, merged.result);
        expect(out).toEqual({ lossless: true, text: `${JSON.stringify(merged.result, null, 2)}\n` });
      }),
      { numRuns: 1000 },
    );
  });

  it("keeps every comment outside the changed keys and reads back as the merged config", () => {
    let checked = 0;
    fc.assert(
      fc.property(tree, patchTree, style, (config, patch, s) => {
        const { text, comments } = render(config, s);
        let merged: ReturnType<typeof applyMergePatchWithOperations>;
        try {
          merged = applyMergePatchWithOperations(config, patch);
        } catch {
          return; // a documented refusal: nothing is written
        }
        const out = editConfigText(text, merged.operations, merged.result);
        expect(out.lossless).toBe(true);
        expect(JSON5.parse(out.text)).toEqual(merged.result);
        expect(out.text.startsWith("// header")).toBe(true);
        expect(out.text).toContain("// footer");
        if (s.crlf) expect(/(?<!\r)\n/.test(out.text)).toBe(false); // line endings kept
        const touched = touchedPaths(patch);
        for (const [id, path] of comments) {
          const insideChange = touched.some(
            (t) => isPrefix(t, path) || (isPrefix(path, t) && !isRecord(getAtPath(config, path).value)),
          );
          if (!insideChange) {
            checked += 1;
            expect({ id, path, present: new RegExp(`(//|/\\*) ${id}(?!\\d)`).test(out.text) }).toEqual({
              id,
              path,
              present: true,
            });
          }
        }
      }),
      { numRuns: 1000 },
    );
    expect(checked).toBeGreaterThan(2000);
  });
});
