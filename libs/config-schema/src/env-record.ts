import * as z from "zod/mini";
import { withJsonSchema } from "./json-schema.ts";

/** A portable environment variable name: letters, digits and `_`, not starting with a digit. */
export const ENV_NAME_PATTERN: RegExp = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** An environment variable value: any string without a NUL character (a process cannot receive one). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly the character this pattern refuses
export const ENV_VALUE_PATTERN: RegExp = /^[^\u0000]*$/;

/**
 * Schema: extra environment variables for a child process, `{ NAME: "value" }`. Names must match
 * `ENV_NAME_PATTERN` and must not be one of `reserved` (variables the caller sets or removes itself;
 * the issue carries `params.configCode = "reserved_env"`).
 */
export function envRecord(
  options: { reserved?: readonly string[] } = {},
): z.ZodMiniRecord<z.ZodMiniString<string>, z.ZodMiniString<string>> {
  const reserved = [...(options.reserved ?? [])];
  const reservedSet = new Set(reserved);
  const name = z.string().check(
    z.regex(ENV_NAME_PATTERN),
    z.refine((key: string) => !reservedSet.has(key), { params: { configCode: "reserved_env" } }),
  );
  const nameJsonSchema = {
    type: "string",
    pattern: ENV_NAME_PATTERN.source,
    ...(reserved.length > 0 ? { not: { enum: reserved } } : {}),
  };
  withJsonSchema(name, nameJsonSchema, { replace: true });
  return z.record(name, z.string().check(z.regex(ENV_VALUE_PATTERN)));
}
