import * as z from "zod/mini";
import { withJsonSchema } from "./json-schema.ts";

/** Longest model id accepted. */
export const MODEL_ID_MAX_LENGTH = 128;
/** Longest comma-separated model list accepted as one string. */
export const MODEL_LIST_TEXT_MAX_LENGTH = 4096;

// One model id: ASCII letters and digits, then also `.`, `_`, `:`, `@`, `-`. No `/` (a provider
// prefix such as `anthropic/` is not part of the id), no whitespace, no comma.
const ID = `[A-Za-z0-9][A-Za-z0-9._:@-]{0,${MODEL_ID_MAX_LENGTH - 1}}`;

/** Pattern for one model id. */
export const MODEL_ID_PATTERN: RegExp = new RegExp(`^${ID}$`);

/**
 * Pattern for a comma-separated list of model ids as typed at a prompt: at least one id, commas
 * between ids, whitespace around them and empty items (`a,,b`, a trailing comma) ignored, and no id
 * twice (the negative lookahead finds a repeated whole item with a back-reference).
 */
export const MODEL_LIST_TEXT_PATTERN: RegExp = new RegExp(
  `^(?![\\s\\S]*(?:^|[\\s,])(${ID})[\\s,](?:[\\s\\S]*[\\s,])?\\1(?:[\\s,]|$))[\\s,]*${ID}(?:\\s*,[\\s,]*${ID})*[\\s,]*$`,
);

/**
 * Splits a comma-separated model list as typed at a prompt: items trimmed, empty items dropped,
 * order kept. No validation: feed the result to `modelList()` (or use `parseModelListText`).
 */
export function splitModelList(text: string): string[] {
  return text
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

/** Schema: one model id (see `MODEL_ID_PATTERN`). */
export function modelId(): z.ZodMiniString<string> {
  return z.string().check(z.minLength(1), z.maxLength(MODEL_ID_MAX_LENGTH), z.regex(MODEL_ID_PATTERN));
}

/** Schema: a non-empty array of unique model ids (no text form). */
export function modelIdArray(): z.ZodMiniArray<z.ZodMiniString<string>> {
  const schema = z.array(modelId()).check(
    z.minLength(1),
    z.superRefine(
      (ids: string[], ctx) => {
        if (!Array.isArray(ids)) return;
        const seen = new Set<string>();
        ids.forEach((id, index) => {
          if (typeof id !== "string") return;
          if (seen.has(id)) {
            ctx.issues.push({
              code: "custom",
              input: id,
              path: [index],
              message: `duplicate model id ${JSON.stringify(id)}`,
              params: { configCode: "duplicate" },
            });
          }
          seen.add(id);
        });
      },
      // Report duplicates even when another id is malformed.
      { when: () => true },
    ),
  );
  return withJsonSchema(schema, { uniqueItems: true });
}

/**
 * Schema: a model list given either as an array of ids or as one comma-separated string (what a user
 * types at a prompt, or `openclaw config set … models a,b` stores). Both forms parse to the same
 * array: non-empty, unique ids, order kept. Its JSON Schema is an `anyOf` of the two forms.
 */
export function modelList(): z.ZodMiniPipe<
  z.ZodMiniTransform<unknown, unknown>,
  ReturnType<typeof modelIdArray>
> {
  const arraySchema = modelIdArray();
  const fromText = z.transform((value: unknown, ctx) => {
    if (typeof value !== "string") return value;
    if (value.length > MODEL_LIST_TEXT_MAX_LENGTH) {
      ctx.issues.push({
        code: "too_big",
        origin: "string",
        maximum: MODEL_LIST_TEXT_MAX_LENGTH,
        inclusive: true,
        input: value,
      });
      return z.NEVER;
    }
    return splitModelList(value);
  });
  const schema = z.pipe(fromText, arraySchema);
  return withJsonSchema(
    schema,
    {
      anyOf: [
        { type: "string", maxLength: MODEL_LIST_TEXT_MAX_LENGTH, pattern: MODEL_LIST_TEXT_PATTERN.source },
        {
          type: "array",
          minItems: 1,
          uniqueItems: true,
          items: {
            type: "string",
            minLength: 1,
            maxLength: MODEL_ID_MAX_LENGTH,
            pattern: MODEL_ID_PATTERN.source,
          },
        },
      ],
    },
    { replace: true },
  );
}
