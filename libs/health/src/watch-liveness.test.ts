import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { useServers, useWatchers } from "./test-support/cleanup.ts";
import {
  freePort,
  jsonServer,
  MERIDIAN_BODIES,
  silentServer,
  startHttpServer,
  type TestServer,
} from "./test-support/servers.ts";
import { type LivenessEvent, type LivenessWatcher, watchLiveness } from "./watch-liveness.ts";

const execFileAsync = promisify(execFile);

const serve = useServers();
// Registered after the servers: vitest runs afterEach hooks in reverse, so watchers stop first.
const watch = useWatchers();

/** Resolves with the next event matching `pred`. */
function next(w: LivenessWatcher, pred: (e: LivenessEvent) => boolean = () => true): Promise<LivenessEvent> {
  return new Promise((resolve) => {
    const off = w.subscribe((e) => {
      if (pred(e)) {
        off();
        resolve(e);
      }
    });
  });
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 1));
}

/** A server whose answer can be switched: healthy, 503 not logged in, or hanging. */
async function switchable(): Promise<TestServer & { set(mode: "healthy" | "unhealthy" | "hang"): void }> {
  let mode: "healthy" | "unhealthy" | "hang" = "healthy";
  const s = await serve(
    startHttpServer((_req, res) => {
      if (mode === "hang") return;
      const status = mode === "healthy" ? 200 : 503;
      res
        .writeHead(status, { "content-type": "application/json" })
        .end(JSON.stringify(MERIDIAN_BODIES[mode]));
    }),
  );
  return Object.assign(s, { set: (m: typeof mode) => (mode = m) });
}

