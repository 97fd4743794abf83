// Differential test: the same patches applied by our applyMergePatch and by real OpenClaw 2026.9.6's
// `config patch` (its runConfigPatch, batched in one process; two cases also through the CLI binary to show the
// batch runner and `openclaw config patch --file` agree). Curated cases plus 40 generated ones; OpenClaw validates
// the whole config on write, so generated trees live in the free-form `agents.defaults.params` bag.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import JSON5 from "json5";
import { afterAll, describe, expect, it } from "vitest";
import { OpenClawConfigError } from "./errors.ts";
import type { JsonObject, JsonValue } from "./json.ts";
import { applyMergePatch, type ConfigPatch } from "./merge.ts";
import { BASES, HAND_EDITED, MERGE_CASES } from "./test-support/corpus.ts";
import {
  cleanEnv,
  mapLimit,
  openclawPackageDir,
  runNode,
  runnerPath,
  runOpenClaw,
} from "./test-support/openclaw.ts";

const root = mkdtempSync(path.join(tmpdir(), "occ-merge-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Prepared {
  id: string;
  name: string;
  base: JsonObject;
  baseText: string;
  patch: ConfigPatch;
  replacePaths: string[][];
  configPath: string;
  patchFile: string;
}

/**
 * OpenClaw runs write-time migrations on configs that lack its migration markers (e.g. it copies a legacy
 * `agents.defaults.models` map into `agents.defaults.modelPolicy.allow`). Those are not merge rules: mark the
 * bases as migrated so only the merge is compared.
 */
const MIGRATED = { migrations: { modelPolicyAllowlist: true, utilityModelSeparation: true } };

function prepare(
  id: string,
  name: string,
  unmarked: JsonObject,
  patch: ConfigPatch,
  replacePaths: string[][] = [],
  baseText?: string,
): Prepared {
  const base = { ...unmarked, meta: MIGRATED };
  const dir = path.join(root, id);
  mkdirSync(dir, { recursive: true });
  const configPath = path.join(dir, "openclaw.json");
  const patchFile = path.join(dir, "patch.json5");
  const text = baseText ?? `${JSON.stringify(base, null, 2)}\n`;
  writeFileSync(configPath, text);
  writeFileSync(patchFile, JSON5.stringify(patch, null, 2));
  return { id, name, base, baseText: text, patch, replacePaths, configPath, patchFile };
}

function ours(c: Prepared): { result?: JsonObject; refused?: string } {
  try {
    return { result: applyMergePatch(c.base, c.patch, { replacePaths: c.replacePaths }) };
  } catch (error) {
    if (error instanceof OpenClawConfigError) return { refused: error.code };
    throw error;
  }
}

/** OpenClaw stamps `meta` (last touched version, migration markers) on every write: not part of the merge. */
function withoutMeta(config: JsonObject): JsonObject {
  const { meta: _meta, ...rest } = config;
  return rest;
}

const REFUSAL = /Refusing to replace|Cannot merge|Expected numeric index|Cannot traverse|not an object/;

function compare(c: Prepared, exitCode: number, messages: string, extra: Record<string, unknown> = {}): void {
  const mine = ours(c);
  const after = JSON5.parse(readFileSync(c.configPath, "utf8")) as JsonObject;
  const context = { case: c.name, patch: c.patch, ...extra };
  if (exitCode === 0) {
    expect({ ...context, result: withoutMeta(after) }, c.name).toEqual({
      ...context,
      result: mine.result && withoutMeta(mine.result),
    });
    return;
  }
  // OpenClaw refused: it must be a merge refusal (not a schema error in our corpus), and we refuse too.
  expect({ ...context, openclaw: REFUSAL.test(messages) ? "refused" : messages }).toEqual({
    ...context,
    openclaw: "refused",
  });
  expect({ ...context, ours: mine.refused ?? "accepted" }).toEqual({
    ...context,
    ours: expect.stringMatching(/MERGE_CONFLICT|DESTRUCTIVE_REPLACEMENT/),
  });
  expect(readFileSync(c.configPath, "utf8")).toBe(c.baseText);
}

describe("applyMergePatch against real OpenClaw `config patch`", () => {
  it("agrees on curated and 40 generated cases; the CLI binary agrees with the batch runner", async () => {
    const seed = Date.now();
    const curated = MERGE_CASES.map((c, index) =>
      prepare(`c${index}`, c.name, BASES[c.base] as JsonObject, c.patch, c.replacePaths),
    );
    // Ballast keeps generated shrinkage under OpenClaw's "size-drop" clobber guard (a write-safety check that
    // refuses a config losing half its bytes; not a merge rule).
    const ballast = {
      models: {
        providers: {
          ballast: {
            baseUrl: "http://127.0.0.1:9/v1",
            api: "openai-completions",
            models: Array.from({ length: 40 }, (_, i) => ({ id: `model-${i}`, name: `Ballast model ${i}` })),
          },
        },
      },
    };
    const generated = fc
      .sample(fc.tuple(paramsTree(false), paramsTree(true)), { numRuns: 40, seed })
      .map(([params, patch], index) =>
        prepare(
          `g${index}`,
          `generated #${index}`,
          { gateway: { mode: "local", port: 18999 }, agents: { defaults: { params } }, ...ballast },
          { agents: { defaults: { params: patch } } },
        ),
      );
    // Through the CLI binary: a JSON5 file with comments, and a refusal.
    const setupCase = MERGE_CASES.findIndex(
      (c) => c.base === "handEdited" && c.name.startsWith("setup patch"),
    );
    const refusedCase = MERGE_CASES.findIndex((c) => c.refused);
    const viaCli = [
      prepare(
        "cli0",
        "CLI: setup patch on the hand-edited JSON5 file",
        JSON5.parse(HAND_EDITED) as JsonObject,
        (MERGE_CASES[setupCase] as (typeof MERGE_CASES)[number]).patch,
        [],
        HAND_EDITED,
      ),
      prepare(
        "cli1",
        `CLI: ${(MERGE_CASES[refusedCase] as (typeof MERGE_CASES)[number]).name}`,
        BASES.handEdited as JsonObject,
        (MERGE_CASES[refusedCase] as (typeof MERGE_CASES)[number]).patch,
      ),
    ];
    const batch = [...curated, ...generated];
    const home = path.join(root, "home");
    const [runnerRun, ...cliRuns] = await mapLimit(["runner", ...viaCli], 2, async (task) => {
      if (task === "runner") {
        return runNode([runnerPath("patch-runner.ts"), openclawPackageDir()], {
          env: cleanEnv({ HOME: home }),
          cwd: root,
          input: JSON.stringify(
            batch.map((c) => ({
              id: c.id,
              configPath: c.configPath,
              patchFile: c.patchFile,
              replacePath: c.replacePaths.map(toConfigPathString),
            })),
          ),
        });
      }
      const c = task as Prepared;
      return runOpenClaw(["config", "patch", "--file", c.patchFile], {
        env: cleanEnv({ HOME: path.join(root, `home-${c.id}`), OPENCLAW_CONFIG_PATH: c.configPath }),
        cwd: root,
      });
    });
    if (runnerRun?.exitCode !== 0) throw new Error(`patch runner failed: ${runnerRun?.stderr}`);
    const results = JSON.parse(runnerRun.stdout) as Array<{
      id: string;
      exitCode: number;
      messages: string[];
    }>;
    expect(results.map((r) => r.id)).toEqual(batch.map((c) => c.id));
    for (const [index, c] of batch.entries()) {
      const r = results[index] as (typeof results)[number];
      compare(c, r.exitCode, r.messages.join("\n"), c.id.startsWith("g") ? { seed } : {});
    }
    for (const [index, c] of viaCli.entries()) {
      const run = cliRuns[index] as NonNullable<(typeof cliRuns)[number]>;
      compare(c, run.exitCode ?? -1, `${run.stdout}\n${run.stderr}`);
    }
    // The generated corpus must exercise all three rules, not only additions.
    const flat = generated.map((c) => JSON.stringify(c.patch));
    expect(flat.some((p) => p.includes("null"))).toBe(true);
    expect(flat.some((p) => p.includes("["))).toBe(true);
  }, 180_000);
});

/** Random JSON trees with keys from a small alphabet (so patches hit existing keys); patches may hold nulls. */
function paramsTree(isPatch: boolean): fc.Arbitrary<Record<string, JsonValue>> {
  const key = fc.constantFrom("a", "b", "c", "d");
  const scalar = fc.oneof(fc.integer({ min: -5, max: 5 }), fc.constantFrom("x", "y", ""), fc.boolean());
  const leaf = isPatch
    ? fc.oneof({ weight: 3, arbitrary: scalar }, { weight: 2, arbitrary: fc.constant(null) })
    : scalar;
  const { tree } = fc.letrec<{ tree: Record<string, JsonValue>; value: JsonValue }>((tie) => ({
    tree: fc.dictionary(key, tie("value"), { maxKeys: 4 }),
    value: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      leaf,
      fc.array(scalar, { maxLength: 3 }),
      tie("tree"),
    ),
  }));
  return tree;
}

/** `["models","providers","local-llm","models"]` → `models.providers["local-llm"].models` (OpenClaw's path syntax). */
function toConfigPathString(segments: string[]): string {
  return segments
    .map((segment, index) =>
      /^[A-Za-z_][A-Za-z0-9_]*$/.test(segment)
        ? `${index === 0 ? "" : "."}${segment}`
        : `[${JSON.stringify(segment)}]`,
    )
    .join("");
}
