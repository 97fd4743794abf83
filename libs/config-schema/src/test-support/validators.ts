import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Ajv2020 } from "ajv/dist/2020.js";
import type { JsonSchema } from "../json-schema.ts";

/** The pinned real OpenClaw the workspace installs for end-to-end tests (root postinstall). */
const HOST_PACKAGE_JSON = fileURLToPath(
  new URL("../../../../tools/openclaw-e2e/host/package.json", import.meta.url),
);

type OpenClawValidate = (params: {
  schema: JsonSchema;
  cacheKey?: string;
  value: unknown;
  applyDefaults?: boolean;
}) => { ok: true; value: unknown } | { ok: false; errors: { path: string; message: string; text: string }[] };

/**
 * OpenClaw's own plugin-config validator (`openclaw/plugin-sdk/json-schema-runtime`
 * `validateJsonSchemaValue`: TypeBox with OpenClaw's schema normalisation and default hydration),
 * loaded from the pinned host in tools/openclaw-e2e/host.
 */
export async function loadOpenClawValidator(): Promise<OpenClawValidate> {
  if (!existsSync(HOST_PACKAGE_JSON)) {
    throw new Error(`OpenClaw host not found at ${HOST_PACKAGE_JSON}: run \`npm ci\` at the repository root`);
  }
  const require = createRequire(HOST_PACKAGE_JSON);
  let entry: string;
  try {
    entry = require.resolve("openclaw/plugin-sdk/json-schema-runtime");
  } catch (error) {
    throw new Error(
      "openclaw is not installed in tools/openclaw-e2e/host: run `npm ci` at the repository root (its postinstall installs the pinned OpenClaw)",
      { cause: error },
    );
  }
  const module = (await import(pathToFileURL(entry).href)) as { validateJsonSchemaValue?: OpenClawValidate };
  if (typeof module.validateJsonSchemaValue !== "function") {
    throw new Error(`${entry} no longer exports validateJsonSchemaValue: check the pinned OpenClaw version`);
  }
  return module.validateJsonSchemaValue;
}

/**
 * A standard JSON Schema 2020-12 validator (ajv in strict mode, all errors). `strictTuples` is off: it
 * flags a `prefixItems` without `minItems`/`maxItems`, which is exactly the "rule for argv[0] of an
 * array of any length" the command schema means.
 */
export function ajvValidator(schema: JsonSchema): (value: unknown) => boolean {
  const ajv = new Ajv2020({ strict: true, strictTuples: false, allErrors: true });
  const validate = ajv.compile(schema);
  return (value) => validate(value) as boolean;
}
