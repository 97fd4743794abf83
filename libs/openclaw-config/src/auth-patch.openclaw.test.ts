// One builder, two callers: the setup patch applied the way OpenClaw applies a provider auth method's result
// (its applyProviderAuthConfigPatch, after toAuthConfigPatch) gives the same config as the CLI path
// (applyMergePatch, what updateConfigFile writes) — on every corpus config, with and without the plugin entry,
// with a stale alias to take back.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { toAuthConfigPatch } from "./auth-patch.ts";
import { isRecord, type JsonObject } from "./json.ts";
import { applyMergePatch } from "./merge.ts";
import { buildProxySetupPatch, proxySetupReplacePaths } from "./setup-patch.ts";
import { BASES } from "./test-support/corpus.ts";
import { cleanEnv, openclawPackageDir, runNode, runnerPath } from "./test-support/openclaw.ts";

const root = mkdtempSync(path.join(tmpdir(), "occ-auth-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("buildProxySetupPatch through OpenClaw's auth-result merge", () => {
  it("yields the same config as the CLI path", async () => {
    const stale: JsonObject = {
      ...(BASES.handEdited as JsonObject),
      agents: {
        defaults: {
          model: "openai/gpt-5.4",
          models: { "anthropic/claude-opus-4-6": { alias: "claude-max-proxy" } },
        },
      },
    };
    const configs: Record<string, JsonObject> = {
      ...(BASES as Record<string, JsonObject>),
      staleAlias: stale,
    };
    const cases = Object.entries(configs).flatMap(([name, config]) =>
      [false, true].map((plugin) => ({
        id: `${name}/${plugin ? "with" : "without"} plugin`,
        config,
        patch: buildProxySetupPatch(
          {
            host: "127.0.0.1",
            port: 3456,
            models: ["claude-sonnet-4.5", "claude-opus-4.6"],
            pluginConfig: plugin,
          },
          config,
        ),
      })),
    );
    const run = await runNode([runnerPath("auth-patch-runner.ts"), openclawPackageDir()], {
      env: cleanEnv({ HOME: path.join(root, "home") }),
      input: JSON.stringify(cases),
    });
    if (run.exitCode !== 0) throw new Error(`auth patch runner failed: ${run.stderr}`);
    const results = JSON.parse(run.stdout) as Array<{ id: string; result?: JsonObject; error?: string }>;
    for (const [index, c] of cases.entries()) {
      const ours = applyMergePatch(c.config, c.patch, { replacePaths: proxySetupReplacePaths() });
      expect({ case: c.id, config: results[index]?.result ?? results[index]?.error }).toEqual({
        case: c.id,
        config: ours,
      });
    }
    expect(cases.some((c) => JSON.stringify(c.patch).includes("null"))).toBe(true); // the stale alias case deletes
  }, 60_000);

  it("turns deletions into undefined and leaves the rest alone", () => {
    const converted = toAuthConfigPatch({ a: { b: null, c: [null, 1], d: "x" } });
    expect(converted).toEqual({ a: { b: undefined, c: [null, 1], d: "x" } });
    expect(Object.hasOwn((converted.a as Record<string, unknown>) ?? {}, "b")).toBe(true);
    expect(isRecord(converted.a)).toBe(true);
  });
});
