import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { toStrictJsonSchema } from "./json-schema.ts";
import {
  DEFAULT_RESTART_POLICY,
  restartDelayFor,
  restartPolicy,
  restartPolicyShape,
} from "./restart-policy.ts";

describe("restartPolicy", () => {
  it("fills the defaults", () => {
    expect(z.parse(restartPolicy(), {})).toEqual(DEFAULT_RESTART_POLICY);
    expect(DEFAULT_RESTART_POLICY).toEqual({
      autoRestart: true,
      restartDelayMs: 3000,
      maxRestartDelayMs: 60_000,
      maxCrashes: 5,
      crashWindowMs: 300_000,
    });
  });

  it("takes other defaults, and they reach the JSON Schema", () => {
    const schema = restartPolicy({ restartDelayMs: 500, maxCrashes: 10 });
    expect(z.parse(schema, {})).toMatchObject({
      restartDelayMs: 500,
      maxCrashes: 10,
      crashWindowMs: 300_000,
    });
    expect(toStrictJsonSchema(schema)).toMatchObject({
      additionalProperties: false,
      properties: {
        restartDelayMs: { default: 500, type: "integer", minimum: 100 },
        maxCrashes: { default: 10 },
      },
    });
  });

  it("spreads into another object schema", () => {
    const schema = z.strictObject({ name: z.string(), ...restartPolicyShape() });
    expect(z.parse(schema, { name: "x", autoRestart: false })).toEqual({
      name: "x",
      ...DEFAULT_RESTART_POLICY,
      autoRestart: false,
    });
    expect(z.safeParse(schema, { name: "x", maxCrashes: 0 }).success).toBe(false);
  });
});

describe("restartDelayFor", () => {
  it("doubles from restartDelayMs and stops at maxRestartDelayMs", () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 100].map((attempt) =>
      restartDelayFor(DEFAULT_RESTART_POLICY, attempt),
    );
    expect(delays).toEqual([3000, 6000, 12_000, 24_000, 48_000, 60_000, 60_000, 60_000]);
  });

  it("never goes below restartDelayMs, even with a smaller cap", () => {
    expect(restartDelayFor({ restartDelayMs: 5000, maxRestartDelayMs: 1000 }, 3)).toBe(5000);
    expect(restartDelayFor({ restartDelayMs: 5000, maxRestartDelayMs: 1000 }, 0)).toBe(5000);
  });
});
