import { describe, expect, it } from "vitest";
import { runCli } from "./test-support/cli.ts";
import { fakeProxy, getFreePort, setUp, testHome } from "./test-support/fixtures.ts";

describe("verify", () => {
  it("one Messages request through the proxy: round trip, model and reply; exit 0", async () => {
    const home = testHome();
    const proxy = await fakeProxy({ replyText: "pong" });
    await setUp(home, proxy.port);
    const result = await runCli(["verify", "--no-agent", "--json"], { env: home.env });
    expect(result.exitCode).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.messages).toMatchObject({ ok: true, status: 200, model: "claude-opus-4-6", text: "pong" });
    expect(report.messages.latencyMs).toBeGreaterThan(0);
    expect(report.health.state).toBe("healthy");
    const request = proxy.requests().find((entry) => entry.path === "/v1/messages");
    expect(request?.model).toBe("claude-opus-4-6");
    expect(JSON.stringify(request?.headers)).not.toMatch(/sk-ant-/);

    const human = await runCli(["verify", "--no-agent"], { env: home.env });
    expect(human.stdout).toMatch(/✓ messages\s+HTTP 200 in \d+ ms: claude-opus-4-6 answered "pong"/);
  });

  it("an Anthropic error from the proxy fails with its type and message; exit 1", async () => {
    const home = testHome();
    const proxy = await fakeProxy({ messagesStatus: 429 });
    await setUp(home, proxy.port);
    const result = await runCli(["verify", "--no-agent"], { env: home.env });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/✗ messages\s+HTTP 429 rate_limit_error/);
    expect(result.stdout).toContain("anthropic-max-proxy doctor");
  });

  it("nothing listening: says so; exit 1", async () => {
    const home = testHome();
    await setUp(home, await getFreePort());
    const result = await runCli(["verify", "--no-agent", "--json"], { env: home.env });
    expect(result.exitCode).toBe(1);
    expect(JSON.parse(result.stdout).messages.error.message).toMatch(/nothing listens/);
  });

  it("not set up: exit 1 with the fix", async () => {
    const home = testHome();
    home.writeConfig({});
    const result = await runCli(["verify", "--no-agent"], { env: home.env });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("anthropic-max-proxy setup");
  });
});
