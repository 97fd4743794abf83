/**
 * When to restart, and when to give up: exponential backoff on repeated quick crashes with a cap, reset
 * after a stable uptime, and a crash-loop breaker (N crashes within a window).
 */

export interface RestartPolicyOptions {
  /** Delay before the first restart after a stable run. */
  delayMs: number;
  /** Upper bound of any delay. */
  maxDelayMs: number;
  /** Growth per further quick crash. */
  factor: number;
  /** A run that stayed ready at least this long resets the backoff. */
  stableAfterMs: number;
  /** Give up after this many crashes… */
  maxCrashes: number;
  /** …within this window. */
  windowMs: number;
}

/** The smallest base used by the backoff when `delayMs` is 0, so a crash loop never spins freely. */
export const MIN_BACKOFF_BASE_MS = 100;

export interface CrashDecision {
  /** How long to wait before the next start. */
  delayMs: number;
  /** Quick crashes in a row, this one included (1 after a stable run). */
  consecutive: number;
  /** Crashes inside the window, this one included. */
  crashesInWindow: number;
  /** True when the breaker trips: do not restart. */
  giveUp: boolean;
}

/**
 * The delay before restart number `consecutive` (1-based) of a series of quick crashes:
 * `delayMs` for the first, then `max(delayMs, 100 ms) × factor^(n−1)`, capped at
 * `max(delayMs, maxDelayMs)` (the cap never undercuts the first delay).
 */
export function backoffDelay(
  o: Pick<RestartPolicyOptions, "delayMs" | "maxDelayMs" | "factor">,
  consecutive: number,
): number {
  if (consecutive <= 1) return o.delayMs;
  const cap = Math.max(o.delayMs, o.maxDelayMs);
  const base = Math.max(o.delayMs, MIN_BACKOFF_BASE_MS);
  return Math.min(cap, Math.round(base * o.factor ** Math.min(consecutive - 1, 52)));
}

export class RestartPolicy {
  readonly options: RestartPolicyOptions;
  #crashes: number[] = [];
  #consecutive = 0;

  constructor(options: RestartPolicyOptions) {
    this.options = options;
  }

  /** Records a crash of a run that had been ready for `stableForMs` (0 if it never was). */
  recordCrash(now: number, stableForMs: number): CrashDecision {
    if (stableForMs >= this.options.stableAfterMs) this.#consecutive = 0;
    this.#consecutive++;
    this.#crashes.push(now);
    const from = now - this.options.windowMs;
    while (this.#crashes.length > 0 && (this.#crashes[0] as number) <= from) this.#crashes.shift();
    return {
      delayMs: backoffDelay(this.options, this.#consecutive),
      consecutive: this.#consecutive,
      crashesInWindow: this.#crashes.length,
      giveUp: this.#crashes.length >= this.options.maxCrashes,
    };
  }

  crashesInWindow(now: number): number {
    const from = now - this.options.windowMs;
    return this.#crashes.filter((t) => t > from).length;
  }

  reset(): void {
    this.#crashes = [];
    this.#consecutive = 0;
  }
}
