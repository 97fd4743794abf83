/**
 * `watchLiveness(url)`: probe a health endpoint on an interval over one kept-alive connection and say
 * something only when it matters — the state changed, or N consecutive failures crossed the threshold.
 */
import type http from "node:http";
import { performance } from "node:perf_hooks";
import type { Duplex } from "node:stream";
import { transportFor } from "./node-http.ts";
import { DEFAULT_PROBE_TIMEOUT_MS, probe, toProbeUrl } from "./probe.ts";
import type { ProbeResult, ProbeState } from "./probe-result.ts";

/** What a {@link LivenessWatcher} reports. */
export type LivenessEvent =
  | {
      /** The probe state differs from the previous probe's (the first probe always reports one). */
      type: "change";
      previous: ProbeState | undefined;
      result: ProbeResult;
      consecutiveFailures: number;
    }
  | {
      /** The consecutive failures just reached `failureThreshold` (once per streak of failures). */
      type: "failure-threshold";
      result: ProbeResult;
      consecutiveFailures: number;
    };

/** Options of {@link watchLiveness}. */
export interface LivenessOptions {
  /** Time from one probe's start to the next's (default 5000 ms). Probes never overlap. */
  intervalMs?: number | undefined;
  /**
   * Deadline of each probe (default 2000 ms). It may exceed `intervalMs`: the next probe then starts as
   * soon as the slow one ends.
   */
  timeoutMs?: number | undefined;
  /** Path to probe when `url` is a base URL without one (default `/health`). */
  healthPath?: string | undefined;
  /** Consecutive failures that raise `failure-threshold` (default 3). */
  failureThreshold?: number | undefined;
  /**
   * Which results count as failures (default: `unreachable`, `timeout`, `error`, `unexpected` — the
   * server does not answer, or answers nonsense). `unhealthy` (e.g. not logged in) is not a liveness
   * failure by default: restarting the server would not fix it; it is reported as a `change`. If it
   * throws, the result counts as a failure, the error is re-thrown asynchronously, and watching goes on.
   */
  isFailure?: ((result: ProbeResult) => boolean) | undefined;
  /** Receives every event; more listeners with {@link LivenessWatcher.subscribe}. */
  onEvent?: ((event: LivenessEvent) => void) | undefined;
  /** Aborting stops the watcher, as `stop()` does. */
  signal?: AbortSignal | undefined;
  /** Reuse one kept-alive connection across probes (default true). */
  keepAlive?: boolean | undefined;
  /** Whether the watcher's timer keeps the process alive (default true). */
  ref?: boolean | undefined;
}

/** A running liveness watcher. */
export interface LivenessWatcher {
  /** The last probe's result, if any. */
  readonly last: ProbeResult | undefined;
  /** Failures since the last non-failure. */
  readonly consecutiveFailures: number;
  /** False once stopped. */
  readonly running: boolean;
  /** Adds a listener; returns the function that removes it. */
  subscribe(listener: (event: LivenessEvent) => void): () => void;
  /**
   * Probes now (or joins the probe in flight, never overlapping) and restarts the interval from it.
   * Rejects if the watcher is stopped.
   */
  check(): Promise<ProbeResult>;
  /** Stops: clears the timer, aborts a probe in flight, closes the kept-alive connection. Idempotent. */
  stop(): Promise<void>;
}

const DEFAULT_FAILURES: ReadonlySet<ProbeState> = new Set(["unreachable", "timeout", "error", "unexpected"]);

/** The default failure test of {@link watchLiveness}. */
export function isLivenessFailure(result: Pick<ProbeResult, "state">): boolean {
  return DEFAULT_FAILURES.has(result.state);
}

/** An Agent that remembers its sockets so stop() can wait until each one is really closed. */
function trackingAgent(protocol: string, keepAlive: boolean, sockets: Set<Duplex>): http.Agent {
  const Base = transportFor(protocol).Agent;
  const agent = new Base({ keepAlive, maxSockets: 1 });
  const create = agent.createConnection.bind(agent) as (...args: unknown[]) => Duplex;
  agent.createConnection = ((...args: unknown[]) => {
    const socket = create(...args);
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
    return socket;
  }) as typeof agent.createConnection;
  return agent;
}

