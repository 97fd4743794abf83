/**
 * The simulator's HTTP server: Meridian's surface (`/health`, `/v1/messages`, `/messages`, `/v1/models`,
 * `/v1/chat/completions`, a 404 for everything else) with the fault switches that act on requests.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { anthropicError, NOT_LOGGED_IN_MESSAGE } from "./anthropic-error.ts";
import { type AuthStatus, cachedAuthCheck } from "./auth.ts";
import { DEFAULT_REPLY_TEXT, makeReply, messageEvents, messageJson, type Reply } from "./messages.ts";
import { modelList } from "./models.ts";
import type { FakeProxyServerOptions } from "./options.ts";
import { appendRequestLog, type RequestLogEntry, redactHeaders } from "./request-log.ts";
import { encodeSseEvent } from "./sse.ts";

/** A running in-process simulator. */
export interface FakeProxy {
  /** `http://HOST:PORT`. */
  url: string;
  host: string;
  port: number;
  /** Every request received so far, oldest first. */
  requests(): RequestLogEntry[];
  /** Stops listening and drops every open connection (including hanging ones). */
  close(): Promise<void>;
}

/** The version `/health` reports unless told otherwise. */
export const DEFAULT_VERSION = "1.40.0-fake";

const ENDPOINTS = ["/v1/messages", "/messages", "/v1/chat/completions", "/v1/models", "/health"];

type Json = Record<string, unknown>;

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: OutgoingHttpHeaders = {},
): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function bearerOrKey(req: IncomingMessage): string | undefined {
  const key = req.headers["x-api-key"];
  if (typeof key === "string" && key !== "") return key;
  const auth = req.headers.authorization;
  return auth?.startsWith("Bearer ") ? auth.slice(7) : undefined;
}

/**
 * Starts the simulator in this process. Resolves once it listens; rejects with the listen error
 * (e.g. `code: "EADDRINUSE"`). Unlike the command, a missing login does not stop it from starting:
 * `/health` answers 503 instead, which is what a proxy whose login disappeared after start-up does.
 */
