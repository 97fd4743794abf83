import { describe, expect, it } from "vitest";
import { agentTurnOf, parseAgentJson, replyAgentMeta, replyText } from "./agent-reply.ts";

const TURN = {
  payloads: [{ text: "PONG", mediaUrl: null }, { text: "second" }, { text: null }],
  meta: { durationMs: 512, agentMeta: { provider: "anthropic-max-proxy", model: "claude-opus-4.6" } },
};

describe("openclaw agent --json, both shapes", () => {
  it("through the Gateway: the turn under `result`", () => {
    const stdout = `warning: something first\n${JSON.stringify({ runId: "r1", status: "ok", summary: "completed", result: TURN }, null, 2)}\n`;
    const reply = parseAgentJson(stdout);
    expect(reply?.runId).toBe("r1");
    expect(agentTurnOf(reply)).toEqual(TURN);
    expect(replyText(reply)).toBe("PONG\nsecond");
    expect(replyAgentMeta(reply)).toEqual({ provider: "anthropic-max-proxy", model: "claude-opus-4.6" });
  });

  it("with --local: payloads and meta at the top level", () => {
    const reply = parseAgentJson(JSON.stringify(TURN));
    expect(agentTurnOf(reply)).toEqual(TURN);
    expect(replyText(reply)).toBe("PONG\nsecond");
    expect(replyAgentMeta(reply)?.provider).toBe("anthropic-max-proxy");
  });

  it("no reply, no payloads, no JSON", () => {
    expect(parseAgentJson("no json here")).toBeUndefined();
    expect(replyText(undefined)).toBeUndefined();
    expect(replyText({ status: "error", meta: { error: { message: "refused" } } })).toBeUndefined();
    expect(replyAgentMeta(undefined)).toBeUndefined();
  });
});
