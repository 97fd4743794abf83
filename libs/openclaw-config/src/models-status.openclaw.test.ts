// Differential test: modelsStatusView(config) against real OpenClaw 2026.9.6's `openclaw models status`
// (its modelsStatusCommand batched in one process, one `--json` and one text run also through the CLI binary).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { JsonObject } from "./json.ts";
import { modelsStatusView } from "./models-status.ts";
import { STATUS_CONFIGS } from "./test-support/corpus.ts";
import {
  cleanEnv,
  mapLimit,
  openclawPackageDir,
  runNode,
  runnerPath,
  runOpenClaw,
} from "./test-support/openclaw.ts";

const root = mkdtempSync(path.join(tmpdir(), "occ-status-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const VIEW_LINES = /^(Default|Fallbacks \(|Image model|Image fallbacks \(|Aliases \()/;

describe("modelsStatusView against `openclaw models status`", () => {
  it("matches the JSON fields and the printed lines for every config of the corpus", async () => {
    const cases = Object.entries(STATUS_CONFIGS).map(([name, config], index) => {
      const dir = path.join(root, `c${index}`);
      mkdirSync(dir, { recursive: true });
      const configPath = path.join(dir, "openclaw.json");
      writeFileSync(configPath, `${JSON.stringify(config, null, 2)}\n`);
      return { id: String(index), name, config, configPath };
    });
    const batch = cases.flatMap((c) => [
      { id: `${c.id}-json`, configPath: c.configPath, json: true },
      { id: `${c.id}-text`, configPath: c.configPath, json: false },
    ]);
    const viaCli = cases.slice(1, 2)[0] as (typeof cases)[number];
    const tasks = ["runner", "cli-json", "cli-text"] as const;
    const [runner, cliJson, cliText] = await mapLimit(tasks, 2, (task) => {
      if (task === "runner") {
        return runNode([runnerPath("models-status-runner.ts"), openclawPackageDir()], {
          env: cleanEnv({ HOME: path.join(root, "home") }),
          input: JSON.stringify(batch),
        });
      }
      return runOpenClaw(["models", "status", ...(task === "cli-json" ? ["--json"] : [])], {
        env: cleanEnv({ HOME: path.join(root, `home-${task}`), OPENCLAW_CONFIG_PATH: viaCli.configPath }),
      });
    });
    if (runner?.exitCode !== 0) throw new Error(`models status runner failed: ${runner?.stderr}`);
    const results = JSON.parse(runner.stdout) as Array<{
      id: string;
      exitCode: number;
      stdout: string;
      errors: string[];
    }>;
    const byId = new Map(results.map((r) => [r.id, r]));
    for (const c of cases) {
      const json = byId.get(`${c.id}-json`);
      const text = byId.get(`${c.id}-text`);
      expect({ case: c.name, exitCode: json?.exitCode, errors: json?.errors }).toEqual({
        case: c.name,
        exitCode: 0,
        errors: [],
      });
      const theirs = JSON.parse(json?.stdout ?? "{}") as Record<string, unknown>;
      const view = modelsStatusView(c.config as JsonObject);
      const pick = (v: Record<string, unknown>) => ({
        case: c.name,
        defaultModel: v.defaultModel,
        resolvedDefault: v.resolvedDefault,
        fallbacks: v.fallbacks,
        imageModel: v.imageModel,
        imageFallbacks: v.imageFallbacks,
        aliases: v.aliases,
      });
      expect(pick(view as unknown as Record<string, unknown>)).toEqual(pick(theirs));
      const printed = (text?.stdout ?? "").split("\n").filter((line) => VIEW_LINES.test(line));
      expect({ case: c.name, lines: view.lines }).toEqual({ case: c.name, lines: printed });
    }
    // The CLI binary prints the same as the batch runner.
    expect(JSON.parse(cliJson?.stdout ?? "{}").resolvedDefault).toBe(
      JSON.parse(byId.get(`${viaCli.id}-json`)?.stdout ?? "{}").resolvedDefault,
    );
    const cliLines = (cliText?.stdout ?? "").split("\n").filter((line) => VIEW_LINES.test(line));
    expect(cliLines).toEqual(modelsStatusView(viaCli.config as JsonObject).lines);
  }, 120_000);
});
