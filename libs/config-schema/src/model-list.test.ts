import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { toStrictJsonSchema } from "./json-schema.ts";
import {
  MODEL_ID_PATTERN,
  MODEL_LIST_TEXT_PATTERN,
  modelIdArray,
  modelList,
  splitModelList,
} from "./model-list.ts";
import { ajvValidator } from "./test-support/validators.ts";

const ids = fc.constantFrom(
  "claude-opus-4.6",
  "claude-sonnet-4.5",
  "claude-3.7-sonnet",
  "opus",
  "a",
  "b",
  "A1",
  "x:y@z_1",
);
const separators = fc.constantFrom(",", ", ", " ,", " , ", ",,", ",\n", ",\u00a0", "\t,\t");

describe("modelList", () => {
  const schema = modelList();

  it("a comma-separated string parses to the same list as the array", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(ids, { minLength: 1, maxLength: 5 }),
        fc.array(separators, { minLength: 5, maxLength: 5 }),
        fc.constantFrom("", " ", ","),
        (list, seps, edge) => {
          const text =
            edge + list.map((id, index) => (index === 0 ? id : (seps[index] as string) + id)).join("") + edge;
          expect(z.parse(schema, text)).toEqual(list);
          expect(z.parse(schema, list)).toEqual(list);
        },
      ),
    );
  });

  it("refuses a repeated id in either form", () => {
    expect(z.safeParse(schema, ["a", "b", "a"]).success).toBe(false);
    expect(z.safeParse(schema, "a, b, a").success).toBe(false);
    expect(z.safeParse(schema, "a,a").success).toBe(false);
    // a prefix of another id is not a repeat
    expect(z.parse(schema, "ab, a, abc")).toEqual(["ab", "a", "abc"]);
  });

  it("reports every repeated id, with the index of the repeat", () => {
    const result = z.safeParse(schema, ["a", "b", "a", "b", "c"]);
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([[2], [3]]);
  });

  it.each([[[]], [""], [" ,, "], ["a b"], [["a b"]], [["a/b"]], [[1]], [5], [null], [{}]])(
    "refuses %j",
    (input) => {
      expect(z.safeParse(schema, input).success).toBe(false);
    },
  );

  it("the JSON Schema's text pattern agrees with split-and-validate on random text", () => {
    const ajv = ajvValidator(toStrictJsonSchema(schema));
    const text = fc.string({
      unit: fc.constantFrom("a", "b", "ab", "-", ".", ",", " ", "\t", "\n", "/", "é", "1"),
      maxLength: 14,
    });
    fc.assert(
      fc.property(text, (value) => {
        expect(ajv(value)).toBe(z.safeParse(schema, value).success);
      }),
      { numRuns: 3000 },
    );
  });

  it("the text form is limited to 4096 characters", () => {
    const long = `${Array.from({ length: 1000 }, (_, index) => `m${index}`).join(",")}`;
    expect(long.length).toBeGreaterThan(4096);
    expect(z.safeParse(schema, long).success).toBe(false);
    expect(MODEL_LIST_TEXT_PATTERN.test("a")).toBe(true);
  });
});

describe("modelIdArray and MODEL_ID_PATTERN", () => {
  it.each(["claude-opus-4.6", "claude-3-7-sonnet-20250219", "opus", "A", "9", "gpt-4o:free", "m@v1", "a_b"])(
    "id %s is valid",
    (id) => expect(MODEL_ID_PATTERN.test(id)).toBe(true),
  );
  it.each(["", "-a", ".a", "_a", "a b", "a,b", "anthropic/claude", "é", "a\n"])("id %j is not", (id) =>
    expect(MODEL_ID_PATTERN.test(id)).toBe(false),
  );
  it("has uniqueItems in its JSON Schema", () => {
    expect(toStrictJsonSchema(modelIdArray())).toMatchObject({
      type: "array",
      minItems: 1,
      uniqueItems: true,
    });
  });
});

describe("splitModelList", () => {
  it("trims, drops empty items, keeps order and duplicates (validation is the schema's job)", () => {
    expect(splitModelList(" b , a,, b ,")).toEqual(["b", "a", "b"]);
    expect(splitModelList("")).toEqual([]);
  });
});
