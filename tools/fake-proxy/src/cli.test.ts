/** The simulator as a command: Meridian's environment, the ready line, and the fault switches that act while it runs. */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI_PATH, fakeProxyCommand } from "./command.ts";
import { readEnvDump } from "./env-dump.ts";
import { getFreePort } from "./free-port.ts";
import { getJson, HELLO, postJson } from "./test-support/http.ts";
import { spawnForTest, tempDirForTest } from "./test-support/processes.ts";

describe("the command", () => {
  it("is node plus the absolute path of src/cli.ts", () => {
    expect(fakeProxyCommand()).toEqual([process.execPath, CLI_PATH]);
    expect(CLI_PATH.endsWith("/tools/fake-proxy/src/cli.ts")).toBe(true);
    expect(existsSync(CLI_PATH)).toBe(true);
  });

  it("prints Meridian's ready line and serves the API", async () => {
    const proxy = spawnForTest();
    const address = await proxy.ready;
    expect(proxy.output()).toMatch(/^Meridian running at http:\/\/127\.0\.0\.1:\d+$/m);
    expect(address.url).toBe(`http://127.0.0.1:${address.port}`);
    expect(proxy.url).toBe(address.url);
    expect((await getJson(`${proxy.url}/health`)).body).toMatchObject({ status: "healthy" });
    const res = await postJson(`${proxy.url}/v1/messages`, HELLO, { "x-api-key": "sk-ant-secret-value" });
    expect(JSON.parse(res.text).model).toBe("claude-opus-4-6");
    expect(proxy.requests()).toEqual([
      expect.objectContaining({ method: "GET", path: "/health" }),
      expect.objectContaining({
        method: "POST",
        path: "/v1/messages",
        model: "claude-opus-4-6",
        headers: expect.objectContaining({ "x-api-key": "[redacted]" }),
      }),
    ]);
    expect(readFileSync(proxy.requestLog, "utf8")).not.toContain("sk-ant-secret-value");
  });

  it("listens on MERIDIAN_HOST, printing it as Meridian does", async () => {
    const proxy = spawnForTest({ host: "::1" });
    const address = await proxy.ready;
    expect(proxy.output()).toContain(`Meridian running at http://::1:${address.port}`);
    expect(address).toEqual({ host: "::1", port: address.port, url: `http://[::1]:${address.port}` });
    expect((await getJson(`${address.url}/health`)).status).toBe(200);
  });

  it("takes the port from MERIDIAN_PORT over CLAUDE_PROXY_PORT", async () => {
    const meridianPort = await getFreePort();
    const claudeProxyPort = await getFreePort();
    const env = {
      ...process.env,
      MERIDIAN_PORT: String(meridianPort),
      CLAUDE_PROXY_PORT: String(claudeProxyPort),
    };
    const proxy = spawnForTest({ env });
    expect(() => proxy.url).toThrow(/await ready/);
    expect((await proxy.ready).port).toBe(meridianPort);

    const chosen = await getFreePort();
    const explicit = spawnForTest({ port: chosen });
    expect(explicit.url).toBe(`http://127.0.0.1:${chosen}`);
    expect((await explicit.ready).url).toBe(explicit.url);

    const { MERIDIAN_PORT: _, ...withoutMeridian } = env;
    const second = spawnForTest({ env: withoutMeridian });
    expect((await second.ready).port).toBe(claudeProxyPort);
  });

  it("stops answering /health after FAKE_PROXY_HEALTH_HANG_AFTER_MS", async () => {
    const proxy = spawnForTest({ healthHangAfterMs: 0 });
    await proxy.ready;
    const answered = fetch(`${proxy.url}/health`).then(
      () => "answered",
      () => "dropped",
    );
    await expect.poll(() => proxy.requests().some((r) => r.path === "/health")).toBe(true);
    await proxy.stop();
    expect(await answered).toBe("dropped");
  });

  it("crashes after FAKE_PROXY_CRASH_AFTER_MS with the given exit code", async () => {
    const proxy = spawnForTest({ crashAfterMs: 50, crashExitCode: 7 });
    await proxy.ready;
    expect(await proxy.exited).toEqual({ code: 7, signal: null });
    expect(proxy.output()).toContain("simulated crash");
  });

  it("answers FAKE_PROXY_MESSAGES_STATUS and FAKE_PROXY_REPLY_TEXT from the environment", async () => {
    const failing = spawnForTest({ env: { ...process.env, FAKE_PROXY_MESSAGES_STATUS: "429" } });
    const talking = spawnForTest({ env: { ...process.env, FAKE_PROXY_REPLY_TEXT: "from env" } });
    await Promise.all([failing.ready, talking.ready]);
    const res = await postJson(`${failing.url}/v1/messages`, HELLO);
    expect(res.status).toBe(429);
    expect(JSON.parse(res.text).error.type).toBe("rate_limit_error");
    expect(JSON.parse((await postJson(`${talking.url}/v1/messages`, HELLO)).text).content[0].text).toBe(
      "from env",
    );
  });

  it("writes the server's env var names, never their values", async () => {
    const dump = join(tempDirForTest(), "env.json");
    const proxy = spawnForTest({
      envDump: dump,
      env: { PATH: process.env.PATH, ANTHROPIC_API_KEY: "sk-ant-api03-do-not-leak", SOME_SETTING: "x" },
    });
    await proxy.ready;
    const names = readEnvDump(dump);
    expect(names).toContain("ANTHROPIC_API_KEY");
    expect(names).toContain("SOME_SETTING");
    expect(names).toContain("FAKE_PROXY_ENV_DUMP");
    expect(names).toEqual([...names].sort());
    expect(readFileSync(dump, "utf8")).not.toContain("do-not-leak");
  });
});
