/**
 * The request log: one JSON line per request the simulator received, with secret headers redacted, so
 * tests can assert what reached the proxy (and that no credential did).
 */
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import type { IncomingHttpHeaders } from "node:http";

/** One received request. */
export interface RequestLogEntry {
  /** ISO time the request was received. */
  time: string;
  method: string;
  /** Path without the query string. */
  path: string;
  /** The body's `model`, for message and chat-completion requests. */
  model?: string;
  /** The body's `stream`, for message and chat-completion requests. */
  stream?: boolean;
  /** Request headers, names lower-cased, secret values replaced by `[redacted]`. */
  headers: Record<string, string>;
  /** The status the simulator answered with (absent when it never answered, e.g. a hanging /health). */
  status?: number;
}

/** The value that replaces a secret header. */
export const REDACTED = "[redacted]";

const SECRET_HEADERS = new Set(["authorization", "proxy-authorization", "x-api-key", "cookie", "set-cookie"]);
const SECRET_NAME = /token|secret|password|api[-_]?key|credential/i;

/** Copies headers, replacing the value of every secret-looking header with `[redacted]`. */
export function redactHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const key = name.toLowerCase();
    out[key] = SECRET_HEADERS.has(key) || SECRET_NAME.test(key) ? REDACTED : String(value);
  }
  return out;
}

/** Appends one entry synchronously, so it is on disk before the response is sent. */
export function appendRequestLog(file: string, entry: RequestLogEntry): void {
  appendFileSync(file, `${JSON.stringify(entry)}\n`);
}

/** Reads a request log written by the simulator; a missing file is an empty log. */
export function readRequestLog(file: string): RequestLogEntry[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as RequestLogEntry);
}
