import * as z from "zod/mini";
import { unwrapLazy } from "./lazy-schema.ts";

/** A JSON Schema document (the subset of keywords this package emits is open-ended). */
export type JsonSchema = { [keyword: string]: unknown };

/**
 * Zod checks such as `refine` have no JSON Schema form, so `toJSONSchema` drops them. Every check in
 * this package that JSON Schema can still express is paired, where the check is declared, with the
 * keywords that express it (`withJsonSchema`). `toStrictJsonSchema` applies them: the one place where
 * the generated JSON Schema is hand-tuned.
 */
const jsonSchemaPatches = new WeakMap<object, { keywords: JsonSchema; replace: boolean }>();

/**
 * Descriptions and other annotations (title, examples) attached to schemas; `toStrictJsonSchema`
 * copies them into the JSON Schema. A registry of its own, so the package never writes to zod's
 * global registry.
 */
export const schemaDocs = z.registry<{ description?: string; title?: string; examples?: unknown[] }>();

/**
 * Declares the JSON Schema keywords that express a zod check `toJSONSchema` cannot see (a refine).
 * With `replace`, the keywords replace the generated node entirely (for transforms, whose input
 * side zod cannot describe). Returns the same schema, for chaining.
 */
export function withJsonSchema<T extends z.ZodMiniType>(
  schema: T,
  keywords: JsonSchema,
  options: { replace?: boolean } = {},
): T {
  jsonSchemaPatches.set(unwrapLazy(schema), { keywords, replace: options.replace ?? false });
  return schema;
}

/** Attaches a description (and optional title/examples) that `toStrictJsonSchema` emits. */
export function withDescription<T extends z.ZodMiniType>(
  schema: T,
  docs: { description?: string; title?: string; examples?: unknown[] },
): T {
  schemaDocs.add(unwrapLazy(schema), docs);
  return schema;
}

/**
 * The JSON Schema (draft 2020-12) of what a schema accepts as INPUT: keys with a default are
 * optional and carry `default`, unknown keys are rejected where the zod object is strict, and every
 * check declared with `withJsonSchema` is present. This is what a plugin manifest's `configSchema`
 * needs.
 */
export function toStrictJsonSchema(schema: z.ZodMiniType): JsonSchema {
  const generated = z.toJSONSchema(unwrapLazy(schema), {
    io: "input",
    target: "draft-2020-12",
    metadata: schemaDocs,
    unrepresentable: "any",
    override: ({ zodSchema, jsonSchema }) => {
      const node = jsonSchema as JsonSchema;
      // zod leaves `default` out when the wrapped schema transforms its input (the model list):
      // the default is still what an absent key means, so state it.
      const def = zodSchema._zod.def as { type: string; defaultValue?: unknown };
      if (def.type === "default" && !("default" in node)) node.default = structuredClone(def.defaultValue);
      const patch = jsonSchemaPatches.get(unwrapLazy(zodSchema));
      if (!patch) return;
      if (patch.replace) {
        for (const key of Object.keys(node)) {
          if (key !== "default" && key !== "description") delete node[key];
        }
      }
      Object.assign(node, structuredClone(patch.keywords));
    },
  }) as JsonSchema;
  return generated;
}
