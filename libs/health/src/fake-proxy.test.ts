/**
 * Against the Meridian simulator (`tools/fake-proxy`): the bodies and behaviours of the real proxy, in
 * process and as real child processes (also wrapped, like `bunx`, so the port holder is a grandchild).
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import {
  type FakeProxy,
  getFreePort,
  type SpawnedFakeProxy,
  type SpawnFakeProxyOptions,
  spawnFakeProxy,
  startFakeProxy,
} from "@proxykit/fake-proxy";
import { afterEach, describe, expect, it } from "vitest";
import { inspectPort } from "./inspect-port.ts";
import { probe } from "./probe.ts";
import { waitUntilReady } from "./wait-until-ready.ts";
import { type LivenessEvent, type LivenessWatcher, watchLiveness } from "./watch-liveness.ts";

let cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

async function fake(options: Parameters<typeof startFakeProxy>[0] = {}): Promise<FakeProxy> {
  const proxy = await startFakeProxy({ port: 0, ...options });
  cleanups.push(() => proxy.close());
  return proxy;
}
function spawned(options: SpawnFakeProxyOptions): SpawnedFakeProxy {
  const child = spawnFakeProxy(options);
  cleanups.push(() => child.stop());
  return child;
}
function watch(...args: Parameters<typeof watchLiveness>): LivenessWatcher {
  const w = watchLiveness(...args);
  cleanups.push(() => w.stop());
  return w;
}
function nextEvent(w: LivenessWatcher, pred: (e: LivenessEvent) => boolean): Promise<LivenessEvent> {
  return new Promise((resolve) => {
    const off = w.subscribe((e) => {
      if (pred(e)) {
        off();
        resolve(e);
      }
    });
  });
}

describe("probe against the Meridian simulator", () => {
  it("healthy: logged in, with email, subscription and version (probing the base URL)", async () => {
    const proxy = await fake();
    const r = await probe(proxy.url);
    expect(r).toMatchObject({
      state: "healthy",
      statusCode: 200,
      url: `${proxy.url}/health`,
      auth: { loggedIn: true, email: "fake@example.com", subscriptionType: "max" },
    });
    expect(r.version).toMatch(/fake/);
  });

  it("unhealthy: 503 not logged in", async () => {
    const proxy = await fake({ notLoggedIn: true });
    expect(await probe(proxy.url)).toMatchObject({
      state: "unhealthy",
      statusCode: 503,
      reason: "Not logged in. Run: claude login",
      auth: { loggedIn: false },
    });
  });

  it("degraded: 200, the login could not be verified", async () => {
    const proxy = await fake({ degraded: true });
    const r = await probe(proxy.url);
    expect(r).toMatchObject({ state: "degraded", statusCode: 200, reason: "Could not verify auth status" });
    expect(r.auth).toBeUndefined();
  });

  it("no-health-endpoint: a path the proxy does not serve (its JSON 404)", async () => {
    const proxy = await fake();
    expect(await probe(`${proxy.url}/healthz`)).toMatchObject({
      state: "no-health-endpoint",
      statusCode: 404,
    });
  });

  it("timeout: /health accepts and hangs while the rest of the proxy still answers", async () => {
    const proxy = await fake({ healthHangAfterMs: 0 });
    expect(await probe(proxy.url, { timeoutMs: 100 })).toMatchObject({ state: "timeout", connected: true });
  });
});

describe("the liveness watcher against the simulator", () => {
  it("follows a login that disappears and comes back (credentials file deleted, then restored)", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "health-fake-login-"));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const credentials = path.join(dir, "credentials.json");
    await writeFile(credentials, "{}");
    const proxy = await fake({ credentialsFile: credentials, authCacheMs: 0 });
    const w = watch(proxy.url, { intervalMs: 5 });
    await nextEvent(w, (e) => e.result.state === "healthy");
    const loggedOut = nextEvent(w, (e) => e.type === "change");
    await rm(credentials);
    expect(await loggedOut).toMatchObject({
      previous: "healthy",
      result: { state: "unhealthy", auth: { loggedIn: false } },
      consecutiveFailures: 0,
    });
    const loggedIn = nextEvent(w, (e) => e.type === "change");
    await writeFile(credentials, "{}");
    expect(await loggedIn).toMatchObject({
      previous: "unhealthy",
      result: { state: "healthy" },
    });
  });

  it("raises failure-threshold when /health starts hanging", async () => {
    const proxy = await fake({ healthHangAfterMs: 50 });
    const events: LivenessEvent[] = [];
    const w = watch(proxy.url, {
      intervalMs: 10,
      timeoutMs: 50,
      failureThreshold: 2,
      onEvent: (e) => events.push(e),
    });
    const threshold = await nextEvent(w, (e) => e.type === "failure-threshold");
    expect(threshold).toMatchObject({
      consecutiveFailures: 2,
      result: { state: "timeout", connected: true },
    });
    expect(events.map((e) => `${e.type}:${e.result.state}`)).toEqual([
      "change:healthy",
      "change:timeout",
      "failure-threshold:timeout",
    ]);
  });
});

describe("a spawned simulator (a real child process)", () => {
  it("waitUntilReady notices a slow starter once it listens, and inspectPort names its pid", async () => {
    const port = await getFreePort();
    const child = spawned({ port, startDelayMs: 150 });
    const states: string[] = [];
    const ready = await waitUntilReady(child.url, {
      timeoutMs: 15_000,
      onProbe: (r) => states.push(r.state),
    });
    expect(ready).toMatchObject({ state: "healthy", auth: { loggedIn: true } });
    expect(states[0]).toBe("unreachable");
    const info = await inspectPort("127.0.0.1", port);
    expect(info).toMatchObject({ free: false, listening: true, listener: { pid: child.pid } });
    expect(info.listener?.command.join(" ")).toMatch(/fake-proxy\/src\/cli\.ts/);
  });

  it("inspectPort finds the grandchild holding the port when a wrapper (like bunx) started it", async () => {
    const port = await getFreePort();
    const child = spawned({ port, wrapper: true });
    await child.ready;
    const info = await inspectPort("127.0.0.1", port);
    expect(info.listening).toBe(true);
    expect(info.listener?.pid).toBeDefined();
    expect(info.listener?.pid).not.toBe(child.pid); // the server, not the wrapper we spawned
    expect(info.listener?.command.join(" ")).toMatch(/fake-proxy/);
  });

  it("the watcher sees a crash: healthy → unreachable, then the threshold", async () => {
    const port = await getFreePort();
    const child = spawned({ port, crashAfterMs: 150 });
    await child.ready;
    const events: LivenessEvent[] = [];
    const w = watch(child.url, { intervalMs: 10, failureThreshold: 3, onEvent: (e) => events.push(e) });
    await nextEvent(w, (e) => e.type === "failure-threshold");
    const seen = events.map((e) => `${e.type}:${e.result.state}`);
    // A probe in flight at the moment of the crash honestly reads `error` (connection reset) first.
    expect(seen[0]).toBe("change:healthy");
    expect(seen).toContain("change:unreachable");
    expect(seen.at(-1)).toBe("failure-threshold:unreachable");
    expect(seen.slice(1, -1).every((s) => s === "change:error" || s === "change:unreachable")).toBe(true);
    const after = await inspectPort("127.0.0.1", port);
    expect(after).toMatchObject({ free: true, listening: false });
  });

  it("waitUntilReady gives up early on a proxy that will not log in, with the reason", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "health-fake-login-"));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const credentials = path.join(dir, "credentials.json");
    await writeFile(credentials, "{}");
    const port = await getFreePort();
    const child = spawned({ port, credentialsFile: credentials, authCacheMs: 0 });
    await child.ready;
    await rm(credentials);
    await expect(
      waitUntilReady(child.url, { giveUpWhen: (r) => r.auth?.loggedIn === false }),
    ).rejects.toMatchObject({
      reason: "gave-up",
      lastResult: { state: "unhealthy", reason: "Not logged in. Run: claude login" },
    });
  });
});
