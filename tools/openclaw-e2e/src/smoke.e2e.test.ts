import { afterEach, describe, expect, it } from "vitest";
import { cleanupAll, createOpenClawHome } from "./index.ts";
import { type StubAnthropic, startStubAnthropic } from "./test-support/stub-anthropic.ts";

let stub: StubAnthropic | undefined;
afterEach(async () => {
  await cleanupAll();
  await stub?.close();
});

describe("smoke: a real Gateway sends an agent turn to a hand-written anthropic-messages provider", () => {
  it("replies with the simulator's text after exactly one POST /v1/messages", async () => {
    stub = await startStubAnthropic("PONG from the stub");
    const home = await createOpenClawHome();
    home.mergeConfig({
      models: {
        providers: {
          sim: {
            baseUrl: stub.url,
            apiKey: "sim-placeholder",
            api: "anthropic-messages",
            models: [
              {
                id: "claude-sim-1",
                name: "Sim",
                reasoning: false,
                input: ["text"],
                cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
                contextWindow: 200000,
                maxTokens: 4096,
              },
            ],
          },
        },
      },
      agents: { defaults: { model: { primary: "sim/claude-sim-1", fallbacks: [] } } },
    });
    const gateway = await home.startGateway();
    const turn = await home.agentTurn("Say PONG");
    console.info(`gateway ready ${gateway.readyMs} ms, agent turn ${turn.durationMs} ms`);
    expect(turn.exitCode, turn.stderr).toBe(0);
    expect(turn.text).toContain("PONG from the stub");
    expect(stub.requests().filter((r) => r.method === "POST")).toEqual([
      { method: "POST", path: "/v1/messages", model: "claude-sim-1" },
    ]);
    const stop = await gateway.stop();
    console.info(`gateway stop ${stop.durationMs} ms`, stop);
    expect(home.processes()).toEqual([]);
  });
});
