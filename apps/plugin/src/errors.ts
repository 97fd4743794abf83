/** Stable code of {@link ProxyNotReadyError} (OpenClaw keeps it as the failed turn's `errorCode`). */
export const PROXY_NOT_READY_CODE = "ANTHROPIC_MAX_PROXY_NOT_READY";

/**
 * A model request refused before it left because the proxy is not ready. The message is the reason with
 * the fix (`anthropic-max-proxy: Claude is not logged in: run \`claude login\` …`).
 *
 * OpenClaw treats it as an unclassified provider failure: no same-model retries (its transient retry
 * budget is for rate limits, overloads, server errors and timeouts), no auth-profile cooldown, no
 * fallback to another provider; `openclaw agent --json` reports the message as `meta.error.message`.
 * The message is therefore worded so that OpenClaw's failover classifier finds nothing transient in it
 * (no "timeout", "connection refused", …; see config-schema's `explainProxyStatus`).
 */
export class ProxyNotReadyError extends Error {
  override readonly name = "ProxyNotReadyError";
  readonly code = PROXY_NOT_READY_CODE;
  /** What is wrong (`not-logged-in`, `restarting`, `command-not-found`, …). */
  readonly condition: string;

  constructor(message: string, condition: string) {
    super(message);
    this.condition = condition;
  }
}
