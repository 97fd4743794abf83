/**
 * `withClaudeLoginCheck(probe)`: a probe that knows when "degraded" really means "not logged in".
 *
 * Meridian asks `claude auth status` at start-up and for `/health`. Current Claude Code exits 1 when logged
 * out, which Meridian reads as "could not verify": it starts anyway and `/health` answers 200 `degraded`
 * ("Could not verify auth status") — so a supervisor that trusts `/health` alone calls a logged-out proxy
 * ready, and every request then fails at Anthropic with a 401. This wrapper asks the Claude CLI itself
 * whenever the server says `degraded`, and turns a logged-out answer into `unhealthy` with
 * `auth.loggedIn: false` (what Meridian's own 503 says), which supervisors and gates report as
 * "run `claude login`".
 */
import type { ProbeResult, ProbeState } from "../probe-result.ts";
import { type ClaudeAuthStatus, type ClaudeAuthStatusOptions, claudeAuthStatus } from "./auth-status.ts";

/** A probe function in the shape supervisors inject: options in, one {@link ProbeResult} out. */
export type ProbeFunction = (options: { signal?: AbortSignal; timeoutMs?: number }) => Promise<ProbeResult>;

/** Options of {@link withClaudeLoginCheck}. */
export interface ClaudeLoginCheckOptions {
  /** How `claude auth status` is run (command, environment); timeouts and aborts come from the probe. */
  claude?: Omit<ClaudeAuthStatusOptions, "signal" | "timeoutMs"> | undefined;
  /** Probe states that trigger the check (default `["degraded"]`). */
  checkStates?: readonly ProbeState[] | undefined;
  /** Reuse a logged-in answer this long (default 60 s, like Meridian's own cache). */
  loggedInCacheMs?: number | undefined;
  /** Reuse any other answer this long (default 5 s, like Meridian's own cache), so a login shows up soon. */
  otherCacheMs?: number | undefined;
  /** Deadline of one `claude auth status` (default 10 s). */
  timeoutMs?: number | undefined;
  /** Called with every fresh answer of `claude auth status` (for logs). */
  onStatus?: ((status: ClaudeAuthStatus) => void) | undefined;
}

/** The reason a degraded answer is turned into `unhealthy`. */
export const CLAUDE_LOGGED_OUT_REASON = "Claude is not logged in (`claude auth status`): run `claude login`";

/**
 * Wraps `probe` so that a `degraded` answer (by default) is checked against `claude auth status`:
 * logged out → `unhealthy` with `auth.loggedIn: false` and {@link CLAUDE_LOGGED_OUT_REASON}; logged in →
 * the answer unchanged but with `auth` filled in; the CLI missing or failing → the answer unchanged.
 * Answers are cached (60 s logged in, 5 s otherwise) and concurrent checks share one run of the CLI. A check
 * that does not finish within the probe's `timeoutMs` leaves the answer unchanged (and fills the cache for
 * the next probe), so a slow CLI never turns into a failed liveness probe.
 *
 * @example
 * const probeProxy = withClaudeLoginCheck((o) => probe("http://127.0.0.1:3456/health", o));
 * const result = await probeProxy({ timeoutMs: 2000 }); // unhealthy + loggedIn:false when logged out
 */
export function withClaudeLoginCheck(
  probe: ProbeFunction,
  options: ClaudeLoginCheckOptions = {},
): ProbeFunction {
  const checkStates = new Set<ProbeState>(options.checkStates ?? ["degraded"]);
  const loggedInCacheMs = options.loggedInCacheMs ?? 60_000;
  const otherCacheMs = options.otherCacheMs ?? 5_000;
  let cached: { status: ClaudeAuthStatus; until: number } | undefined;
  let running: Promise<ClaudeAuthStatus> | undefined;

  // One shared run of the CLI for concurrent probes: it is bounded by its own timeout, not by one caller's
  // signal (an abort of that caller must not fail the others); each caller still stops waiting on its abort.
  const sharedStatus = (): Promise<ClaudeAuthStatus> => {
    if (cached && Date.now() < cached.until) return Promise.resolve(cached.status);
    running ??= claudeAuthStatus({ ...options.claude, timeoutMs: options.timeoutMs ?? 10_000 })
      .then((status) => {
        cached = { status, until: Date.now() + (status.loggedIn ? loggedInCacheMs : otherCacheMs) };
        options.onStatus?.(status);
        return status;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  // Each caller waits for the shared check only within its own probe's budget: a probe that runs over its
  // deadline counts as a liveness failure, and a slow CLI must never get a proxy restarted. When the budget
  // runs out, the caller gets `undefined` (the answer unchanged) and the check goes on to fill the cache.
  const authStatus = (
    signal: AbortSignal | undefined,
    budgetMs: number | undefined,
  ): Promise<ClaudeAuthStatus | undefined> => {
    signal?.throwIfAborted();
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      const timer =
        budgetMs === undefined ? undefined : setTimeout(() => resolve(undefined), Math.max(0, budgetMs));
      signal?.addEventListener("abort", onAbort, { once: true });
      sharedStatus()
        .then(resolve, reject)
        .finally(() => {
          clearTimeout(timer);
          signal?.removeEventListener("abort", onAbort);
        });
    });
  };

  return async (probeOptions) => {
    const started = Date.now();
    const result = await probe(probeOptions);
    if (!checkStates.has(result.state) || result.auth?.loggedIn === false) return result;
    const budgetMs =
      probeOptions.timeoutMs === undefined ? undefined : probeOptions.timeoutMs - (Date.now() - started) - 10;
    const status = await authStatus(probeOptions.signal, budgetMs);
    if (status === undefined) return result;
    if (status.state === "logged-out") {
      return { ...result, state: "unhealthy", reason: CLAUDE_LOGGED_OUT_REASON, auth: { loggedIn: false } };
    }
    if (status.state === "logged-in") {
      const auth = { ...result.auth, loggedIn: true };
      if (status.email !== undefined) auth.email = status.email;
      if (status.subscriptionType !== undefined) auth.subscriptionType = status.subscriptionType;
      if (status.authMethod !== undefined) auth.authMethod = status.authMethod;
      return { ...result, auth };
    }
    return result;
  };
}
