/**
 * What one health probe observed. Every expected outcome of asking a local HTTP server "are you healthy?"
 * is a value of this type, never an exception.
 */

/**
 * The outcome of one probe.
 *
 * The server answered HTTP:
 * - `healthy`: 2xx and the body, if any, does not say otherwise.
 * - `degraded`: 2xx, but the body says `"status": "degraded"` (Meridian: it could not verify the login).
 * - `unhealthy`: 503, or a body saying `"status": "unhealthy"` (Meridian: not logged in).
 * - `no-health-endpoint`: 404 — the server is alive, its health is unknown (e.g. an old proxy).
 * - `unexpected`: any other answer (500, 401, a redirect, an HTML page, invalid JSON, an unknown status,
 *   a reply that is not HTTP).
 *
 * The server did not answer HTTP:
 * - `unreachable`: nothing accepts connections there (connection refused, host unknown).
 * - `timeout`: no complete answer within the time limit (accepted but hung, or connect never completed).
 * - `error`: the connection failed in another way (reset before an answer, …).
 */
export type ProbeState =
  | "healthy"
  | "degraded"
  | "unhealthy"
  | "no-health-endpoint"
  | "unexpected"
  | "unreachable"
  | "timeout"
  | "error";

/** Every {@link ProbeState}, in the order above. */
export const PROBE_STATES: readonly ProbeState[] = [
  "healthy",
  "degraded",
  "unhealthy",
  "no-health-endpoint",
  "unexpected",
  "unreachable",
  "timeout",
  "error",
];

/** Login information a health body reported under `auth` (Meridian's shape). Never a token. */
export interface HealthAuth {
  loggedIn: boolean;
  email?: string;
  subscriptionType?: string;
  authMethod?: string;
}

/** One probe's answer. */
export interface ProbeResult {
  state: ProbeState;
  /** The URL that was probed. */
  url: string;
  /** Milliseconds from sending the request to the complete answer (or the failure). */
  latencyMs: number;
  /** HTTP status code, when the server answered HTTP. */
  statusCode?: number;
  /** Why the state is not `healthy`, in words (a server-supplied reason is truncated to 200 characters). */
  reason?: string;
  /** Network error code for `unreachable`/`error`, e.g. `ECONNREFUSED`, `ECONNRESET`. */
  code?: string;
  /** For `timeout`: whether the TCP connection had been established (accepted but no answer). */
  connected?: boolean;
  /** Parsed `auth` of the health body, when it had one. */
  auth?: HealthAuth;
  /** The server's `version`, when the health body had one. */
  version?: string;
  /** The parsed JSON body, when the answer was JSON. */
  body?: unknown;
}

/**
 * True when the server answered HTTP at all (`healthy`, `degraded`, `unhealthy`, `no-health-endpoint`,
 * `unexpected`): something is alive there, whatever its health.
 */
export function isAnswering(result: Pick<ProbeResult, "state">): boolean {
  switch (result.state) {
    case "healthy":
    case "degraded":
    case "unhealthy":
    case "no-health-endpoint":
    case "unexpected":
      return true;
    default:
      return false;
  }
}

/** A one-line description, e.g. `unhealthy (HTTP 503: Not logged in. Run: claude login) in 3.1 ms`. */
export function describeProbeResult(result: ProbeResult): string {
  const details: string[] = [];
  if (result.statusCode !== undefined) details.push(`HTTP ${result.statusCode}`);
  if (result.reason) details.push(result.reason);
  const inner = details.length > 0 ? ` (${details.join(": ")})` : "";
  return `${result.state}${inner} in ${result.latencyMs.toFixed(1)} ms`;
}
