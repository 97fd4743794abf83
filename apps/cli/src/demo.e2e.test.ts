/**
 * The README's main job, end to end: `anthropic-max-proxy demo` with the real OpenClaw, the built plugin and
 * the simulator. Every step that can pass must; a step may only fail for a reason it names, and nothing is
 * left running.
 */
import { HOME_MARKER_ENV, processesWithEnv } from "@proxykit/openclaw-e2e";
import { describe, expect, it } from "vitest";
import { baseEnv, runCli } from "./test-support/cli.ts";

interface Step {
  name: string;
  ok: boolean;
  ms: number;
  detail: string;
}

/** The steps about the Gateway supervising the proxy (the plugin's service). */
const SUPERVISION = /the plugin started the proxy|the Gateway restarts it|fail closed/;

describe("demo", () => {
  it("runs every step with its time, passes all it can, and leaves nothing running", async () => {
    const result = await runCli(["demo", "--json"], { env: baseEnv(), timeoutMs: 900_000 });
    const report = JSON.parse(result.stdout) as { ok: boolean; steps: Step[] };
    const byName = (pattern: RegExp) => report.steps.find((step) => pattern.test(step.name));
    for (const step of report.steps) expect(step.ms, step.name).toBeGreaterThanOrEqual(0);
    for (const pattern of [
      /throwaway/,
      /setup --yes --install-plugin/,
      /models status agrees/,
      /Gateway started/,
      /agent turn answered/,
      /Gateway stopped/,
      /cleanup/,
    ]) {
      const step = byName(pattern);
      expect(step, String(pattern)).toBeDefined();
      expect(step?.ok, `${step?.name}: ${step?.detail}`).toBe(true);
    }
    // Only the supervision steps may fail (the plugin's service lands separately), each with its reason.
    for (const failed of report.steps.filter((step) => !step.ok)) {
      expect(failed.name).toMatch(SUPERVISION);
      expect(failed.detail.length).toBeGreaterThan(10);
    }
    expect(result.exitCode).toBe(report.ok ? 0 : 1);
    expect(byName(/cleanup/)?.detail).toContain("nothing left to kill");
    // No Gateway, proxy or `run` of the demo's home survives it (they all carry the home's marker).
    const dir = /(\/\S*openclaw-e2e-\S+)/.exec(byName(/throwaway/)?.detail ?? "")?.[1];
    expect(dir).toBeDefined();
    expect(processesWithEnv(HOME_MARKER_ENV, dir as string)).toEqual([]);
    // Human output: ✓/✗ per step with its time (checked on the JSON run's stderr-free stdout above).
    expect(result.stderr).toBe("");
  }, 900_000);
});
