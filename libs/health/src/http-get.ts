/**
 * One GET on `node:http`/`node:https` with a hard deadline covering connect, headers and body.
 * It resolves with what happened and rejects only when the caller aborts (with `signal.reason`).
 */
import type http from "node:http";
import type net from "node:net";
import { transportFor } from "./node-http.ts";

export interface HttpGetOptions {
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  /** `false` (default): a fresh connection closed after the answer. An Agent: pooled, kept alive. */
  agent?: http.Agent | false | undefined;
  /** Bodies larger than this are not read (default 64 KiB). */
  maxBodyBytes?: number | undefined;
  /** An already connected socket to send the request on (then `agent` is ignored). */
  socket?: net.Socket | undefined;
}

export type HttpGetOutcome =
  | {
      kind: "answer";
      statusCode: number;
      contentType: string | undefined;
      location: string | undefined;
      body: string;
      reusedSocket: boolean;
    }
  | { kind: "too-large"; statusCode: number; limit: number }
  | { kind: "timeout"; connected: boolean }
  | { kind: "network-error"; code: string; message: string; connected: boolean; reusedSocket: boolean };

const DEFAULT_MAX_BODY = 64 * 1024;

/** The error code of a socket error, also for happy-eyeballs AggregateErrors (`localhost` → ::1, 127.0.0.1). */
export function errorCode(error: unknown): string {
  const e = error as { code?: unknown; errors?: unknown[] } | undefined;
  if (typeof e?.code === "string") return e.code;
  const first = Array.isArray(e?.errors) ? (e.errors[0] as { code?: unknown } | undefined) : undefined;
  if (typeof first?.code === "string") return first.code;
  return "UNKNOWN";
}

export function httpGet(url: URL, options: HttpGetOptions): Promise<HttpGetOutcome> {
  const { signal } = options;
  if (signal?.aborted) {
    options.socket?.destroy();
    return Promise.reject(signal.reason);
  }
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const transport = transportFor(url.protocol);

  return new Promise<HttpGetOutcome>((resolve, reject) => {
    let settled = false;
    let connected = false;
    const { socket: given } = options;
    const req = transport.request(url, {
      method: "GET",
      headers: { accept: "application/json" },
      ...(given ? { createConnection: () => given } : { agent: options.agent ?? false }),
    });

    const finish = (outcome: HttpGetOutcome | { abort: unknown }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      if ("abort" in outcome) reject(outcome.abort);
      else resolve(outcome);
    };

    const timer = setTimeout(() => {
      finish({ kind: "timeout", connected });
      req.destroy();
    }, options.timeoutMs);

    const onAbort = () => {
      finish({ abort: signal?.reason });
      req.destroy();
    };
    signal?.addEventListener("abort", onAbort, { once: true });

    req.on("socket", (socket) => {
      // A pooled socket is already connected; a new one reports `connect` (or `secureConnect`).
      if (!socket.connecting) connected = true;
      else socket.once("connect", () => (connected = true));
    });

    req.on("error", (error) => {
      finish({
        kind: "network-error",
        code: errorCode(error),
        message: error.message,
        connected,
        reusedSocket: req.reusedSocket,
      });
    });

    req.on("response", (res) => {
      const statusCode = res.statusCode ?? 0;
      const length = Number(res.headers["content-length"]);
      if (Number.isFinite(length) && length > maxBody) {
        finish({ kind: "too-large", statusCode, limit: maxBody });
        req.destroy();
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBody) {
          finish({ kind: "too-large", statusCode, limit: maxBody });
          req.destroy();
          return;
        }
        chunks.push(chunk);
      });
      res.on("end", () => {
        // A connection of its own is closed at once (not half-closed, waiting for the server): nothing of
        // a finished probe lingers. A pooled one goes back to its agent.
        if (given || !options.agent) req.destroy();
        finish({
          kind: "answer",
          statusCode,
          contentType: res.headers["content-type"],
          location: res.headers.location,
          body: Buffer.concat(chunks).toString("utf8"),
          reusedSocket: req.reusedSocket,
        });
      });
      res.on("error", (error) => {
        finish({
          kind: "network-error",
          code: errorCode(error),
          message: error.message,
          connected: true,
          reusedSocket: req.reusedSocket,
        });
      });
    });

    req.end();
  });
}
