// Batch runner (a child process, outside the test runner): applies each case's patch the way OpenClaw applies a
// provider auth method's `configPatch` (its applyProviderAuthConfigPatch), after toAuthConfigPatch. Input: JSON
// cases on stdin; output: the merged configs.
import path from "node:path";
import { toAuthConfigPatch } from "../auth-patch.ts";
import type { ConfigPatch } from "../merge.ts";
import { importOpenClawFunction, readStdin } from "./openclaw-internals.ts";

const distDir = path.join(process.argv[2] as string, "dist");
const applyProviderAuthConfigPatch = await importOpenClawFunction<(cfg: unknown, patch: unknown) => unknown>(
  distDir,
  "applyProviderAuthConfigPatch",
);
const cases = JSON.parse(await readStdin()) as Array<{ id: string; config: unknown; patch: ConfigPatch }>;
const results = cases.map((c) => {
  try {
    return {
      id: c.id,
      result: applyProviderAuthConfigPatch(structuredClone(c.config), toAuthConfigPatch(c.patch)),
    };
  } catch (error) {
    return { id: c.id, error: String((error as Error).message) };
  }
});
process.stdout.write(`${JSON.stringify(results)}\n`);
process.exit(0);
