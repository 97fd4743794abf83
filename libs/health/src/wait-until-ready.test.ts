import { describe, expect, it } from "vitest";
import { NotReadyError } from "./errors.ts";
import type { ProbeResult } from "./probe-result.ts";
import { useServers } from "./test-support/cleanup.ts";
import {
  freePort,
  jsonServer,
  MERIDIAN_BODIES,
  silentServer,
  startHttpServer,
} from "./test-support/servers.ts";
import { waitUntilReady } from "./wait-until-ready.ts";

const serve = useServers();

function timeoutsActive(): number {
  return process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
}

describe("waitUntilReady", () => {
  it("resolves with the healthy result once a server starts listening on the port", async () => {
    const port = await freePort();
    const seen: string[] = [];
    const waiting = waitUntilReady(`http://127.0.0.1:${port}/health`, {
      timeoutMs: 10_000,
      onProbe: (r) => seen.push(r.state),
    });
    // Start the server only after the waiter has been refused at least twice.
    while (seen.length < 2) await new Promise((r) => setTimeout(r, 1));
    const s = await serve(jsonServer(200, MERIDIAN_BODIES.healthy, port));
    const result = await waiting;
    expect(result.state).toBe("healthy");
    // The connect that found the server carried the request: one connection, one request.
    expect(s.connections).toBe(1);
    expect(s.hits).toBe(1);
    expect(result.auth?.loggedIn).toBe(true);
    expect(seen.at(-1)).toBe("healthy");
    expect(seen.slice(0, -1).every((s) => s === "unreachable")).toBe(true);
  });

  it("keeps waiting through not-ready answers (503 while starting) and resolves when healthy", async () => {
    const s = await serve(
      startHttpServer((_req, res, hit) => {
        const body = hit < 3 ? MERIDIAN_BODIES.unhealthy : MERIDIAN_BODIES.healthy;
        res.writeHead(hit < 3 ? 503 : 200, { "content-type": "application/json" }).end(JSON.stringify(body));
      }),
    );
    const states: string[] = [];
    const result = await waitUntilReady(s.url(), { onProbe: (r) => states.push(r.state) });
    expect(result.state).toBe("healthy");
    expect(states).toEqual(["unhealthy", "unhealthy", "healthy"]);
  });

  it("backs off once the server answers: a server saying 503 for 1 s gets a handful of probes, not a poller's 100", async () => {
    const s = await serve(jsonServer(503, MERIDIAN_BODIES.unhealthy));
    await expect(waitUntilReady(s.url(), { timeoutMs: 1000 })).rejects.toBeInstanceOf(NotReadyError);
    // Scheduled at 0, 10, 30, 70, 150, 310, 560, 810 ms and at the deadline: 9 (a slower machine fits fewer).
    // Timers may fire a fraction of a millisecond early, which can add one probe at the deadline; a fixed
    // 10 ms poller would have made 100.
    expect(s.hits).toBeLessThanOrEqual(11);
    expect(s.hits).toBeGreaterThanOrEqual(2);
  });

  it("rejects with NotReadyError carrying the last state when the time is up", async () => {
    const port = await freePort();
    const error = await waitUntilReady(`http://127.0.0.1:${port}/health`, { timeoutMs: 60 }).catch((e) => e);
    expect(error).toBeInstanceOf(NotReadyError);
    expect(error).toMatchObject({ code: "HEALTH_NOT_READY", reason: "timeout" });
    expect((error as NotReadyError).lastResult.state).toBe("unreachable");
    expect((error as NotReadyError).attempts).toBeGreaterThan(1);
    expect((error as NotReadyError).message).toMatch(
      /not ready after \d+ ms and \d+ probes: last state unreachable .*is the server started/,
    );
  });

  it("rejects with the last state `timeout` against a server that accepts and never answers", async () => {
    const s = await serve(silentServer());
    const error = (await waitUntilReady(s.url(), { timeoutMs: 150, probeTimeoutMs: 50 }).catch(
      (e) => e,
    )) as NotReadyError;
    expect(error.lastResult).toMatchObject({ state: "timeout", connected: true });
    await s.allConnectionsClosed();
  });

  it("gives up early when giveUpWhen matches (not logged in: waiting will not help)", async () => {
    const s = await serve(jsonServer(503, MERIDIAN_BODIES.unhealthy));
    const error = (await waitUntilReady(s.url(), {
      giveUpWhen: (r) => r.auth?.loggedIn === false,
    }).catch((e) => e)) as NotReadyError;
    expect(error).toBeInstanceOf(NotReadyError);
    expect(error.reason).toBe("gave-up");
    expect(error.attempts).toBe(1);
    expect(error.lastResult.reason).toBe("Not logged in. Run: claude login");
  });

  it("accepts the states it is told to (a server without a health endpoint)", async () => {
    const s = await serve(jsonServer(404, "Not Found"));
    const r = await waitUntilReady(s.url(), { readyStates: ["healthy", "no-health-endpoint"] });
    expect(r.state).toBe("no-health-endpoint");
  });

  it("rejects with the abort reason and leaves no timer behind", async () => {
    const port = await freePort();
    const before = timeoutsActive();
    const controller = new AbortController();
    const probes: ProbeResult[] = [];
    const waiting = waitUntilReady(`http://127.0.0.1:${port}/health`, {
      signal: controller.signal,
      onProbe: (r) => probes.push(r),
    });
    while (probes.length < 3) await new Promise((r) => setTimeout(r, 1));
    const reason = new Error("gateway stopping");
    controller.abort(reason);
    await expect(waiting).rejects.toBe(reason);
    expect(timeoutsActive()).toBe(before);
    const count = probes.length;
    await new Promise((r) => setTimeout(r, 30));
    expect(probes.length).toBe(count);
  });

  it("rejects at once with an already aborted signal", async () => {
    await expect(
      waitUntilReady("http://127.0.0.1:9/health", { signal: AbortSignal.abort() }),
    ).rejects.toMatchObject({ name: "AbortError" });
  });
});
