import type { JsonObject } from "../json.ts";

/** The payload of version `k` of the churn worker's file: lets a reader detect a torn or mixed file. */
export function payloadFor(k: number): JsonObject {
  return Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`key${i}`, `v${k}-${i}-${"x".repeat(i)}`]));
}