export async function startFakeProxy(options: FakeProxyServerOptions = {}): Promise<FakeProxy> {
  const host = options.host ?? "127.0.0.1";
  const version = options.version ?? DEFAULT_VERSION;
  const replyText = options.replyText ?? DEFAULT_REPLY_TEXT;
  const streamErrorMode = options.streamErrorMode ?? "sse";
  const auth = cachedAuthCheck(options, options.authCacheMs ?? 100);
  const log: RequestLogEntry[] = [];
  let startedAt = 0;

  const record = (entry: RequestLogEntry): void => {
    log.push(entry);
    if (options.requestLog !== undefined) appendRequestLog(options.requestLog, entry);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = req.method ?? "GET";
    const path = new URL(req.url ?? "/", "http://fake").pathname;
    const entry: RequestLogEntry = {
      time: new Date().toISOString(),
      method,
      path,
      headers: redactHeaders(req.headers),
    };
    const answer = (status: number, body: unknown, headers?: OutgoingHttpHeaders): void => {
      entry.status = status;
      record(entry);
      sendJson(res, status, body, headers);
    };

    if (method === "GET" && path === "/health") {
      const hangAfter = options.healthHangAfterMs;
      if (hangAfter !== undefined && performance.now() - startedAt >= hangAfter) {
        record(entry); // accepted, never answered
        return;
      }
      answer(...healthAnswer(auth(), version));
      return;
    }
    if (method === "GET" && path === "/") {
      answer(200, { status: "ok", service: "meridian", format: "anthropic", endpoints: ENDPOINTS });
      return;
    }

    const protectedPath = path.startsWith("/v1/") || path === "/messages";
    if (protectedPath && options.apiKey !== undefined && bearerOrKey(req) !== options.apiKey) {
      answer(401, anthropicError(401, "Invalid or missing API key"));
      return;
    }

    const isMessages = method === "POST" && (path === "/v1/messages" || path === "/messages");
    const isChat = method === "POST" && path === "/v1/chat/completions";
    if (method === "GET" && path === "/v1/models") {
      answer(200, { object: "list", data: modelList(auth()?.subscriptionType === "max") });
      return;
    }
    if (!isMessages && !isChat) {
      await readBody(req);
      answer(404, { error: { type: "not_found", message: `Endpoint not supported: ${method} ${path}` } });
      return;
    }

    let body: Json;
    try {
      const parsed: unknown = JSON.parse(await readBody(req));
      if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed))
        throw new Error("not an object");
      body = parsed as Json;
    } catch {
      answer(400, anthropicError(400, "Request body is not a JSON object"));
      return;
    }
    if (typeof body.model === "string") entry.model = body.model;
    if (typeof body.stream === "boolean") entry.stream = body.stream;
    const messages = body.messages;
    if (!Array.isArray(messages)) {
      answer(400, anthropicError(400, "messages: Field required"));
      return;
    }
    const stream = body.stream === true;

    // Like Meridian: a missing login surfaces when the Claude subprocess runs, after validation.
    const status = auth();
    const failure =
      status !== null && !status.loggedIn
        ? { status: 401, body: anthropicError(401, NOT_LOGGED_IN_MESSAGE) }
        : options.messagesStatus !== undefined && options.messagesStatus !== 200
          ? { status: options.messagesStatus, body: anthropicError(options.messagesStatus) }
          : undefined;

    if (isChat) {
      if (failure) {
        answer(failure.status, {
          type: "error",
          error: { type: "upstream_error", message: JSON.stringify(failure.body) },
        });
        return;
      }
      const reply = makeReply({ model: body.model, messages }, replyText);
      entry.status = 200;
      record(entry);
      if (stream) writeChatStream(res, reply);
      else sendJson(res, 200, chatCompletion(reply));
      return;
    }

    if (failure) {
      if (stream && streamErrorMode === "sse") {
        entry.status = 200;
        record(entry);
        res.writeHead(200, sseHeaders());
        res.end(encodeSseEvent("error", failure.body));
      } else {
        answer(failure.status, failure.body);
      }
      return;
    }

    const reply = makeReply({ model: body.model, messages }, replyText);
    entry.status = 200;
    record(entry);
    if (stream) {
      res.writeHead(200, sseHeaders());
      for (const e of messageEvents(reply)) res.write(encodeSseEvent(e.event, e.data));
      res.end();
    } else {
      sendJson(res, 200, messageJson(reply), { "x-claude-session-id": `session_${Date.now()}` });
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, anthropicError(500, String(error)));
      else res.destroy();
    });
  });

  if (options.startDelayMs) await sleep(options.startDelayMs);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  startedAt = performance.now();
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(":") ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${port}`,
    host,
    port,
    requests: () => [...log],
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function healthAnswer(status: AuthStatus, version: string): [number, Json] {
  if (status === null) {
    return [200, { status: "degraded", version, error: "Could not verify auth status", mode: "internal" }];
  }
  if (!status.loggedIn) {
    return [
      503,
      { status: "unhealthy", version, error: "Not logged in. Run: claude login", auth: { loggedIn: false } },
    ];
  }
  return [
    200,
    {
      status: "healthy",
      version,
      auth: { loggedIn: true, email: status.email, subscriptionType: status.subscriptionType },
      mode: "internal",
      plugin: { opencode: "not-configured" },
    },
  ];
}

function sseHeaders(): OutgoingHttpHeaders {
  return {
    "content-type": "text/event-stream",
    "cache-control": "no-cache",
    connection: "keep-alive",
    "x-claude-session-id": `session_${Date.now()}`,
  };
}

function chatCompletion(reply: Reply): Json {
  return {
    id: `chatcmpl-${randomUUID()}`,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model: reply.model,
    choices: [{ index: 0, message: { role: "assistant", content: reply.text }, finish_reason: "stop" }],
    usage: {
      prompt_tokens: reply.inputTokens,
      completion_tokens: reply.outputTokens,
      total_tokens: reply.inputTokens + reply.outputTokens,
    },
  };
}

function writeChatStream(res: ServerResponse, reply: Reply): void {
  const id = `chatcmpl-${randomUUID()}`;
  const created = Math.floor(Date.now() / 1000);
  const chunk = (delta: Json, finish: string | null) =>
    `data: ${JSON.stringify({
      id,
      object: "chat.completion.chunk",
      created,
      model: reply.model,
      choices: [{ index: 0, delta, finish_reason: finish }],
    })}\n\n`;
  res.writeHead(200, {
    "content-type": "text/event-stream",
    "cache-control": "no-cache",
    connection: "keep-alive",
  });
  res.write(chunk({ role: "assistant", content: reply.text }, null));
  res.write(chunk({}, "stop"));
  res.end("data: [DONE]\n\n");
}