/**
 * Starts watching `url` (the first probe runs at once).
 *
 * @example
 * const watcher = watchLiveness("http://127.0.0.1:3456/health", {
 *   intervalMs: 5000,
 *   failureThreshold: 3,
 *   onEvent: (e) => {
 *     if (e.type === "failure-threshold") restartProxy(e.result.reason);
 *     else console.log(`proxy is ${e.result.state}`);
 *   },
 * });
 * // later
 * await watcher.stop();
 */
export function watchLiveness(url: string | URL, options: LivenessOptions = {}): LivenessWatcher {
  const target = toProbeUrl(url, options.healthPath);
  const intervalMs = options.intervalMs ?? 5000;
  const timeoutMs = options.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
  const threshold = Math.max(1, options.failureThreshold ?? 3);
  const isFailure = options.isFailure ?? isLivenessFailure;
  const listeners = new Set<(event: LivenessEvent) => void>();
  if (options.onEvent) listeners.add(options.onEvent);

  const sockets = new Set<Duplex>();
  const agent = trackingAgent(target.protocol, options.keepAlive ?? true, sockets);
  const stopper = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<ProbeResult> | undefined;
  let last: ProbeResult | undefined;
  let failures = 0;
  let stopping: Promise<void> | undefined;

  /** A caller's callback threw (its bug): surface it like a throwing timer callback would. */
  const surface = (error: unknown) =>
    queueMicrotask(() => {
      throw error;
    });

  const emit = (event: LivenessEvent) => {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (error) {
        surface(error); // without breaking the watch loop
      }
    }
  };

  /** `isFailure` is the caller's code too: when it throws, the probe counts as a failure. */
  const failed = (result: ProbeResult): boolean => {
    try {
      return isFailure(result);
    } catch (error) {
      surface(error);
      return true;
    }
  };

  const schedule = (delay: number) => {
    if (stopper.signal.aborted) return;
    clearTimeout(timer); // one timer at most, also when a listener called check() meanwhile
    timer = setTimeout(() => void runProbe().catch(() => {}), Math.max(0, delay));
    if (options.ref === false) timer.unref();
  };

  const runProbe = (): Promise<ProbeResult> => {
    if (inFlight) return inFlight;
    if (stopper.signal.aborted) return Promise.reject(new Error("the liveness watcher is stopped"));
    clearTimeout(timer);
    timer = undefined;
    const started = performance.now();
    const current = probe(target, {
      timeoutMs,
      signal: stopper.signal,
      agent,
      healthPath: options.healthPath,
    }).then((result) => {
      inFlight = undefined;
      if (stopper.signal.aborted) return result;
      try {
        const previous = last?.state;
        last = result;
        failures = failed(result) ? failures + 1 : 0;
        if (result.state !== previous) {
          emit({ type: "change", previous, result, consecutiveFailures: failures });
        }
        if (failures === threshold)
          emit({ type: "failure-threshold", result, consecutiveFailures: failures });
      } finally {
        // Whatever happened above, the watch goes on: a watcher that stops silently is the worst outcome.
        schedule(intervalMs - (performance.now() - started));
      }
      return result;
    });
    inFlight = current;
    current.catch(() => {
      inFlight = undefined;
    });
    return current;
  };

  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      stopper.abort(new Error("the liveness watcher is stopped"));
      clearTimeout(timer);
      timer = undefined;
      await inFlight?.catch(() => {});
      const closing = [...sockets].map(
        (socket) =>
          new Promise<void>((resolve) => (socket.closed ? resolve() : socket.once("close", resolve))),
      );
      agent.destroy();
      for (const socket of sockets) socket.destroy();
      await Promise.all(closing);
      listeners.clear();
    })();
    return stopping;
  };

  options.signal?.addEventListener("abort", () => void stop(), { once: true, signal: stopper.signal });
  if (options.signal?.aborted) void stop();
  else void runProbe().catch(() => {});

  return {
    get last() {
      return last;
    },
    get consecutiveFailures() {
      return failures;
    },
    get running() {
      return !stopper.signal.aborted;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    check: runProbe,
    stop,
  };
}
