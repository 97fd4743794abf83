import { isDeepStrictEqual } from "node:util";
import { describe, expect, it } from "vitest";
import { generatedDocuments, readCommitted } from "../scripts/generate-schema.ts";
import { pluginConfigJsonSchema, pluginConfigUiHints } from "./plugin-config.ts";
import { ajvValidator } from "./test-support/validators.ts";

// The plugin build embeds these committed files into openclaw.plugin.json. When the schema code
// changes, they must be regenerated: `npx nx run config-schema:generate-schema`.
describe("committed manifest files", () => {
  for (const { file, document } of generatedDocuments()) {
    it(`${file.split("/").at(-1)} matches what the code generates`, () => {
      const committed = readCommitted(file);
      if (!isDeepStrictEqual(committed, document)) {
        throw new Error(
          `${file} is out of date: run \`npx nx run config-schema:generate-schema\` and commit the result`,
        );
      }
    });
  }

  it("the schema is strict: no key outside those with a ui hint, unknown keys refused", () => {
    const schema = pluginConfigJsonSchema();
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties as object)).toEqual(Object.keys(pluginConfigUiHints));
    expect(ajvValidator(schema)({ unknownKey: true })).toBe(false);
  });

  it("every property has a description and a default", () => {
    for (const [key, property] of Object.entries(
      pluginConfigJsonSchema().properties as Record<string, Record<string, unknown>>,
    )) {
      expect(typeof property.description, key).toBe("string");
      expect(property, key).toHaveProperty("default");
    }
  });

  it("every default satisfies the schema", () => {
    const schema = pluginConfigJsonSchema();
    const defaults = Object.fromEntries(
      Object.entries(schema.properties as Record<string, { default: unknown }>).map(([key, property]) => [
        key,
        property.default,
      ]),
    );
    expect(ajvValidator(schema)(defaults)).toBe(true);
  });

  it("hands out copies", () => {
    const a = pluginConfigJsonSchema();
    (a.properties as Record<string, unknown>).port = {};
    expect((pluginConfigJsonSchema().properties as Record<string, { type?: string }>).port?.type).toBe(
      "integer",
    );
  });
});
