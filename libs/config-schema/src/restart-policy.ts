import * as z from "zod/mini";
import { FIELD_DOCS, LIMITS } from "./field-docs.ts";
import { withDescription } from "./json-schema.ts";
import { boundedInt } from "./numbers.ts";

/** How a supervisor restarts a crashed child: back-off and crash-loop breaker. */
export interface RestartPolicy {
  /** Restart after a crash or failed health checks. */
  autoRestart: boolean;
  /** Delay before the first restart, in ms; doubled on each consecutive crash. */
  restartDelayMs: number;
  /** Cap of the doubled delay, in ms (never below `restartDelayMs`). */
  maxRestartDelayMs: number;
  /** Crashes within `crashWindowMs` after which restarting stops. */
  maxCrashes: number;
  /** Window of the crash-loop breaker, in ms. */
  crashWindowMs: number;
}

/** Default restart policy: 3 s, doubling up to 60 s; give up after 5 crashes in 5 minutes. */
export const DEFAULT_RESTART_POLICY: Readonly<RestartPolicy> = Object.freeze({
  autoRestart: true,
  restartDelayMs: 3000,
  maxRestartDelayMs: 60_000,
  maxCrashes: 5,
  crashWindowMs: 300_000,
});

/**
 * The restart-policy keys as a zod object shape, each with its default (override any of them) and its
 * description, to spread into your own `z.strictObject({ ...restartPolicyShape(), … })`.
 */
export function restartPolicyShape(defaults: Partial<RestartPolicy> = {}) {
  const d = { ...DEFAULT_RESTART_POLICY, ...defaults };
  const doc = (key: keyof typeof FIELD_DOCS) => ({ description: FIELD_DOCS[key].description });
  const int = (key: keyof typeof LIMITS) => boundedInt(LIMITS[key].min, LIMITS[key].max);
  return {
    autoRestart: withDescription(z._default(z.boolean(), d.autoRestart), doc("autoRestart")),
    restartDelayMs: withDescription(
      z._default(int("restartDelayMs"), d.restartDelayMs),
      doc("restartDelayMs"),
    ),
    maxRestartDelayMs: withDescription(
      z._default(int("maxRestartDelayMs"), d.maxRestartDelayMs),
      doc("maxRestartDelayMs"),
    ),
    maxCrashes: withDescription(z._default(int("maxCrashes"), d.maxCrashes), doc("maxCrashes")),
    crashWindowMs: withDescription(z._default(int("crashWindowMs"), d.crashWindowMs), doc("crashWindowMs")),
  };
}

/** Schema: a strict object of the restart-policy keys, every key optional with its default. */
export function restartPolicy(defaults: Partial<RestartPolicy> = {}) {
  return z.strictObject(restartPolicyShape(defaults));
}

/**
 * The delay before restart number `attempt` (1 for the first restart after a crash):
 * `restartDelayMs * 2^(attempt - 1)`, capped at `max(restartDelayMs, maxRestartDelayMs)`.
 */
export function restartDelayFor(
  policy: Pick<RestartPolicy, "restartDelayMs" | "maxRestartDelayMs">,
  attempt: number,
): number {
  const cap = Math.max(policy.restartDelayMs, policy.maxRestartDelayMs);
  const exponent = Math.max(0, Math.min(Math.floor(attempt) - 1, 52));
  return Math.min(cap, policy.restartDelayMs * 2 ** exponent);
}
