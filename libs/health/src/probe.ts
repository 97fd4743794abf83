/**
 * `probe(url)`: one GET of a health endpoint, classified into a {@link ProbeResult}.
 */
import type http from "node:http";
import { performance } from "node:perf_hooks";
import { type HttpGetOutcome, httpGet } from "./http-get.ts";
import { cleanText, interpretAnswer } from "./interpret-answer.ts";
import type { ProbeResult } from "./probe-result.ts";
import { tcpConnect } from "./tcp-connect.ts";

/** Options of {@link probe}. */
export interface ProbeOptions {
  /** Deadline for connect + answer, in ms (default 2000). */
  timeoutMs?: number | undefined;
  /** Aborting rejects the probe with `signal.reason` (the only way `probe` rejects). */
  signal?: AbortSignal | undefined;
  /**
   * An `http.Agent` (or `https.Agent`) with `keepAlive: true` reuses one connection across probes.
   * Default `false`: a fresh connection per probe, closed afterwards, so nothing lingers.
   */
  agent?: http.Agent | false | undefined;
  /** Bodies larger than this are not read and the answer is `unexpected` (default 64 KiB). */
  maxBodyBytes?: number | undefined;
  /**
   * Path to probe when `url` has none, i.e. is a base URL like `http://127.0.0.1:3456` (default
   * `/health`). Pass `"/"` to probe the root itself.
   */
  healthPath?: string | undefined;
}

/** Default per-probe deadline. */
export const DEFAULT_PROBE_TIMEOUT_MS = 2000;

const UNREACHABLE_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EADDRNOTAVAIL",
]);

const STALE_SOCKET_CODES = new Set(["ECONNRESET", "EPIPE", "ECONNABORTED"]);

/** Path probed when the URL has none (`http://127.0.0.1:3456` → `http://127.0.0.1:3456/health`). */
export const DEFAULT_HEALTH_PATH = "/health";

/**
 * Parses and checks a probe URL: a URL without a path (or with just `/`) gets `healthPath`
 * (default `/health`), so a server's base URL can be passed as is. A wrong URL is a programming error
 * and throws a TypeError.
 */
export function toProbeUrl(url: string | URL, healthPath: string = DEFAULT_HEALTH_PATH): URL {
  const parsed = typeof url === "string" ? new URL(url) : new URL(url.href);
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new TypeError(`cannot probe ${parsed.href}: only http: and https: URLs are supported`);
  }
  if (parsed.pathname === "/" && parsed.search === "") {
    parsed.pathname = healthPath.startsWith("/") ? healthPath : `/${healthPath}`;
  }
  return parsed;
}

function resultOf(url: URL, outcome: HttpGetOutcome, latencyMs: number, timeoutMs: number): ProbeResult {
  const base = { url: url.href, latencyMs };
  switch (outcome.kind) {
    case "answer": {
      const meaning = interpretAnswer(outcome);
      const result: ProbeResult = { ...base, state: meaning.state, statusCode: outcome.statusCode };
      if (meaning.reason !== undefined) result.reason = meaning.reason;
      if (meaning.auth !== undefined) result.auth = meaning.auth;
      if (meaning.version !== undefined) result.version = meaning.version;
      if (meaning.body !== undefined) result.body = meaning.body;
      return result;
    }
    case "too-large":
      return {
        ...base,
        state: "unexpected",
        statusCode: outcome.statusCode,
        reason: `the body is larger than ${outcome.limit} bytes`,
      };
    case "timeout":
      return {
        ...base,
        state: "timeout",
        connected: outcome.connected,
        reason: outcome.connected
          ? `connected, but no answer within ${timeoutMs} ms`
          : `could not connect within ${timeoutMs} ms`,
      };
    case "network-error": {
      if (UNREACHABLE_CODES.has(outcome.code)) {
        const what = outcome.code === "ECONNREFUSED" ? "connection refused" : "cannot reach the host";
        return { ...base, state: "unreachable", code: outcome.code, reason: `${what} (${outcome.code})` };
      }
      if (outcome.code.startsWith("HPE_")) {
        return {
          ...base,
          state: "unexpected",
          code: outcome.code,
          reason: `the server's reply is not valid HTTP (${outcome.code})`,
        };
      }
      let reason: string;
      if (outcome.code === "EPROTO" || outcome.code.startsWith("ERR_SSL")) {
        reason = `TLS handshake failed (${outcome.code}): does the server speak https?`;
      } else if (outcome.connected && STALE_SOCKET_CODES.has(outcome.code)) {
        reason = `the connection closed before an answer (${outcome.code})`;
      } else {
        reason = `${cleanText(outcome.message)} (${outcome.code})`;
      }
      return { ...base, state: "error", code: outcome.code, reason };
    }
  }
}

