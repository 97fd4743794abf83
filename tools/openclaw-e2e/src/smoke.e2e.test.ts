import { afterEach, describe, expect, it } from "vitest";
import { cleanupAll } from "./home.ts";
import { runSmoke, SMOKE_MODEL_ID, SMOKE_REPLY_TEXT } from "./smoke.ts";

afterEach(async () => {
  await cleanupAll();
});

describe("smoke: real OpenClaw, a hand-written anthropic-messages provider, the proxy simulator", () => {
  it("answers an agent turn with the simulator's text after exactly one POST /v1/messages", async () => {
    const lines: string[] = [];
    const report = await runSmoke({ log: (line) => lines.push(line) });
    console.info(lines.join("\n"));

    expect(report.error?.message).toBeUndefined();
    expect(report.agentExitCode).toBe(0);
    expect(report.reply).toContain(SMOKE_REPLY_TEXT);
    expect(report.requests.filter((request) => request.method === "POST")).toEqual([
      expect.objectContaining({ method: "POST", path: "/v1/messages", model: SMOKE_MODEL_ID, stream: true }),
    ]);
    expect(report.leftAfterStop).toEqual([]);
    expect(report.ok).toBe(true);
    expect(lines.filter((line) => line.startsWith("✓"))).toHaveLength(7);
  });
});
