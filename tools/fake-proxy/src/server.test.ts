import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { FakeProxyServerOptions } from "./options.ts";
import { readRequestLog } from "./request-log.ts";
import { type FakeProxy, startFakeProxy } from "./server.ts";
import { parseSse } from "./sse.ts";
import { getJson, HELLO, postJson } from "./test-support/http.ts";

let dir: string;
const proxies: FakeProxy[] = [];

async function start(options: FakeProxyServerOptions = {}): Promise<FakeProxy> {
  const proxy = await startFakeProxy(options);
  proxies.push(proxy);
  return proxy;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "fake-proxy-test-"));
});
afterEach(async () => {
  await Promise.all(proxies.splice(0).map((p) => p.close()));
  rmSync(dir, { recursive: true, force: true });
});

describe("GET /health", () => {
  it("answers 200 healthy with the auth details", async () => {
    const proxy = await start({ version: "9.9.9", email: "me@example.com", subscriptionType: "max" });
    expect(proxy.url).toBe(`http://127.0.0.1:${proxy.port}`);
    expect(await getJson(`${proxy.url}/health`)).toEqual({
      status: 200,
      body: {
        status: "healthy",
        version: "9.9.9",
        auth: { loggedIn: true, email: "me@example.com", subscriptionType: "max" },
        mode: "internal",
        plugin: { opencode: "not-configured" },
      },
    });
  });

  it("answers 503 unhealthy when not logged in", async () => {
    const proxy = await start({ notLoggedIn: true });
    const { status, body } = await getJson(`${proxy.url}/health`);
    expect(status).toBe(503);
    expect(body).toMatchObject({
      status: "unhealthy",
      error: "Not logged in. Run: claude login",
      auth: { loggedIn: false },
    });
  });

  it("answers 200 degraded when the auth check cannot be made", async () => {
    const proxy = await start({ degraded: true });
    const { status, body } = await getJson(`${proxy.url}/health`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      status: "degraded",
      error: "Could not verify auth status",
      mode: "internal",
    });
    expect(body).not.toHaveProperty("auth");
  });

  it("follows the credentials file: logged in only while it exists", async () => {
    const creds = join(dir, ".credentials.json");
    const proxy = await start({ credentialsFile: creds, authCacheMs: 0 });
    expect((await getJson(`${proxy.url}/health`)).status).toBe(503);
    writeFileSync(creds, "{}");
    expect((await getJson(`${proxy.url}/health`)).status).toBe(200);
    rmSync(creds);
    expect((await getJson(`${proxy.url}/health`)).status).toBe(503);
  });

  it("caches the auth check for authCacheMs, like Meridian", async () => {
    const creds = join(dir, ".credentials.json");
    writeFileSync(creds, "{}");
    const proxy = await start({ credentialsFile: creds, authCacheMs: 60_000 });
    expect((await getJson(`${proxy.url}/health`)).status).toBe(200);
    rmSync(creds);
    expect((await getJson(`${proxy.url}/health`)).status).toBe(200);
  });

  it("accepts but never answers once healthHangAfterMs has passed", async () => {
    const proxy = await start({ healthHangAfterMs: 0 });
    const pending = fetch(`${proxy.url}/health`).then(
      (res) => `answered ${res.status}`,
      () => "connection dropped",
    );
    await expect.poll(() => proxy.requests().some((r) => r.path === "/health")).toBe(true);
    expect(proxy.requests().find((r) => r.path === "/health")?.status).toBeUndefined();
    // Other endpoints still answer while /health hangs.
    expect((await postJson(`${proxy.url}/v1/messages`, HELLO)).status).toBe(200);
    await proxy.close();
    expect(await pending).toBe("connection dropped");
  });

  it("still answers before healthHangAfterMs", async () => {
    const proxy = await start({ healthHangAfterMs: 60_000 });
    expect((await getJson(`${proxy.url}/health`)).status).toBe(200);
  });
});

