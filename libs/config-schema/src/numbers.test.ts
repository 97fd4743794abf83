import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { toStrictJsonSchema } from "./json-schema.ts";
import { boundedInt, PORT_RANGE, parsePort, port } from "./numbers.ts";

describe("port", () => {
  it.each([1, 80, 3456, 65535])("accepts %i", (value) =>
    expect(z.safeParse(port(), value).success).toBe(true),
  );
  it.each([0, -1, 65536, 3456.5, Number.NaN, Number.POSITIVE_INFINITY, "3456", null])("refuses %s", (value) =>
    expect(z.safeParse(port(), value).success).toBe(false),
  );
  it("is a JSON Schema integer from 1 to 65535", () => {
    expect(toStrictJsonSchema(port())).toMatchObject({ type: "integer", minimum: 1, maximum: 65535 });
    expect(PORT_RANGE).toEqual({ min: 1, max: 65535 });
  });
});

describe("parsePort", () => {
  it.each([
    ["3456", 3456],
    [" 8080 ", 8080],
    ["1", 1],
    ["65535", 65535],
    ["00080", 80],
  ])("%j → %i", (text, value) => expect(parsePort(text)).toBe(value));
  it.each(["", "0", "65536", "-1", "1.5", "3456a", "0x10", "1e3", "123456", " "])("%j → undefined", (text) =>
    expect(parsePort(text)).toBeUndefined(),
  );
});

describe("boundedInt", () => {
  it("checks integer-ness without aborting the parse of sibling keys", () => {
    const schema = z.object({ a: boundedInt(1, 10), b: boundedInt(1, 10) });
    const result = z.safeParse(schema, { a: 1.5, b: 11 });
    expect(result.error?.issues.map((issue) => issue.path[0])).toEqual(["a", "b"]);
  });

  it("refuses bad bounds", () => {
    expect(() => boundedInt(5, 1)).toThrow(RangeError);
    expect(() => boundedInt(0.5, 1)).toThrow(RangeError);
  });
});
