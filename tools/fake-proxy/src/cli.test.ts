/** The simulator as a command: Meridian's environment, ready line, start-up failures and fault switches. */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CLI_PATH, fakeProxyCommand } from "./command.ts";
import { readEnvDump } from "./env-dump.ts";
import { getFreePort } from "./free-port.ts";
import {
  FakeProxyExitedError,
  type SpawnedFakeProxy,
  type SpawnFakeProxyOptions,
  spawnFakeProxy,
} from "./spawn.ts";
import { getJson, HELLO, postJson } from "./test-support/http.ts";

let dir: string;
const spawned: SpawnedFakeProxy[] = [];
const servers: Server[] = [];

function spawnProxy(options: SpawnFakeProxyOptions = {}): SpawnedFakeProxy {
  const proxy = spawnFakeProxy(options);
  spawned.push(proxy);
  return proxy;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "fake-proxy-cli-"));
});
afterEach(async () => {
  await Promise.all(spawned.splice(0).map((p) => p.stop()));
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
  rmSync(dir, { recursive: true, force: true });
});

describe("the command", () => {
  it("is node plus the absolute path of src/cli.ts", () => {
    expect(fakeProxyCommand()).toEqual([process.execPath, CLI_PATH]);
    expect(CLI_PATH.endsWith("/tools/fake-proxy/src/cli.ts")).toBe(true);
    expect(existsSync(CLI_PATH)).toBe(true);
  });

  it("prints Meridian's ready line and serves the API", async () => {
    const proxy = spawnProxy();
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
    const proxy = spawnProxy({ host: "::1" });
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
    const proxy = spawnProxy({ env });
    expect((await proxy.ready).port).toBe(meridianPort);

    const { MERIDIAN_PORT: _, ...withoutMeridian } = env;
    const second = spawnProxy({ env: withoutMeridian });
    expect((await second.ready).port).toBe(claudeProxyPort);
  });

  it("exits 1 with Meridian's message when the port is in use", async () => {
    const server = createServer();
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as { port: number }).port;
    const proxy = spawnProxy({ port });
    const error = await proxy.ready.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FakeProxyExitedError);
    expect(error).toMatchObject({ code: "FAKE_PROXY_EXITED", exitCode: 1 });
    expect((error as FakeProxyExitedError).output).toContain(`Error: Port ${port} is already in use.`);
    expect((error as Error).message).toContain("already in use");
  });

  it("exits 1 with Meridian's message when not logged in", async () => {
    const proxy = spawnProxy({ notLoggedIn: true });
    await expect(proxy.ready).rejects.toMatchObject({ exitCode: 1 });
    expect(proxy.output()).toContain("✗ Not logged in to Claude.");
    expect(proxy.output()).toContain("Run: claude login");
    expect(await proxy.exited).toEqual({ code: 1, signal: null });
  });

  it("exits 1 at start-up when the credentials file is missing, and starts once it exists", async () => {
    const creds = join(dir, ".credentials.json");
    const first = spawnProxy({ credentialsFile: creds });
    await expect(first.ready).rejects.toMatchObject({ exitCode: 1 });
    expect(first.output()).toContain("Not logged in to Claude");

    writeFileSync(creds, "{}");
    const second = spawnProxy({ credentialsFile: creds, authCacheMs: 0 });
    await second.ready;
    expect((await getJson(`${second.url}/health`)).status).toBe(200);
    rmSync(creds);
    expect(await getJson(`${second.url}/health`)).toMatchObject({
      status: 503,
      body: { status: "unhealthy" },
    });
  });

  it("starts degraded with a warning when the auth check fails", async () => {
    const proxy = spawnProxy({ degraded: true });
    await proxy.ready;
    expect(proxy.output()).toContain("Could not verify Claude auth status");
    expect(await getJson(`${proxy.url}/health`)).toMatchObject({ status: 200, body: { status: "degraded" } });
  });

  it("waits FAKE_PROXY_START_DELAY_MS before it is ready", async () => {
    const startedAt = performance.now();
    const proxy = spawnProxy({ startDelayMs: 300 });
    await proxy.ready;
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(300);
  });

  it("stops answering /health after FAKE_PROXY_HEALTH_HANG_AFTER_MS", async () => {
    const proxy = spawnProxy({ healthHangAfterMs: 0 });
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
    const proxy = spawnProxy({ crashAfterMs: 50, crashExitCode: 7 });
    await proxy.ready;
    expect(await proxy.exited).toEqual({ code: 7, signal: null });
    expect(proxy.output()).toContain("simulated crash");
  });

  it("answers FAKE_PROXY_MESSAGES_STATUS and FAKE_PROXY_REPLY_TEXT from the environment", async () => {
    const failing = spawnProxy({ env: { ...process.env, FAKE_PROXY_MESSAGES_STATUS: "429" } });
    const talking = spawnProxy({ env: { ...process.env, FAKE_PROXY_REPLY_TEXT: "from env" } });
    await Promise.all([failing.ready, talking.ready]);
    const res = await postJson(`${failing.url}/v1/messages`, HELLO);
    expect(res.status).toBe(429);
    expect(JSON.parse(res.text).error.type).toBe("rate_limit_error");
    expect(JSON.parse((await postJson(`${talking.url}/v1/messages`, HELLO)).text).content[0].text).toBe(
      "from env",
    );
  });

  it("writes the server's env var names, never their values", async () => {
    const dump = join(dir, "env.json");
    const proxy = spawnProxy({
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

describe("the bin", () => {
  it("runs through node_modules/.bin/fake-claude-proxy like an installed proxy", async () => {
    const bin = join(import.meta.dirname, "../../../node_modules/.bin/fake-claude-proxy");
    expect(existsSync(bin), `${bin} is missing: run npm install at the repository root`).toBe(true);
    const result = spawnSync(bin, [], {
      env: {
        ...process.env,
        PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH}`,
        MERIDIAN_PORT: "0",
        FAKE_PROXY_NOT_LOGGED_IN: "1",
      },
      encoding: "utf8",
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("✗ Not logged in to Claude.");
  });
});
