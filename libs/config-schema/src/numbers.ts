import * as z from "zod/mini";
import { withJsonSchema } from "./json-schema.ts";

/** Lowest and highest TCP port a server can be told to listen on. */
export const PORT_RANGE = { min: 1, max: 65535 } as const;

/**
 * Schema: an integer from `min` to `max`, inclusive (JSON Schema `integer` + `minimum`/`maximum`).
 * Built on `z.number()` plus an integer check rather than `z.int()`, whose failure aborts the whole
 * parse and would hide problems with other keys.
 */
export function boundedInt(min: number, max: number): z.ZodMiniNumber<number> {
  if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || min > max) {
    throw new RangeError(`boundedInt(${min}, ${max}): bounds must be safe integers with min <= max`);
  }
  const schema = z.number().check(
    z.refine((value: number) => Number.isInteger(value), { params: { configCode: "not_integer" } }),
    z.gte(min),
    z.lte(max),
  );
  return withJsonSchema(schema, { type: "integer", minimum: min, maximum: max }, { replace: true });
}

/** Schema: a TCP port, an integer from 1 to 65535. */
export function port(): z.ZodMiniNumber<number> {
  return boundedInt(PORT_RANGE.min, PORT_RANGE.max);
}

/**
 * Reads a port typed as text (a prompt, a CLI flag): digits only, surrounding spaces ignored.
 * Returns `undefined` when the text is not a port from 1 to 65535.
 */
export function parsePort(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^[0-9]{1,5}$/.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return value >= PORT_RANGE.min && value <= PORT_RANGE.max ? value : undefined;
}
