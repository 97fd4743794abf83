import { startFakeProxy } from "@proxykit/fake-proxy";
import { afterEach, describe, expect, it } from "vitest";
import { listServerModels, modelsUrl } from "./list-models.ts";
import {
  freePort,
  jsonServer,
  silentServer,
  startHttpServer,
  type TestServer,
} from "./test-support/servers.ts";

const servers: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

async function serve(server: Promise<TestServer>): Promise<TestServer> {
  const started = await server;
  servers.push(started);
  return started;
}

describe("listServerModels", () => {
  it("reads Meridian's OpenAI-style list (the simulator), ids in order, each once", async () => {
    const proxy = await startFakeProxy();
    servers.push(proxy);
    expect(await listServerModels(proxy.url)).toEqual([
      "claude-sonnet-4-6",
      "claude-opus-4-6",
      "claude-opus-4-7",
      "claude-opus-4-8",
      "claude-haiku-4-5",
    ]);
    expect(proxy.requests().map((r) => `${r.method} ${r.path}`)).toEqual(["GET /v1/models"]);
  });

  it("reads an Anthropic-style list and drops duplicates and entries without an id", async () => {
    const server = await serve(
      jsonServer(200, {
        data: [
          { type: "model", id: "claude-opus-4-6", display_name: "Claude Opus 4.6" },
          { type: "model", id: "claude-opus-4-6" },
          { type: "model", display_name: "no id" },
          null,
          { type: "model", id: "claude-sonnet-4-5" },
        ],
        has_more: false,
        first_id: "claude-opus-4-6",
      }),
    );
    expect(await listServerModels(server.url())).toEqual(["claude-opus-4-6", "claude-sonnet-4-5"]);
  });

  it("undefined, never an exception, for what is not a model list", async () => {
    const cases: Array<Promise<TestServer>> = [
      jsonServer(404, { error: "not found" }),
      jsonServer(500, { data: [{ id: "x" }] }),
      jsonServer(200, "not json"),
      jsonServer(200, { data: [] }),
      jsonServer(200, { models: [{ id: "x" }] }),
      jsonServer(200, null),
    ];
    for (const server of cases) expect(await listServerModels((await serve(server)).url())).toBeUndefined();
    expect(await listServerModels(`http://127.0.0.1:${await freePort()}`)).toBeUndefined();
    const silent = await serve(silentServer());
    expect(await listServerModels(silent.url(), { timeoutMs: 100 })).toBeUndefined();
  });

  it("asks <baseUrl>/v1/models, also for a base URL that already ends in /v1", async () => {
    const paths: string[] = [];
    const server = await serve(
      startHttpServer((req, res) => {
        paths.push(req.url ?? "");
        res.writeHead(200, { "content-type": "application/json" }).end('{"data":[{"id":"m"}]}');
      }),
    );
    const base = `http://127.0.0.1:${server.port}`;
    for (const url of [base, `${base}/`, `${base}/v1`, `${base}/v1/`, `${base}/api`]) {
      expect(await listServerModels(url)).toEqual(["m"]);
    }
    expect(await listServerModels(base, { path: "/models" })).toEqual(["m"]);
    expect(paths).toEqual([
      "/v1/models",
      "/v1/models",
      "/v1/models",
      "/v1/models",
      "/api/v1/models",
      "/models",
    ]);
  });

  it("rejects only when aborted; a URL that is not http(s) is a TypeError", async () => {
    const silent = await serve(silentServer());
    const controller = new AbortController();
    const listing = listServerModels(silent.url(), { timeoutMs: 10_000, signal: controller.signal });
    controller.abort(new Error("cancelled by the user"));
    await expect(listing).rejects.toThrow("cancelled by the user");
    await expect(listServerModels("ftp://127.0.0.1:21")).rejects.toThrow(TypeError);
    expect(modelsUrl("http://[::1]:3456").href).toBe("http://[::1]:3456/v1/models");
  });
});
