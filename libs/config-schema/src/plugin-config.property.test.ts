import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { parsePluginConfig, pluginConfigJsonSchema, safeParsePluginConfig } from "./plugin-config.ts";
import { junk, pluginConfigInput } from "./test-support/arbitraries.ts";
import { ajvValidator, loadOpenClawValidator } from "./test-support/validators.ts";

// The zod schema (what the plugin and the CLI run) and the generated JSON Schema (what the manifest
// declares) must give the same verdict on every input: checked with a standard validator (ajv), and,
// on fewer runs because it is ~5 ms a call, with OpenClaw's own plugin-config validator (TypeBox plus
// OpenClaw's schema normalisation and default hydration) from the pinned host.

const schema = pluginConfigJsonSchema();
const ajv = ajvValidator(schema);

// OpenClaw validates `plugins.entries.<id>.config ?? {}` (no config = empty config), and so does
// safeParsePluginConfig: the JSON Schema verdicts are taken on that same value.
const effective = (input: unknown): unknown => input ?? {};

describe("zod and the generated JSON Schema (ajv) agree", () => {
  it("on generated plugin configs, valid and invalid (2000 runs)", () => {
    let valid = 0;
    let invalid = 0;
    fc.assert(
      fc.property(pluginConfigInput, (input) => {
        const zod = safeParsePluginConfig(input);
        expect({ input, zod: zod.success }).toEqual({ input, zod: ajv(effective(input)) });
        if (zod.success) valid++;
        else {
          invalid++;
          expect(zod.error.issues.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 2000 },
    );
    // Both verdicts must be well represented, or the property proves little.
    expect(valid).toBeGreaterThan(500);
    expect(invalid).toBeGreaterThan(500);
  });

  it("on arbitrary JSON values and objects (1000 runs)", () => {
    const anyJson = fc.oneof(
      junk,
      fc.jsonValue({ maxDepth: 2 }),
      fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 })),
    );
    fc.assert(
      fc.property(anyJson, (input) => {
        expect(safeParsePluginConfig(input).success).toBe(ajv(effective(input)));
      }),
      { numRuns: 1000 },
    );
  });
});

describe("OpenClaw's plugin-config validator agrees too", () => {
  let openclaw: Awaited<ReturnType<typeof loadOpenClawValidator>>;
  beforeAll(async () => {
    openclaw = await loadOpenClawValidator();
  });

  it("on generated plugin configs, and the config it hydrates parses to the same result (300 runs)", () => {
    fc.assert(
      fc.property(pluginConfigInput, (input) => {
        const zod = safeParsePluginConfig(input);
        const host = openclaw({
          schema,
          cacheKey: "config-schema-property",
          value: effective(input),
          applyDefaults: true,
        });
        expect({ input, zod: zod.success }).toEqual({ input, zod: host.ok });
        // OpenClaw hands the plugin its config with the JSON Schema defaults filled in: parsing that
        // gives the same config as parsing what the user wrote.
        if (zod.success && host.ok) expect(parsePluginConfig(host.value)).toEqual(zod.data);
      }),
      { numRuns: 300 },
    );
  });
});
