import { isRecord } from "./json.ts";
import type { ConfigPatch } from "./merge.ts";

/**
 * The same patch, shaped for a provider auth method's result (`ProviderAuthResult.configPatch`). OpenClaw merges
 * an auth result differently from `openclaw config patch`: objects merge and arrays replace alike, but a `null`
 * is stored as `null` (and would fail validation) while a key set to `undefined` is deleted. This turns every
 * deletion (`null`) into `undefined`; everything else is unchanged. Use it only for in-process results.
 */
export function toAuthConfigPatch(patch: ConfigPatch): Record<string, unknown> {
  const convert = (value: unknown): unknown => {
    if (value === null) return undefined;
    if (!isRecord(value)) return value;
    return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, convert(child)]));
  };
  return convert(patch) as Record<string, unknown>;
}