/**
 * Asks `url` how the server is: a health URL (`http://127.0.0.1:3456/health`), or a base URL
 * (`http://127.0.0.1:3456`), which is probed at `healthPath` (default `/health`).
 *
 * Resolves with a {@link ProbeResult} for every expected outcome — refused, hung, 404, 503, garbage —
 * and rejects only when `signal` aborts (with `signal.reason`). Throws a `TypeError` for a URL that is
 * not `http:`/`https:`.
 *
 * With a keep-alive `agent`, a pooled connection the server has meanwhile closed is retried once on a
 * fresh connection, so a stale socket never reads as a failure.
 *
 * @example
 * const r = await probe("http://127.0.0.1:3456/health", { timeoutMs: 1000 });
 * if (r.state === "unhealthy" && r.auth?.loggedIn === false) console.log("run `claude login`");
 */
export async function probe(url: string | URL, options: ProbeOptions = {}): Promise<ProbeResult> {
  const target = toProbeUrl(url, options.healthPath);
  const timeoutMs = options.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
  const started = performance.now();
  const get = (ms: number) =>
    httpGet(target, {
      timeoutMs: ms,
      signal: options.signal,
      agent: options.agent,
      maxBodyBytes: options.maxBodyBytes,
    });
  let outcome = await get(timeoutMs);
  if (
    outcome.kind === "network-error" &&
    outcome.reusedSocket &&
    (STALE_SOCKET_CODES.has(outcome.code) || outcome.message === "socket hang up")
  ) {
    const left = timeoutMs - (performance.now() - started);
    if (left > 0) outcome = await get(left);
  }
  return resultOf(target, outcome, performance.now() - started, timeoutMs);
}

/**
 * The same probe, starting with a bare TCP connect (plain `http:` only): a refused connect is answered
 * without building an HTTP request, and a successful one carries the request. Used by `waitUntilReady`,
 * where most probes of a starting server are refused.
 */
export async function probeConnectFirst(target: URL, options: ProbeOptions = {}): Promise<ProbeResult> {
  if (target.protocol !== "http:") return probe(target, options);
  const timeoutMs = options.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
  const started = performance.now();
  const host = target.hostname.startsWith("[") ? target.hostname.slice(1, -1) : target.hostname;
  const connect = await tcpConnect(host, Number(target.port || 80), timeoutMs, options.signal);
  let outcome: HttpGetOutcome;
  if (connect.kind === "connected") {
    outcome = await httpGet(target, {
      timeoutMs: Math.max(1, timeoutMs - (performance.now() - started)),
      signal: options.signal,
      socket: connect.socket,
      maxBodyBytes: options.maxBodyBytes,
    });
  } else if (connect.kind === "timeout") {
    outcome = { kind: "timeout", connected: false };
  } else {
    outcome = {
      kind: "network-error",
      code: connect.code,
      message: connect.message,
      connected: false,
      reusedSocket: false,
    };
  }
  return resultOf(target, outcome, performance.now() - started, timeoutMs);
}