describe("watchLiveness", () => {
  it("reports the first state, then stays silent while nothing changes", async () => {
    const s = await serve(jsonServer(200, MERIDIAN_BODIES.healthy));
    const events: LivenessEvent[] = [];
    const w = watch(s.url(), { intervalMs: 5, onEvent: (e) => events.push(e) });
    await until(() => s.hits >= 6);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: "change", previous: undefined, result: { state: "healthy" } });
    expect(w.last?.state).toBe("healthy");
  });

  it("reports each state change: healthy → unhealthy (not logged in) → healthy", async () => {
    const s = await switchable();
    const w = watch(s.url(), { intervalMs: 5 });
    await next(w);
    s.set("unhealthy");
    const down = await next(w);
    expect(down).toMatchObject({
      type: "change",
      previous: "healthy",
      result: { state: "unhealthy", auth: { loggedIn: false } },
      consecutiveFailures: 0, // unhealthy is not a liveness failure: restarting cannot log in
    });
    s.set("healthy");
    expect(await next(w)).toMatchObject({
      type: "change",
      previous: "unhealthy",
      result: { state: "healthy" },
    });
  });

  it("raises failure-threshold once when N consecutive probes fail, then reports the recovery", async () => {
    const port = await freePort();
    const events: LivenessEvent[] = [];
    const w = watch(`http://127.0.0.1:${port}/health`, {
      intervalMs: 3,
      failureThreshold: 3,
      onEvent: (e) => events.push(e),
    });
    const threshold = await next(w, (e) => e.type === "failure-threshold");
    expect(threshold).toMatchObject({ consecutiveFailures: 3, result: { state: "unreachable" } });
    await until(() => w.consecutiveFailures >= 8);
    expect(events.map((e) => e.type)).toEqual(["change", "failure-threshold"]);

    const recovery = next(w);
    await serve(jsonServer(200, MERIDIAN_BODIES.healthy, port));
    const recovered = await recovery;
    expect(recovered).toMatchObject({ type: "change", previous: "unreachable", consecutiveFailures: 0 });
    expect(w.consecutiveFailures).toBe(0);
  });

  it("counts a hung server (timeouts) as failing", async () => {
    const s = await switchable();
    const w = watch(s.url(), { intervalMs: 5, timeoutMs: 30, failureThreshold: 2 });
    await next(w);
    s.set("hang");
    expect(await next(w)).toMatchObject({ type: "change", result: { state: "timeout", connected: true } });
    expect(await next(w)).toMatchObject({ type: "failure-threshold", consecutiveFailures: 2 });
  });

  it("never overlaps probes, even when an answer takes longer than the interval", async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const s = await serve(
      startHttpServer((_req, res) => {
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        setTimeout(() => {
          inFlight -= 1;
          res.writeHead(200, { "content-type": "application/json" }).end('{"status":"healthy"}');
        }, 20);
      }),
    );
    const w = watch(s.url(), { intervalMs: 1, timeoutMs: 1000 });
    await until(() => s.hits >= 4);
    // check() while a probe is in flight joins it instead of starting another.
    const [a, b] = await Promise.all([w.check(), w.check()]);
    expect(a).toBe(b);
    expect(maxInFlight).toBe(1);
  });

  it("probes over one kept-alive connection", async () => {
    const s = await serve(jsonServer(200, MERIDIAN_BODIES.healthy));
    watch(s.url(), { intervalMs: 2 });
    await until(() => s.hits >= 10);
    expect(s.connections).toBe(1);
  });

  it.each(["idle", "in-flight"])(
    "stop() leaves no timers or sockets behind (%s; getActiveResourcesInfo before/after, in a clean process)",
    async (mode) => {
      const script = fileURLToPath(new URL("./test-support/watcher-leak-check.ts", import.meta.url));
      const { stdout } = await execFileAsync(process.execPath, [script, mode], { timeout: 20_000 });
      const { before, during, after, openAfterStop } = JSON.parse(stdout) as {
        before: string[];
        during: string[];
        after: string[];
        openAfterStop: number;
      };
      expect(during.length).toBeGreaterThan(before.length);
      expect(after.sort()).toEqual(before.sort());
      expect(openAfterStop).toBe(0);
      // …and the process then ended by itself (execFile resolved): nothing kept it alive.
    },
  );

  it("stop() during a probe in flight emits nothing more, and check() then rejects", async () => {
    const s = await serve(silentServer());
    const events: LivenessEvent[] = [];
    const w = watchLiveness(s.url(), { intervalMs: 1000, timeoutMs: 10_000, onEvent: (e) => events.push(e) });
    await until(() => s.connections === 1);
    await w.stop();
    await s.allConnectionsClosed();
    expect(events).toEqual([]);
    expect(w.running).toBe(false);
    await expect(w.check()).rejects.toThrow(/stopped/);
  });

  it("stops when its signal aborts, and stop() is idempotent", async () => {
    const s = await serve(jsonServer(200, MERIDIAN_BODIES.healthy));
    const controller = new AbortController();
    const w = watch(s.url(), { intervalMs: 2, signal: controller.signal });
    await until(() => s.hits >= 2);
    controller.abort();
    await w.stop();
    await w.stop();
    expect(w.running).toBe(false);
    const hits = s.hits;
    await new Promise((r) => setTimeout(r, 20));
    expect(s.hits).toBe(hits);
  });

  it("uses fresh connections when keepAlive is false", async () => {
    const s = await serve(jsonServer(200, MERIDIAN_BODIES.healthy));
    watch(s.url(), { intervalMs: 2, keepAlive: false });
    await until(() => s.hits >= 4);
    expect(s.connections).toBeGreaterThanOrEqual(4);
  });

  it("keeps watching when a listener throws, and surfaces the error as uncaught", async () => {
    const s = await switchable();
    const uncaught: unknown[] = [];
    const onUncaught = (e: unknown) => uncaught.push(e);
    const original = process.listeners("uncaughtException");
    process.removeAllListeners("uncaughtException");
    process.on("uncaughtException", onUncaught);
    try {
      const w = watch(s.url(), {
        intervalMs: 5,
        onEvent: () => {
          throw new Error("listener bug");
        },
      });
      await until(() => w.last !== undefined);
      s.set("unhealthy");
      await until(() => w.last?.state === "unhealthy");
      await until(() => uncaught.length >= 2);
      expect(uncaught.map((e) => (e as Error).message)).toEqual(["listener bug", "listener bug"]);
    } finally {
      process.off("uncaughtException", onUncaught);
      for (const l of original) process.on("uncaughtException", l);
    }
  });

  it("counts a throwing isFailure as a failure, surfaces its error as uncaught, and keeps watching", async () => {
    const s = await serve(jsonServer(200, MERIDIAN_BODIES.healthy));
    const uncaught: unknown[] = [];
    const onUncaught = (e: unknown) => uncaught.push(e);
    const original = process.listeners("uncaughtException");
    process.removeAllListeners("uncaughtException");
    process.on("uncaughtException", onUncaught);
    try {
      const events: LivenessEvent[] = [];
      const w = watch(s.url(), {
        intervalMs: 5,
        failureThreshold: 2,
        isFailure: () => {
          throw new Error("isFailure bug");
        },
        onEvent: (e) => events.push(e),
      });
      // Bounded: a watcher that silently stopped must fail here, not hang.
      const deadline = Date.now() + 3_000;
      await until(() => s.hits >= 4 || Date.now() > deadline);
      expect(s.hits).toBeGreaterThanOrEqual(4);
      expect(w.running).toBe(true);
      expect(events.find((e) => e.type === "failure-threshold")).toMatchObject({ consecutiveFailures: 2 });
      await until(() => uncaught.length >= 2);
      expect((uncaught[0] as Error).message).toBe("isFailure bug");
    } finally {
      process.off("uncaughtException", onUncaught);
      for (const l of original) process.on("uncaughtException", l);
    }
  });

  it("watches https URLs too (here a plain-HTTP server: a TLS failure, counted as a failure)", async () => {
    const s = await serve(jsonServer(200, MERIDIAN_BODIES.healthy));
    const events: LivenessEvent[] = [];
    const w = watch(s.url().replace("http:", "https:"), {
      intervalMs: 1000,
      failureThreshold: 1,
      onEvent: (e) => events.push(e),
    });
    await until(() => events.length === 2);
    expect(events[0]).toMatchObject({ type: "change", result: { state: "error", code: "EPROTO" } });
    expect(events[1]).toMatchObject({ type: "failure-threshold", consecutiveFailures: 1 });
    expect(w.last?.reason).toMatch(/TLS handshake failed/);
  });
});
