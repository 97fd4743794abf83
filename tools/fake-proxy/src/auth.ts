/**
 * The simulated `claude auth status`, cached like Meridian caches it (there: 60 s after a success, 5 s after
 * a failure; here one short, configurable TTL so tests stay deterministic).
 */
import { existsSync } from "node:fs";

/** What `claude auth status` reported, or `null` when the check itself failed (→ "degraded"). */
export type AuthStatus = { loggedIn: boolean; email?: string; subscriptionType?: string } | null;

export interface AuthSource {
  notLoggedIn?: boolean;
  credentialsFile?: string;
  degraded?: boolean;
  email?: string;
  subscriptionType?: string;
}

/** Reads the simulated login state once, without caching. */
export function checkAuth(source: AuthSource): AuthStatus {
  if (source.degraded) return null;
  const loggedIn =
    !source.notLoggedIn && (source.credentialsFile === undefined || existsSync(source.credentialsFile));
  if (!loggedIn) return { loggedIn: false };
  return {
    loggedIn: true,
    email: source.email ?? "fake@example.com",
    subscriptionType: source.subscriptionType ?? "max",
  };
}

/** A `checkAuth` whose result is reused for `ttlMs`. */
export function cachedAuthCheck(source: AuthSource, ttlMs: number): () => AuthStatus {
  let at = Number.NEGATIVE_INFINITY;
  let last: AuthStatus = null;
  return () => {
    const now = performance.now();
    if (now - at >= ttlMs) {
      last = checkAuth(source);
      at = now;
    }
    return last;
  };
}
