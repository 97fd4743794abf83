/**
 * Errors of `@proxykit/health`. Expected outcomes of a probe are values, not errors: only
 * {@link waitUntilReady} rejects, when the server did not become ready.
 */
import { describeProbeResult, type ProbeResult } from "./probe-result.ts";

/** Why {@link NotReadyError} was raised. */
export type NotReadyReason = "timeout" | "gave-up";

/**
 * The server did not become ready: within `timeoutMs` (`reason: "timeout"`), or a probe result matched
 * `giveUpWhen` (`reason: "gave-up"`). `lastResult` is the last state observed.
 */
export class NotReadyError extends Error {
  override readonly name = "NotReadyError";
  readonly code = "HEALTH_NOT_READY";
  readonly reason: NotReadyReason;
  readonly lastResult: ProbeResult;
  readonly attempts: number;
  readonly elapsedMs: number;

  constructor(init: {
    reason: NotReadyReason;
    lastResult: ProbeResult;
    attempts: number;
    elapsedMs: number;
  }) {
    const last = describeProbeResult(init.lastResult);
    const why =
      init.reason === "timeout"
        ? `not ready after ${Math.round(init.elapsedMs)} ms and ${init.attempts} probes`
        : `gave up after ${init.attempts} probes`;
    super(`${init.lastResult.url} ${why}: last state ${last}${hintFor(init.lastResult)}`);
    this.reason = init.reason;
    this.lastResult = init.lastResult;
    this.attempts = init.attempts;
    this.elapsedMs = init.elapsedMs;
  }
}

function hintFor(result: ProbeResult): string {
  switch (result.state) {
    case "unreachable":
      return " — is the server started and listening on that host and port?";
    case "timeout":
      return " — the server accepts connections but does not answer: it may be hung";
    case "no-health-endpoint":
      return " — the server has no health endpoint at that path: check the URL, or accept this state";
    default:
      return "";
  }
}
