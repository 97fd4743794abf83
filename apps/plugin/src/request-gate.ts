import type { OpenClawConfig } from "openclaw/plugin-sdk/plugin-entry";
import { addressKey, proxyRegistry } from "./proxy-registry.ts";
import type { RuntimeLogger } from "./proxy-runtime.ts";
import type { RequestCheck } from "./wire-model-id.ts";

/**
 * How long a request waits for a proxy that is starting or restarting before it is refused with the
 * reason. A quick restart (kill -9 → restartDelayMs → ready) fits; a proxy that is down for good
 * (not logged in, crash loop, autoRestart off, command not found) is refused at once.
 */
export const READY_WAIT_MS = 8_000;

/** What the gate knows besides the request. */
export interface GateContext {
  /** The OpenClaw config the request runs with. */
  config: OpenClawConfig | undefined;
  /** OpenClaw's state dir (for an on-demand start's pid file), resolved on use. */
  stateDir: () => string | undefined;
  logger: RuntimeLogger;
}

/**
 * Decides whether a model request may go to the proxy. The common case costs a map lookup: the
 * supervisor of this address (the Gateway's service, or an earlier on-demand start) answers. Without
 * one — a CLI process such as `openclaw agent --local`, where services never run — the rest is loaded
 * on first use (`gate-slow.ts`): it starts the proxy on demand when `autoStart` is on, or explains how to
 * start it.
 */
export async function gateRequest(check: RequestCheck, context: GateContext): Promise<void> {
  const key = addressKey(check.baseUrl);
  const entry = key ? proxyRegistry().get(key) : undefined;
  if (entry && !entry.stopping) return entry.admit({ maxWaitMs: READY_WAIT_MS, signal: check.signal });
  const { gateWithoutRuntime } = await import("./gate-slow.ts");
  return gateWithoutRuntime(check, context, READY_WAIT_MS);
}
