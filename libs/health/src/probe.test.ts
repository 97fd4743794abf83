import http from "node:http";
import { describe, expect, it } from "vitest";
import { probe } from "./probe.ts";
import { describeProbeResult, isAnswering } from "./probe-result.ts";
import { useServers } from "./test-support/cleanup.ts";
import {
  freePort,
  jsonServer,
  MERIDIAN_BODIES,
  silentServer,
  startHttpServer,
  startRawServer,
} from "./test-support/servers.ts";

const serve = useServers();

describe("probe against real loopback servers", () => {
  it("healthy: Meridian's 200 body, with status code, latency, auth and version", async () => {
    const s = await serve(jsonServer(200, MERIDIAN_BODIES.healthy));
    const r = await probe(s.url());
    expect(r).toMatchObject({
      state: "healthy",
      url: s.url(),
      statusCode: 200,
      version: "1.40.0",
      auth: { loggedIn: true, email: "dev@example.com", subscriptionType: "max" },
    });
    expect(r.reason).toBeUndefined();
    expect(r.latencyMs).toBeGreaterThan(0);
  });

  it("degraded: 200 with status degraded", async () => {
    const s = await serve(jsonServer(200, MERIDIAN_BODIES.degraded));
    expect(await probe(s.url())).toMatchObject({
      state: "degraded",
      statusCode: 200,
      reason: "Could not verify auth status",
    });
  });

  it("unhealthy: 503 not logged in, with the reason and loggedIn false", async () => {
    const s = await serve(jsonServer(503, MERIDIAN_BODIES.unhealthy));
    expect(await probe(s.url())).toMatchObject({
      state: "unhealthy",
      statusCode: 503,
      reason: "Not logged in. Run: claude login",
      auth: { loggedIn: false },
    });
  });

  it("no-health-endpoint: a 404 means alive, health unknown", async () => {
    const s = await serve(jsonServer(404, "404 Not Found"));
    const r = await probe(s.url());
    expect(r).toMatchObject({ state: "no-health-endpoint", statusCode: 404 });
    expect(isAnswering(r)).toBe(true);
  });

  it("unexpected: a 500", async () => {
    const s = await serve(jsonServer(500, "Internal Server Error"));
    expect(await probe(s.url())).toMatchObject({ state: "unexpected", statusCode: 500 });
  });

  it("unexpected: a reply that is not HTTP", async () => {
    const s = await serve(startRawServer((socket) => socket.end("SSH-2.0-OpenSSH_9.6\r\n")));
    const r = await probe(s.url());
    expect(r.state).toBe("unexpected");
    expect(r.code).toMatch(/^HPE_/);
    expect(r.reason).toMatch(/not valid HTTP/);
  });

  it("unexpected: a body larger than the limit is not read", async () => {
    const s = await serve(startHttpServer((_req, res) => res.end("x".repeat(10_000))));
    expect(await probe(s.url(), { maxBodyBytes: 1000 })).toMatchObject({
      state: "unexpected",
      statusCode: 200,
      reason: "the body is larger than 1000 bytes",
    });
  });

  it("unexpected: a chunked body that grows past the limit", async () => {
    const s = await serve(
      startHttpServer((_req, res) => {
        res.write("x".repeat(800));
        res.end("y".repeat(800));
      }),
    );
    expect((await probe(s.url(), { maxBodyBytes: 1000 })).state).toBe("unexpected");
  });

  it("unreachable: connection refused", async () => {
    const port = await freePort();
    const r = await probe(`http://127.0.0.1:${port}/health`);
    expect(r).toMatchObject({ state: "unreachable", code: "ECONNREFUSED" });
    expect(r.statusCode).toBeUndefined();
    expect(isAnswering(r)).toBe(false);
  });

  it("unreachable: `localhost` with nothing on either address", async () => {
    const port = await freePort();
    expect((await probe(`http://localhost:${port}/health`)).state).toBe("unreachable");
  });

  it("timeout: a server that accepts and never answers", async () => {
    const s = await serve(silentServer());
    const r = await probe(s.url(), { timeoutMs: 100 });
    expect(r).toMatchObject({ state: "timeout", connected: true });
    expect(r.reason).toBe("connected, but no answer within 100 ms");
    expect(s.connections).toBe(1);
    // The probe closed its connection: the server sees it go.
    await s.allConnectionsClosed();
  });

  it("timeout: headers sent, body never finished", async () => {
    const s = await serve(
      startHttpServer((_req, res) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.write('{"status":');
      }),
    );
    expect(await probe(s.url(), { timeoutMs: 100 })).toMatchObject({ state: "timeout", connected: true });
  });

  it("error: the server closes the connection without answering", async () => {
    const s = await serve(
      startRawServer((socket) => {
        socket.once("data", () => socket.destroy());
      }),
    );
    const r = await probe(s.url());
    expect(r.state).toBe("error");
    expect(r.code).toBe("ECONNRESET");
    expect(r.reason).toMatch(/closed before an answer/);
  });

  it("rejects with the signal's reason when aborted, and closes its connection", async () => {
    const s = await serve(silentServer());
    const controller = new AbortController();
    const pending = probe(s.url(), { timeoutMs: 10_000, signal: controller.signal });
    while (s.connections === 0) await new Promise((r) => setImmediate(r));
    const reason = new Error("shutting down");
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    await s.allConnectionsClosed();
  });

  it("rejects at once with an already aborted signal, without connecting", async () => {
    const s = await serve(jsonServer(200, { status: "ok" }));
    await expect(probe(s.url(), { signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: "AbortError",
    });
    expect(s.connections).toBe(0);
  });

  it("probes a base URL at /health (or at the healthPath given), and a URL with a path exactly", async () => {
    const paths: string[] = [];
    const s = await serve(
      startHttpServer((req, res) => {
        paths.push(req.url ?? "");
        res.writeHead(200, { "content-type": "application/json" }).end('{"status":"ok"}');
      }),
    );
    const base = `http://127.0.0.1:${s.port}`;
    expect((await probe(base)).url).toBe(`${base}/health`);
    await probe(`${base}/`);
    await probe(base, { healthPath: "/" });
    await probe(base, { healthPath: "healthz" });
    await probe(`${base}/status?verbose=1`);
    expect(paths).toEqual(["/health", "/health", "/", "/healthz", "/status?verbose=1"]);
  });

  it("throws a TypeError for a URL it cannot probe", async () => {
    await expect(probe("ftp://127.0.0.1/health")).rejects.toThrow(TypeError);
    await expect(probe("not a url")).rejects.toThrow(TypeError);
  });

  it("reuses one kept-alive connection when given an agent, and none linger without one", async () => {
    const s = await serve(jsonServer(200, MERIDIAN_BODIES.healthy));
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      for (let i = 0; i < 5; i++) expect((await probe(s.url(), { agent })).state).toBe("healthy");
      expect(s.connections).toBe(1);
    } finally {
      agent.destroy();
    }
    const fresh = await serve(jsonServer(200, MERIDIAN_BODIES.healthy));
    for (let i = 0; i < 3; i++) await probe(fresh.url());
    expect(fresh.connections).toBe(3);
    await fresh.allConnectionsClosed();
  });

  it("retries once on a fresh connection when a kept-alive one went stale", async () => {
    // Answers the first request of each connection, then kills the connection on its next request:
    // the race between a pooled socket and the server's idle close, made deterministic.
    const perSocket = new WeakMap<object, number>();
    const s = await serve(
      startHttpServer((req, res) => {
        const n = (perSocket.get(req.socket) ?? 0) + 1;
        perSocket.set(req.socket, n);
        if (n > 1) req.socket.destroy();
        else res.writeHead(200, { "content-type": "application/json" }).end('{"status":"healthy"}');
      }),
    );
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      expect((await probe(s.url(), { agent })).state).toBe("healthy");
      expect((await probe(s.url(), { agent })).state).toBe("healthy");
      expect(s.connections).toBe(2);
      expect(s.hits).toBe(3);
    } finally {
      agent.destroy();
    }
  });
});

describe("describeProbeResult", () => {
  it("gives one line with state, status, reason and latency", () => {
    expect(
      describeProbeResult({
        state: "unhealthy",
        url: "http://x/health",
        statusCode: 503,
        reason: "Not logged in",
        latencyMs: 3.14,
      }),
    ).toBe("unhealthy (HTTP 503: Not logged in) in 3.1 ms");
    expect(describeProbeResult({ state: "healthy", url: "http://x/health", latencyMs: 1 })).toBe(
      "healthy in 1.0 ms",
    );
  });
});
