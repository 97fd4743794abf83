import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { OpenClawConfigError } from "./errors.ts";
import { getAtPath, isRecord, type JsonObject, type JsonValue } from "./json.ts";
import { applyMergePatch, type ConfigPatch } from "./merge.ts";

function refusal(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    if (error instanceof OpenClawConfigError) return error.code;
    throw error;
  }
}

describe("applyMergePatch rules", () => {
  it("deep-merges objects, replaces arrays and scalars, deletes with null", () => {
    const config = { a: { b: 1, c: [1, 2, 3], d: "x" }, keep: true };
    const patch = { a: { c: [9], d: null, e: { f: 1 } } };
    expect(applyMergePatch(config, patch)).toEqual({ a: { b: 1, c: [9], e: { f: 1 } }, keep: true });
    expect(config).toEqual({ a: { b: 1, c: [1, 2, 3], d: "x" }, keep: true }); // inputs untouched
  });

  it("a null-only sub-patch creates nothing (OpenClaw unsets; RFC 7396 would create {})", () => {
    expect(applyMergePatch({}, { a: { b: null } })).toEqual({});
    expect(applyMergePatch({ a: 5 }, { a: { b: null } })).toEqual({ a: 5 });
  });

  it("a patch object replaces a scalar in its way and creates missing parents", () => {
    expect(
      applyMergePatch({ model: "openai/gpt-5.4" }, { model: { primary: "x/y", fallbacks: [] } }),
    ).toEqual({
      model: { primary: "x/y", fallbacks: [] },
    });
    expect(applyMergePatch({}, { a: { b: { c: 1 } } })).toEqual({ a: { b: { c: 1 } } });
  });

  it("{} ensures an object, and refuses to turn a scalar into one", () => {
    expect(applyMergePatch({}, { a: {} })).toEqual({ a: {} });
    expect(applyMergePatch({ a: { x: 1 } }, { a: {} })).toEqual({ a: { x: 1 } });
    expect(refusal(() => applyMergePatch({ a: 1 }, { a: {} }))).toBe("MERGE_CONFLICT");
  });

  it("refuses to merge an object into an array", () => {
    expect(refusal(() => applyMergePatch({ a: [1] }, { a: { b: 1 } }))).toBe("MERGE_CONFLICT");
    expect(refusal(() => applyMergePatch({ a: [1] }, { a: { 0: null } }))).toBe("MERGE_CONFLICT");
    expect(applyMergePatch({ a: [1] }, { a: { b: null } })).toEqual({ a: [1] }); // OpenClaw: nothing to unset
  });

  it("replaces a SecretRef object whole", () => {
    const config = { apiKey: { source: "file", provider: "vault", id: "/k", extra: 1 } };
    const ref = { source: "env", provider: "default", id: "KEY" };
    expect(applyMergePatch(config, { apiKey: ref })).toEqual({ apiKey: ref });
  });

  it("refuses to drop a provider's model ids unless the path is a replace path", () => {
    const config = { models: { providers: { p: { models: [{ id: "a" }, { id: "b" }] } } } };
    const patch = { models: { providers: { p: { models: [{ id: "a" }] } } } };
    expect(refusal(() => applyMergePatch(config, patch))).toBe("DESTRUCTIVE_REPLACEMENT");
    expect(
      applyMergePatch(config, patch, { replacePaths: [["models", "providers", "p", "models"]] }).models,
    ).toEqual({ providers: { p: { models: [{ id: "a" }] } } });
    expect(
      applyMergePatch(config, {
        models: { providers: { p: { models: [{ id: "b" }, { id: "a" }, { id: "c" }] } } },
      }),
    ).toBeTruthy();
  });

  it("replace paths replace objects whole and must match the patch", () => {
    expect(applyMergePatch({ a: { x: 1, y: 2 } }, { a: { z: 3 } }, { replacePaths: [["a"]] })).toEqual({
      a: { z: 3 },
    });
    expect(refusal(() => applyMergePatch({}, { a: 1 }, { replacePaths: [["b"]] }))).toBe("INVALID_PATCH");
  });

  it("refuses prototype keys and non-finite numbers", () => {
    expect(refusal(() => applyMergePatch({}, JSON.parse('{"__proto__": {"x": 1}}') as ConfigPatch))).toBe(
      "INVALID_PATCH",
    );
    expect(refusal(() => applyMergePatch({}, { a: Number.POSITIVE_INFINITY }))).toBe("INVALID_PATCH");
  });

  it("refuses what JSON cannot hold, naming the path: undefined never deletes a key", () => {
    const message = (patch: unknown) => {
      try {
        applyMergePatch({ a: { b: 1, c: 2 }, list: [1] }, patch as ConfigPatch);
      } catch (error) {
        expect(error).toBeInstanceOf(OpenClawConfigError);
        expect((error as OpenClawConfigError).code).toBe("INVALID_PATCH");
        return (error as Error).message;
      }
      throw new Error("expected a refusal");
    };
    expect(message({ a: { b: undefined } })).toBe(
      "a.b: undefined is not a JSON value; use null to delete it.",
    );
    expect(message({ list: [1, undefined] })).toBe(
      'list["1"]: undefined is not a JSON value; remove the item or use null.',
    );
    // biome-ignore lint/suspicious/noSparseArray: a hole is an undefined item
    expect(message({ list: [1, , 2] })).toMatch(/^list\["1"\]: undefined is not a JSON value/);
    expect(message({ a: { b: () => 1 } })).toBe("a.b: a function is not a JSON value.");
    expect(message({ a: Symbol("x") })).toBe("a: a symbol is not a JSON value.");
    expect(message({ a: 1n })).toBe("a: a bigint is not a JSON value.");
    expect(message({ a: Number.NaN })).toBe("a: NaN is not a JSON value (numbers must be finite).");
    expect(message({ a: new Date(0) })).toBe("a: a Date object is not a JSON value.");
    // Also inside a value that replaces its target whole (a replace path, a SecretRef).
    expect(message({ a: { source: "env", id: "X", provider: undefined } })).toMatch(
      /^a\.provider: undefined/,
    );
  });
});