describe("POST /v1/messages", () => {
  it("answers a JSON message that echoes the model", async () => {
    const proxy = await start({ replyText: "pong" });
    const res = await postJson(`${proxy.url}/v1/messages`, HELLO);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    const body = JSON.parse(res.text);
    expect(body).toMatchObject({
      type: "message",
      role: "assistant",
      model: "claude-opus-4-6",
      content: [{ type: "text", text: "pong" }],
      stop_reason: "end_turn",
      stop_sequence: null,
    });
    expect(body.id).toMatch(/^msg_/);
    expect(body.usage.input_tokens).toBeGreaterThan(0);
    expect(body.usage.output_tokens).toBeGreaterThan(0);
  });

  it("is also served at /messages, echoing any model id verbatim", async () => {
    const proxy = await start();
    const res = await postJson(`${proxy.url}/messages`, { ...HELLO, model: "claude-opus-4.6" });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text).model).toBe("claude-opus-4.6");
  });

  it("streams the Anthropic event sequence when stream is true", async () => {
    const proxy = await start({ replyText: "Hello there, streaming world" });
    const res = await postJson(`${proxy.url}/v1/messages`, { ...HELLO, stream: true });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/event-stream");
    const events = parseSse(res.text);
    const names = events.map((e) => e.event);
    expect(names[0]).toBe("message_start");
    expect(names[1]).toBe("content_block_start");
    expect(names.slice(-3)).toEqual(["content_block_stop", "message_delta", "message_stop"]);
    const deltas = events.filter((e) => e.event === "content_block_delta");
    expect(deltas.length).toBeGreaterThan(1);
    expect(names.slice(2, 2 + deltas.length).every((n) => n === "content_block_delta")).toBe(true);
    for (const e of events) expect((e.data as { type: string }).type).toBe(e.event);
    const text = deltas
      .map((e) => (e.data as { delta: { type: string; text: string } }).delta)
      .map((d) => {
        expect(d.type).toBe("text_delta");
        return d.text;
      })
      .join("");
    expect(text).toBe("Hello there, streaming world");
    expect(events[0]?.data).toMatchObject({
      message: { model: "claude-opus-4-6", role: "assistant", content: [] },
    });
    expect(events.at(-2)?.data).toMatchObject({
      delta: { stop_reason: "end_turn" },
      usage: { output_tokens: expect.any(Number) },
    });
  });

  it("answers 400 invalid_request_error for a body that is not JSON or has no messages", async () => {
    const proxy = await start();
    for (const body of ["{not json", "[]", JSON.stringify({ model: "claude-opus-4-6" })]) {
      const res = await postJson(`${proxy.url}/v1/messages`, body);
      expect(res.status).toBe(400);
      expect(JSON.parse(res.text)).toMatchObject({ type: "error", error: { type: "invalid_request_error" } });
    }
  });

  it.each([
    [401, "authentication_error"],
    [402, "billing_error"],
    [429, "rate_limit_error"],
    [500, "api_error"],
    [502, "api_error"],
    [503, "overloaded_error"],
    [504, "timeout_error"],
  ])("answers messagesStatus %i as an Anthropic %s", async (status, type) => {
    const proxy = await start({ messagesStatus: status });
    const res = await postJson(`${proxy.url}/v1/messages`, HELLO);
    expect(res.status).toBe(status);
    const body = JSON.parse(res.text);
    expect(body).toEqual({ type: "error", error: { type, message: expect.any(String) } });
    expect(body.error.message.length).toBeGreaterThan(0);
  });

  it("delivers a streaming error as an SSE error event (HTTP 200), like Meridian", async () => {
    const proxy = await start({ messagesStatus: 429 });
    const res = await postJson(`${proxy.url}/v1/messages`, { ...HELLO, stream: true });
    expect(res.status).toBe(200);
    expect(parseSse(res.text)).toEqual([
      {
        event: "error",
        data: { type: "error", error: { type: "rate_limit_error", message: expect.any(String) } },
      },
    ]);
  });

  it("delivers a streaming error as an HTTP status with streamErrorMode http", async () => {
    const proxy = await start({ messagesStatus: 503, streamErrorMode: "http" });
    const res = await postJson(`${proxy.url}/v1/messages`, { ...HELLO, stream: true });
    expect(res.status).toBe(503);
    expect(JSON.parse(res.text).error.type).toBe("overloaded_error");
  });

  it("answers 401 authentication_error when the login is gone", async () => {
    const proxy = await start({ notLoggedIn: true });
    const res = await postJson(`${proxy.url}/v1/messages`, HELLO);
    expect(res.status).toBe(401);
    expect(JSON.parse(res.text).error).toMatchObject({
      type: "authentication_error",
      message: expect.stringContaining("claude login"),
    });
  });

  it("requires MERIDIAN_API_KEY when one is set, as x-api-key or Bearer", async () => {
    const proxy = await start({ apiKey: "local-key" });
    expect((await postJson(`${proxy.url}/v1/messages`, HELLO)).status).toBe(401);
    expect((await postJson(`${proxy.url}/v1/messages`, HELLO, { "x-api-key": "wrong" })).status).toBe(401);
    expect((await postJson(`${proxy.url}/v1/messages`, HELLO, { "x-api-key": "local-key" })).status).toBe(
      200,
    );
    expect(
      (await postJson(`${proxy.url}/messages`, HELLO, { authorization: "Bearer local-key" })).status,
    ).toBe(200);
    expect((await getJson(`${proxy.url}/health`)).status).toBe(200);
  });
});

