/** The process side: signals, SIGTERM-ignoring, and wrapper mode (the server in a grandchild, like bunx). */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readEnvDump } from "./env-dump.ts";
import { getJson } from "./test-support/http.ts";
import { alive, childrenOf, spawnForTest, tempDirForTest, waitForOutput } from "./test-support/processes.ts";

describe("signals", () => {
  it("dies on SIGTERM by default", async () => {
    const proxy = spawnForTest();
    await proxy.ready;
    proxy.kill("SIGTERM");
    expect(await proxy.exited).toEqual({ code: null, signal: "SIGTERM" });
  });

  it("survives SIGTERM with FAKE_PROXY_IGNORE_SIGTERM; stop() escalates to SIGKILL", async () => {
    const proxy = spawnForTest({ ignoreSigterm: true, stopTimeoutMs: 200 });
    await proxy.ready;
    proxy.kill("SIGTERM");
    await waitForOutput(proxy, "ignoring SIGTERM");
    expect((await getJson(`${proxy.url}/health`)).status).toBe(200);
    await proxy.stop();
    expect(await proxy.exited).toEqual({ code: null, signal: "SIGKILL" });
  });
});

describe("wrapper mode", () => {
  it("keeps the server in a grandchild and passes SIGTERM on to it", async () => {
    const dump = join(tempDirForTest(), "env.json");
    const proxy = spawnForTest({ wrapper: true, envDump: dump });
    await proxy.ready;
    const [server] = childrenOf(proxy.pid);
    expect(server).toBeGreaterThan(0);
    expect(readFileSync(`/proc/${server}/cmdline`, "utf8")).toContain("cli.ts");
    // The env dump is the server's: the wrapper switch is not in its environment.
    expect(readEnvDump(dump)).not.toContain("FAKE_PROXY_WRAPPER");
    expect((await getJson(`${proxy.url}/health`)).status).toBe(200);

    proxy.kill("SIGTERM"); // to the wrapper only
    expect(await proxy.exited).toEqual({ code: null, signal: "SIGTERM" });
    expect(alive(server as number)).toBe(false);
  });

  it("leaves the server holding the port when only the wrapper is killed; stop() kills the group", async () => {
    const proxy = spawnForTest({ wrapper: true });
    await proxy.ready;
    const [server] = childrenOf(proxy.pid) as [number];
    proxy.kill("SIGKILL");
    await proxy.exited;
    expect(alive(server)).toBe(true);
    expect((await getJson(`${proxy.url}/health`)).status).toBe(200);
    await proxy.stop();
    await expect.poll(() => alive(server)).toBe(false);
  });

  it("with FAKE_PROXY_IGNORE_SIGTERM neither the wrapper nor the server dies on SIGTERM", async () => {
    const proxy = spawnForTest({ wrapper: true, ignoreSigterm: true, stopTimeoutMs: 200 });
    await proxy.ready;
    const [server] = childrenOf(proxy.pid) as [number];
    proxy.kill("SIGTERM");
    await waitForOutput(proxy, "[fake-proxy wrapper] ignoring SIGTERM");
    process.kill(server, "SIGTERM");
    await waitForOutput(proxy, "[fake-proxy] ignoring SIGTERM");
    expect(alive(proxy.pid)).toBe(true);
    expect(alive(server)).toBe(true);
    expect((await getJson(`${proxy.url}/health`)).status).toBe(200);
    await proxy.stop();
    await expect.poll(() => alive(server)).toBe(false);
  });

  it("exits as the server exits (not logged in → 1)", async () => {
    const proxy = spawnForTest({ wrapper: true, notLoggedIn: true });
    await expect(proxy.ready).rejects.toMatchObject({ exitCode: 1 });
    expect(proxy.output()).toContain("Not logged in to Claude");
  });
});
