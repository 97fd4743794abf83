/** The command's start-up: Meridian's exit-1 failures (port in use, not logged in), degraded start, start delay, the bin. */
import { spawnSync } from "node:child_process";
import { existsSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { delimiter, dirname, join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { FakeProxyExitedError } from "./spawn.ts";
import { getJson } from "./test-support/http.ts";
import { spawnForTest, tempDirForTest } from "./test-support/processes.ts";

describe("start-up", () => {
  it("exits 1 with Meridian's message when the port is in use", async () => {
    const server = createServer();
    onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as { port: number }).port;
    const proxy = spawnForTest({ port });
    const error = await proxy.ready.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FakeProxyExitedError);
    expect(error).toMatchObject({ code: "FAKE_PROXY_EXITED", exitCode: 1 });
    expect((error as FakeProxyExitedError).output).toContain(`Error: Port ${port} is already in use.`);
    expect((error as Error).message).toContain("already in use");
  });

  it("exits 1 with Meridian's message when not logged in", async () => {
    const proxy = spawnForTest({ notLoggedIn: true });
    await expect(proxy.ready).rejects.toMatchObject({ exitCode: 1 });
    expect(proxy.output()).toContain("✗ Not logged in to Claude.");
    expect(proxy.output()).toContain("Run: claude login");
    expect(await proxy.exited).toEqual({ code: 1, signal: null });
  });

  it("exits 1 at start-up when the credentials file is missing, and starts once it exists", async () => {
    const creds = join(tempDirForTest(), ".credentials.json");
    const first = spawnForTest({ credentialsFile: creds });
    await expect(first.ready).rejects.toMatchObject({ exitCode: 1 });
    expect(first.output()).toContain("Not logged in to Claude");

    writeFileSync(creds, "{}");
    const second = spawnForTest({ credentialsFile: creds, authCacheMs: 0 });
    await second.ready;
    expect((await getJson(`${second.url}/health`)).status).toBe(200);
    rmSync(creds);
    expect(await getJson(`${second.url}/health`)).toMatchObject({
      status: 503,
      body: { status: "unhealthy" },
    });
  });

  it("starts degraded with a warning when the auth check fails", async () => {
    const proxy = spawnForTest({ degraded: true });
    await proxy.ready;
    expect(proxy.output()).toContain("Could not verify Claude auth status");
    expect(await getJson(`${proxy.url}/health`)).toMatchObject({ status: 200, body: { status: "degraded" } });
  });

  it("waits FAKE_PROXY_START_DELAY_MS before it is ready", async () => {
    const startedAt = performance.now();
    const proxy = spawnForTest({ startDelayMs: 300 });
    await proxy.ready;
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(300);
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