describe("other endpoints", () => {
  it("lists the models OpenAI-style, with the 1M Opus context on Max", async () => {
    const proxy = await start({ subscriptionType: "max" });
    const { status, body } = await getJson(`${proxy.url}/v1/models`);
    expect(status).toBe(200);
    const list = body as { object: string; data: { id: string; object: string; context_window: number }[] };
    expect(list.object).toBe("list");
    expect(list.data.map((m) => m.id)).toEqual([
      "claude-sonnet-4-6",
      "claude-opus-4-6",
      "claude-opus-4-7",
      "claude-opus-4-8",
      "claude-haiku-4-5",
    ]);
    expect(list.data.every((m) => m.object === "model")).toBe(true);
    expect(list.data.find((m) => m.id === "claude-opus-4-6")?.context_window).toBe(1_000_000);

    const pro = await start({ subscriptionType: "pro" });
    const proList = (await getJson(`${pro.url}/v1/models`)).body as typeof list;
    expect(proList.data.find((m) => m.id === "claude-opus-4-6")?.context_window).toBe(200_000);
  });

  it("answers chat completions, plain and streamed", async () => {
    const proxy = await start({ replyText: "pong" });
    const plain = await postJson(`${proxy.url}/v1/chat/completions`, {
      model: "claude-sonnet-4-6",
      messages: [],
    });
    expect(plain.status).toBe(200);
    expect(JSON.parse(plain.text)).toMatchObject({
      object: "chat.completion",
      model: "claude-sonnet-4-6",
      choices: [{ message: { role: "assistant", content: "pong" }, finish_reason: "stop" }],
    });
    const streamed = await postJson(`${proxy.url}/v1/chat/completions`, {
      model: "claude-sonnet-4-6",
      messages: [],
      stream: true,
    });
    const events = parseSse(streamed.text);
    expect(events.at(-1)).toEqual({ event: "message", data: "[DONE]" });
    expect(events[0]?.data).toMatchObject({ choices: [{ delta: { content: "pong" } }] });
  });

  it("answers 404 for unknown paths and methods", async () => {
    const proxy = await start();
    for (const [method, path] of [
      ["GET", "/nope"],
      ["GET", "/v1/messages"],
      ["POST", "/v1/messages/count_tokens"],
    ] as const) {
      const res = await fetch(`${proxy.url}${path}`, { method, body: method === "POST" ? "{}" : undefined });
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({
        error: { type: "not_found", message: `Endpoint not supported: ${method} ${path}` },
      });
    }
  });

  it("answers the service description at /", async () => {
    const proxy = await start();
    expect(await getJson(`${proxy.url}/`)).toMatchObject({
      status: 200,
      body: { status: "ok", service: "meridian", format: "anthropic" },
    });
  });
});

describe("request log", () => {
  it("records method, path, model, stream, status and redacted headers, in memory and as JSON lines", async () => {
    const file = join(dir, "requests.jsonl");
    const proxy = await start({ requestLog: file });
    await postJson(
      `${proxy.url}/v1/messages`,
      { ...HELLO, stream: true },
      {
        "x-api-key": "sk-ant-api03-secret",
        authorization: "Bearer sk-ant-oat01-secret",
        "anthropic-version": "2023-06-01",
      },
    );
    await getJson(`${proxy.url}/health`);

    const entries = readRequestLog(file);
    expect(entries).toEqual(proxy.requests());
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({
      method: "POST",
      path: "/v1/messages",
      model: "claude-opus-4-6",
      stream: true,
      status: 200,
      headers: { "x-api-key": "[redacted]", authorization: "[redacted]", "anthropic-version": "2023-06-01" },
    });
    expect(Number.isNaN(Date.parse(entries[0]?.time ?? ""))).toBe(false);
    expect(entries[1]).toMatchObject({ method: "GET", path: "/health", status: 200 });
    expect(readFileSync(file, "utf8")).not.toContain("secret");
  });

  it("reads a missing log as empty", () => {
    expect(readRequestLog(join(dir, "none.jsonl"))).toEqual([]);
  });
});

describe("startFakeProxy", () => {
  it("rejects with EADDRINUSE when the port is taken", async () => {
    const first = await start();
    await expect(startFakeProxy({ port: first.port })).rejects.toMatchObject({ code: "EADDRINUSE" });
  });
});
