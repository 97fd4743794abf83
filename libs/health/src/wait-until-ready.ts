/**
 * `waitUntilReady(url)`: adaptive polling until a health endpoint says ready.
 *
 * Two schedules, because the two kinds of "not ready" cost very different things:
 * - nothing listens yet (`unreachable`): a refused connection on loopback is answered by the kernel and
 *   costs the starting server nothing, and we only open a bare TCP connection (the HTTP request rides
 *   on it once it succeeds), so we poll fast — from 1 ms, growing ×1.5 to a 10 ms ceiling — and notice
 *   the first `listen()` within a few milliseconds. Our own CPU is what a slow starter would lose on a
 *   small machine, so once the server has taken more than a second the ceiling grows with the time
 *   already waited (1 % of it: 30 ms after 3 s, 100 ms after 10 s), never beyond `maxIntervalMs`;
 * - the server answers but is not ready (503, degraded, 404, timeout, …): every probe is work for the
 *   server, so we back off — from 10 ms, doubling to a 250 ms ceiling.
 */
import { performance } from "node:perf_hooks";
import { NotReadyError } from "./errors.ts";
import { DEFAULT_PROBE_TIMEOUT_MS, probeConnectFirst, toProbeUrl } from "./probe.ts";
import type { ProbeResult, ProbeState } from "./probe-result.ts";

/** Options of {@link waitUntilReady}. */
export interface WaitUntilReadyOptions {
  /** Give up after this many ms and reject with {@link NotReadyError} (default 30 000). */
  timeoutMs?: number | undefined;
  /** Aborting rejects with `signal.reason` at once; no probe or timer is left behind. */
  signal?: AbortSignal | undefined;
  /** Path to probe when `url` is a base URL without one (default `/health`). */
  healthPath?: string | undefined;
  /** Deadline of each probe (default 2000 ms; never beyond the overall deadline). */
  probeTimeoutMs?: number | undefined;
  /**
   * States that count as ready (default `["healthy"]`). Add `"degraded"` to accept a proxy that could not
   * verify its login, or `"no-health-endpoint"` for a server without a health endpoint.
   */
  readyStates?: readonly ProbeState[] | undefined;
  /** Stop waiting early, rejecting with `reason: "gave-up"`, when this returns true for a result. */
  giveUpWhen?: ((result: ProbeResult) => boolean) | undefined;
  /** Called after every probe (for progress logs). */
  onProbe?: ((result: ProbeResult, attempt: number) => void) | undefined;
  /** First delay while nothing listens (default 1 ms). */
  minIntervalMs?: number | undefined;
  /** Ceiling of the delay while nothing listens, for the first second (default 10 ms; then 1 % of the time waited). */
  maxRefusedIntervalMs?: number | undefined;
  /** First delay once the server answers but is not ready (default 10 ms). */
  answeredIntervalMs?: number | undefined;
  /** Ceiling of the delay once the server answers but is not ready (default 250 ms). */
  maxIntervalMs?: number | undefined;
}

/** Default overall deadline of {@link waitUntilReady}. */
export const DEFAULT_READY_TIMEOUT_MS = 30_000;

/** While refused for longer than a second, the polling ceiling is this share of the time waited. */
const REFUSED_CEILING_RATIO = 0.01;

/** Sleeps `ms`, or rejects with `signal.reason` as soon as it aborts. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Polls `url` until a probe is in `readyStates` and resolves with that result.
 *
 * Rejects with {@link NotReadyError} (carrying `lastResult`, `attempts`, `elapsedMs`) when `timeoutMs`
 * passes or `giveUpWhen` matches, and with `signal.reason` when aborted.
 *
 * @example
 * const ready = await waitUntilReady("http://127.0.0.1:3456/health", {
 *   timeoutMs: 20_000,
 *   giveUpWhen: (r) => r.auth?.loggedIn === false, // no point waiting: `claude login` first
 * });
 */
export async function waitUntilReady(
  url: string | URL,
  options: WaitUntilReadyOptions = {},
): Promise<ProbeResult> {
  const target = toProbeUrl(url, options.healthPath);
  const { signal } = options;
  signal?.throwIfAborted();
  const timeoutMs = options.timeoutMs ?? DEFAULT_READY_TIMEOUT_MS;
  const probeTimeoutMs = options.probeTimeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
  const ready = new Set<ProbeState>(options.readyStates ?? ["healthy"]);
  const minInterval = options.minIntervalMs ?? 1;
  const maxRefused = Math.max(minInterval, options.maxRefusedIntervalMs ?? 10);
  const answeredFirst = options.answeredIntervalMs ?? 10;
  const maxInterval = Math.max(answeredFirst, options.maxIntervalMs ?? 250);

  const started = performance.now();
  let refusedDelay = minInterval;
  let answeredDelay = answeredFirst;
  let attempts = 0;

  for (;;) {
    const left = timeoutMs - (performance.now() - started);
    const result = await probeConnectFirst(target, {
      timeoutMs: Math.max(1, Math.min(probeTimeoutMs, left)),
      signal,
      healthPath: options.healthPath,
    });
    attempts += 1;
    options.onProbe?.(result, attempts);
    if (ready.has(result.state)) return result;
    const elapsedMs = performance.now() - started;
    if (options.giveUpWhen?.(result)) {
      throw new NotReadyError({ reason: "gave-up", lastResult: result, attempts, elapsedMs });
    }
    if (elapsedMs >= timeoutMs) {
      throw new NotReadyError({ reason: "timeout", lastResult: result, attempts, elapsedMs });
    }
    let delay: number;
    if (result.state === "unreachable") {
      delay = refusedDelay;
      const ceiling = Math.min(maxInterval, Math.max(maxRefused, elapsedMs * REFUSED_CEILING_RATIO));
      refusedDelay = Math.min(refusedDelay * 1.5, ceiling);
      answeredDelay = answeredFirst;
    } else {
      delay = answeredDelay;
      answeredDelay = Math.min(answeredDelay * 2, maxInterval);
      refusedDelay = minInterval;
    }
    await sleep(Math.min(delay, timeoutMs - elapsedMs), signal);
  }
}
