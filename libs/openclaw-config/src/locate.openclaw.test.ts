// Differential test: where is the config file? Our locateConfigFile() against real OpenClaw 2026.9.6 —
// (1) the `openclaw config file --json` CLI itself, one process per case, on hand-picked cases;
// (2) OpenClaw's own applyCliProfileEnv + resolveConfigPath in one batch process, on 300 generated cases
//     (environment variables × profiles × which default/legacy files exist × relative paths and `~`).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { locateConfigFile } from "./locate.ts";
import {
  cleanEnv,
  mapLimit,
  openclawPackageDir,
  runNode,
  runnerPath,
  runOpenClaw,
} from "./test-support/openclaw.ts";

const root = mkdtempSync(path.join(tmpdir(), "occ-locate-"));
const runnerHome = path.join(root, "runner-home");
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Layout {
  /** Files to create, relative to the case directory. */
  files: string[];
  /** Directories to create, relative to the case directory. */
  dirs?: string[];
  /** Environment; `$CASE` is replaced by the case directory. */
  env: Record<string, string>;
  profile?: string;
  /** Working directory relative to the case directory (default `cwd`). */
  cwd?: string;
}

let caseCounter = 0;
function materialize(layout: Layout): { dir: string; env: Record<string, string>; cwd: string } {
  const dir = path.join(root, `case-${caseCounter++}`);
  mkdirSync(path.join(dir, "cwd"), { recursive: true });
  mkdirSync(path.join(dir, "home"), { recursive: true });
  for (const sub of layout.dirs ?? []) mkdirSync(path.join(dir, sub), { recursive: true });
  for (const file of layout.files) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), "{}\n");
  }
  const env = Object.fromEntries(
    Object.entries(layout.env).map(([key, value]) => [key, value.replaceAll("$CASE", dir)]),
  );
  return { dir, env, cwd: path.join(dir, layout.cwd ?? "cwd") };
}

// The CLI costs seconds per call: a few cases here; the batch test below covers the combinations.
const cliCases: Array<[string, Layout]> = [
  ["nothing exists: ~/.openclaw/openclaw.json", { files: [], env: { HOME: "$CASE/home" } }],
  [
    "OPENCLAW_CONFIG_PATH relative to cwd, with spaces around",
    { files: [], env: { HOME: "$CASE/home", OPENCLAW_CONFIG_PATH: "  conf/my.json5 " } },
  ],
  [
    "OPENCLAW_STATE_DIR wins over an existing default file",
    {
      files: ["home/.openclaw/openclaw.json"],
      env: { HOME: "$CASE/home", OPENCLAW_STATE_DIR: "~/state" },
    },
  ],
  [
    "OPENCLAW_HOME = ~/alt (tilde against HOME)",
    { files: [], env: { HOME: "$CASE/home", OPENCLAW_HOME: "~/alt" } },
  ],
  [
    "legacy ~/.clawdbot/openclaw.json when ~/.openclaw has no config",
    { files: ["home/.clawdbot/openclaw.json"], dirs: ["home/.openclaw"], env: { HOME: "$CASE/home" } },
  ],
  ["--profile work", { files: [], env: { HOME: "$CASE/home" }, profile: "work" }],
  [
    "OPENCLAW_PROFILE alone selects nothing",
    { files: ["home/.openclaw-work/openclaw.json"], env: { HOME: "$CASE/home", OPENCLAW_PROFILE: "work" } },
  ],
  [
    "--profile b switching away from OPENCLAW_PROFILE=a's state dir",
    {
      files: [],
      env: { HOME: "$CASE/home", OPENCLAW_PROFILE: "a", OPENCLAW_STATE_DIR: "~/.openclaw-a" },
      profile: "b",
    },
  ],
];