// ---------- properties ----------

const key = fc.constantFrom("a", "b", "c", "d", "e", "models", "x.y", "p/q");
const scalar = fc.oneof(fc.integer(), fc.string({ maxLength: 6 }), fc.boolean(), fc.constant(null));
const { tree } = fc.letrec<{ tree: JsonObject; value: JsonValue }>((tie) => ({
  tree: fc.dictionary(key, tie("value"), { maxKeys: 5 }),
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    scalar,
    fc.array(scalar, { maxLength: 3 }),
    tie("tree"),
  ),
}));
const patchLeaf = fc.oneof(
  { weight: 3, arbitrary: fc.oneof(fc.integer(), fc.string({ maxLength: 6 }), fc.boolean()) },
  { weight: 2, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 3 }) },
);
const { patchTree } = fc.letrec<{ patchTree: ConfigPatch; patchValue: JsonValue }>((tie) => ({
  patchTree: fc.dictionary(key, tie("patchValue"), { maxKeys: 4 }),
  patchValue: fc.oneof({ depthSize: "small", withCrossShrink: true }, patchLeaf, tie("patchTree")),
}));

/** Paths where the patch sets, deletes or ensures something (its leaves, `{}` included). */
function patchLeaves(patch: JsonValue, prefix: string[] = []): Array<{ path: string[]; value: JsonValue }> {
  if (isRecord(patch) && (Object.keys(patch).length > 0 || prefix.length === 0)) {
    return Object.entries(patch).flatMap(([k, v]) => patchLeaves(v, [...prefix, k]));
  }
  return [{ path: prefix, value: patch }];
}

function configLeaves(value: JsonValue, prefix: string[] = []): Array<{ path: string[]; value: JsonValue }> {
  if (isRecord(value) && Object.keys(value).length > 0) {
    return Object.entries(value).flatMap(([k, v]) => configLeaves(v, [...prefix, k]));
  }
  return [{ path: prefix, value }];
}

const isPrefix = (prefix: string[], path: string[]) =>
  prefix.length <= path.length && prefix.every((segment, index) => path[index] === segment);

describe("applyMergePatch properties (fast-check)", () => {
  it("never loses or changes a key outside the patch (1000 generated configs)", () => {
    let applied = 0;
    fc.assert(
      fc.property(tree, patchTree, (config, patch) => {
        let result: JsonObject;
        try {
          result = applyMergePatch(config, patch);
        } catch (error) {
          // Only the documented refusals: an object patch meeting an array, or {} meeting a scalar.
          expect((error as OpenClawConfigError).code).toBe("MERGE_CONFLICT");
          return;
        }
        applied += 1;
        const touched = patchLeaves(patch).map((leaf) => leaf.path);
        for (const leaf of configLeaves(config)) {
          if (leaf.path.length === 0) continue;
          const outside = touched.every((t) => !isPrefix(t, leaf.path) && !isPrefix(leaf.path, t));
          if (outside) expect(getAtPath(result, leaf.path)).toEqual({ found: true, value: leaf.value });
        }
      }),
      { numRuns: 1000 },
    );
    expect(applied).toBeGreaterThan(500);
  });

  it("applies every patch leaf: values land, nulls are gone", () => {
    fc.assert(
      fc.property(tree, patchTree, (config, patch) => {
        let result: JsonObject;
        try {
          result = applyMergePatch(config, patch);
        } catch {
          return;
        }
        for (const leaf of patchLeaves(patch)) {
          if (leaf.path.length === 0) continue;
          const got = getAtPath(result, leaf.path);
          if (leaf.value === null) expect(got.found).toBe(false);
          else if (isRecord(leaf.value)) expect(isRecord(got.value)).toBe(true);
          else expect(got).toEqual({ found: true, value: leaf.value });
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("is idempotent", () => {
    fc.assert(
      fc.property(tree, patchTree, (config, patch) => {
        let once: JsonObject;
        try {
          once = applyMergePatch(config, patch);
        } catch {
          return;
        }
        expect(applyMergePatch(once, patch)).toEqual(once);
      }),
      { numRuns: 500 },
    );
  });
});
