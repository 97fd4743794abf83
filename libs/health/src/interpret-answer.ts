/**
 * Turns one HTTP answer of a health endpoint into a state, a reason and the auth it reported.
 * Pure: no I/O, so every rule is unit-tested on its own.
 */
import type { HealthAuth, ProbeState } from "./probe-result.ts";

export interface HttpAnswer {
  statusCode: number;
  contentType: string | undefined;
  location?: string | undefined;
  body: string;
}

export interface Interpretation {
  state: ProbeState;
  reason?: string;
  auth?: HealthAuth;
  version?: string;
  body?: unknown;
}

const HEALTHY_WORDS = new Set(["healthy", "ok", "up", "pass", "passing", "green", "ready", "alive"]);
const DEGRADED_WORDS = new Set(["degraded", "warn", "warning", "yellow"]);
const UNHEALTHY_WORDS = new Set(["unhealthy", "down", "fail", "failed", "failing", "error", "red"]);

const MAX_REASON = 200;

/** The state a status word stands for, or undefined for a word we do not know. */
function stateOfWord(word: string): "healthy" | "degraded" | "unhealthy" | undefined {
  const w = word.trim().toLowerCase();
  if (HEALTHY_WORDS.has(w)) return "healthy";
  if (DEGRADED_WORDS.has(w)) return "degraded";
  if (UNHEALTHY_WORDS.has(w)) return "unhealthy";
  return undefined;
}

/** A server-supplied string made safe for a one-line message: no control characters, bounded. */
export function cleanText(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  const flat = text.replace(/[\u0000-\u001f\u007f]+/g, " ").trim();
  return flat.length > MAX_REASON ? `${flat.slice(0, MAX_REASON - 1)}…` : flat;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function optionalString(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 ? cleanText(value) : undefined;
}

/** Meridian's `auth` object: `{ loggedIn, email?, subscriptionType? }`; anything else is ignored. */
export function parseHealthAuth(value: unknown): HealthAuth | undefined {
  if (!isRecord(value) || typeof value.loggedIn !== "boolean") return undefined;
  const auth: HealthAuth = { loggedIn: value.loggedIn };
  const email = optionalString(value.email);
  if (email) auth.email = email;
  const subscriptionType = optionalString(value.subscriptionType);
  if (subscriptionType) auth.subscriptionType = subscriptionType;
  const authMethod = optionalString(value.authMethod);
  if (authMethod) auth.authMethod = authMethod;
  return auth;
}

/** The reason a JSON health body gives: `error`, else `message`, else `reason`, else `detail`. */
function bodyReason(body: Record<string, unknown>): string | undefined {
  for (const key of ["error", "message", "reason", "detail"]) {
    const value = body[key];
    if (typeof value === "string" && value.trim()) return cleanText(value);
    if (isRecord(value) && typeof value.message === "string") return cleanText(value.message);
  }
  return undefined;
}

function looksLikeHtml(answer: HttpAnswer): boolean {
  if (answer.contentType?.toLowerCase().includes("html")) return true;
  return /^\s*<(!doctype|html|head|body)\b/i.test(answer.body);
}

function looksLikeJson(answer: HttpAnswer): boolean {
  if (answer.contentType?.toLowerCase().includes("json")) return true;
  return /^\s*[{[]/.test(answer.body);
}

function statusWord(status: number): string {
  switch (status) {
    case 401:
      return "the health endpoint requires authentication";
    case 403:
      return "the health endpoint refused access";
    case 429:
      return "rate limited";
    case 500:
      return "the server failed answering its health endpoint";
    case 502:
    case 504:
      return "a gateway in front of the server failed";
    default:
      return "";
  }
}

/**
 * Classifies an answer:
 * - 404 → `no-health-endpoint`; 3xx → `unexpected` (redirects are not followed);
 * - an HTML page → `unexpected` (some other web server, not a health endpoint), whatever the status;
 * - 503 → `unhealthy`, whatever the body says (empty, invalid JSON, any `status` word, plain text);
 * - otherwise invalid JSON, or a JSON `status` word we do not know → `unexpected`;
 * - 2xx: a known `status` word decides (`healthy`/`ok`/`up`…, `degraded`/`warn`…, `unhealthy`/`down`/
 *   `fail`…); without one (empty body, JSON without `status`, plain text) → `healthy`;
 * - any other status → `unhealthy` if the body says so, else `unexpected`.
 */
export function interpretAnswer(answer: HttpAnswer): Interpretation {
  const { statusCode } = answer;
  const is2xx = statusCode >= 200 && statusCode < 300;

  if (statusCode === 404) {
    return { state: "no-health-endpoint", reason: "the server answers but has no health endpoint here" };
  }
  if (statusCode >= 300 && statusCode < 400) {
    const to = answer.location ? ` to ${cleanText(answer.location)}` : "";
    return { state: "unexpected", reason: `redirect${to} (redirects are not followed)` };
  }
  if (answer.body.trim() === "") {
    if (is2xx) return { state: "healthy" };
    if (statusCode === 503) return { state: "unhealthy", reason: "service unavailable" };
    return { state: "unexpected", reason: statusWord(statusCode) || `HTTP ${statusCode} without a body` };
  }
  if (looksLikeHtml(answer)) {
    return { state: "unexpected", reason: "an HTML page, not a health endpoint" };
  }

  if (looksLikeJson(answer)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(answer.body);
    } catch {
      if (statusCode === 503) return { state: "unhealthy", reason: "service unavailable" };
      return { state: "unexpected", reason: "the body is not valid JSON" };
    }
    const out: Interpretation = { state: "unexpected", body: parsed };
    if (isRecord(parsed)) {
      const auth = parseHealthAuth(parsed.auth);
      if (auth) out.auth = auth;
      const version = optionalString(parsed.version);
      if (version) out.version = version;
      const reason = bodyReason(parsed);
      if (reason) out.reason = reason;
    }
    // 503 is "unavailable" whatever the body says, a status word we do not know ("starting") included.
    if (statusCode === 503)
      return { ...out, state: "unhealthy", reason: out.reason ?? "service unavailable" };
    if (isRecord(parsed)) {
      const word = typeof parsed.status === "string" ? parsed.status : undefined;
      const said = word === undefined ? undefined : stateOfWord(word);
      if (word !== undefined && said === undefined) {
        return { ...out, state: "unexpected", reason: `unknown health status "${cleanText(word)}"` };
      }
      if (is2xx) {
        const state = said ?? "healthy";
        if (state === "degraded")
          return { ...out, state, reason: out.reason ?? "the server reports degraded" };
        if (state === "unhealthy")
          return { ...out, state, reason: out.reason ?? "the server reports unhealthy" };
        const { reason: _ignored, ...healthy } = out;
        return { ...healthy, state };
      }
      if (said === "unhealthy")
        return { ...out, state: "unhealthy", reason: out.reason ?? `HTTP ${statusCode}` };
    } else if (is2xx) {
      return { state: "healthy", body: parsed };
    }
    return {
      ...out,
      state: "unexpected",
      reason: out.reason ?? (statusWord(statusCode) || `HTTP ${statusCode}`),
    };
  }

  // Plain text: one known word decides; otherwise the HTTP status does.
  const said = stateOfWord(answer.body);
  if (is2xx) {
    if (said === "degraded" || said === "unhealthy") return { state: said, reason: cleanText(answer.body) };
    return { state: "healthy" };
  }
  if (statusCode === 503 || said === "unhealthy")
    return { state: "unhealthy", reason: cleanText(answer.body) };
  return { state: "unexpected", reason: statusWord(statusCode) || cleanText(answer.body) };
}