describe("locateConfigFile against real OpenClaw", () => {
  it("matches `openclaw config file --json` (one CLI process per case)", async () => {
    const prepared = cliCases.map(([name, layout]) => ({ name, layout, ...materialize(layout) }));
    const answers = await mapLimit(prepared, 2, async (c) => {
      const flag =
        c.layout.profile === undefined
          ? []
          : c.layout.profile === "dev"
            ? ["--dev"]
            : ["--profile", c.layout.profile];
      const run = await runOpenClaw([...flag, "config", "file", "--json"], {
        env: cleanEnv(c.env),
        cwd: c.cwd,
      });
      if (run.exitCode !== 0) throw new Error(`openclaw config file failed for "${c.name}": ${run.stderr}`);
      return (JSON.parse(run.stdout) as { path: string }).path;
    });
    for (const [index, c] of prepared.entries()) {
      const ours = locateConfigFile({ env: c.env, profile: c.layout.profile, cwd: c.cwd }).path;
      expect({ case: c.name, path: ours }).toEqual({ case: c.name, path: answers[index] });
    }
  }, 120_000);

  it("matches OpenClaw's own resolveConfigPath/applyCliProfileEnv on 300 generated cases", async () => {
    const seed = Date.now();
    const layouts = fc.sample(layoutArbitrary(), { numRuns: 300, seed });
    const prepared = layouts.map((layout, index) => ({ id: String(index), layout, ...materialize(layout) }));
    const run = await runNode([runnerPath("locate-runner.ts"), openclawPackageDir()], {
      env: cleanEnv({ HOME: runnerHome }),
      input: JSON.stringify(
        prepared.map((c) => ({ id: c.id, env: c.env, profile: c.layout.profile, cwd: c.cwd })),
      ),
    });
    if (run.exitCode !== 0) throw new Error(`locate runner failed: ${run.stderr}`);
    const theirs = JSON.parse(run.stdout) as Array<{ id: string; path?: string; error?: string }>;
    expect(theirs).toHaveLength(prepared.length);
    // The generated cases must reach many different answers, not one default.
    expect(new Set(theirs.map((t) => t.path ?? "error")).size).toBeGreaterThan(20);
    for (const [index, c] of prepared.entries()) {
      const expected = theirs[index];
      let ours: { path?: string; error?: boolean };
      try {
        ours = {
          path: locateConfigFile({
            env: c.env,
            profile: c.layout.profile,
            cwd: c.cwd,
            homedir: () => runnerHome,
          }).path,
        };
      } catch {
        ours = { error: true };
      }
      const context = { seed, case: c.layout };
      if (expected?.error !== undefined) expect({ ...context, ...ours }).toEqual({ ...context, error: true });
      else expect({ ...context, ...ours }).toEqual({ ...context, path: expected?.path });
    }
  }, 60_000);
});

function layoutArbitrary(): fc.Arbitrary<Layout> {
  const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
  const files = fc.subarray([
    "home/.openclaw/openclaw.json",
    "home/.openclaw/clawdbot.json",
    "home/.clawdbot/openclaw.json",
    "home/.clawdbot/clawdbot.json",
    "home/.openclaw-work/openclaw.json",
    "home/state/openclaw.json",
    "home/state/clawdbot.json",
    "alt/.openclaw/openclaw.json",
    "alt/.clawdbot/clawdbot.json",
    "cwd/rel/.openclaw/openclaw.json",
    "st/clawdbot.json",
  ]);
  const dirs = fc.subarray(["home/.openclaw", "home/.clawdbot", "alt/.openclaw", "st"]);
  return fc
    .record({
      files,
      dirs,
      home: fc.constantFrom("$CASE/home", " $CASE/home ", "undefined"),
      userprofile: opt(fc.constantFrom("$CASE/alt")),
      openclawHome: opt(fc.constantFrom("$CASE/alt", "~/alt", "~", "rel", "  ", "null", "~alt")),
      stateDir: opt(fc.constantFrom("~/state", "$CASE/st", "st", "  ", "~")),
      configPath: opt(fc.constantFrom("~/cfg/openclaw.json", "$CASE/c.json", "conf/x.json5", " ", "~")),
      inheritedProfile: opt(fc.constantFrom("work", "default", "a")),
      profile: opt(fc.constantFrom("work", "dev", "default", "Other_1", "a", "bad name")),
    })
    .map((r) => {
      const env: Record<string, string> = { HOME: r.home };
      if (r.userprofile !== undefined) env.USERPROFILE = r.userprofile;
      if (r.openclawHome !== undefined) env.OPENCLAW_HOME = r.openclawHome;
      if (r.stateDir !== undefined) env.OPENCLAW_STATE_DIR = r.stateDir;
      if (r.configPath !== undefined) env.OPENCLAW_CONFIG_PATH = r.configPath;
      if (r.inheritedProfile !== undefined) env.OPENCLAW_PROFILE = r.inheritedProfile;
      return {
        files: r.files,
        dirs: r.dirs,
        env,
        ...(r.profile === undefined ? {} : { profile: r.profile }),
      };
    });
}
