import type { ProxyAddress } from "@proxykit/config-schema";
import type { probe } from "@proxykit/health";

/** What `status` and the slash command say about the proxy. */
export interface ProxyStateView {
  /** `healthy`, `degraded`, `unhealthy`, `unreachable`, `timeout`, … (a supervisor adds `starting`, `restarting`, `failed`). */
  state: string;
  /** True when requests can be served now. */
  ready: boolean;
  /** One line for people. */
  summary: string;
  /** `probe`: one health probe from this process; `supervisor`: the live state of the Gateway's service. */
  source: "probe" | "supervisor";
  latencyMs?: number;
  auth?: { loggedIn: boolean; email?: string; subscriptionType?: string };
}

/** Where proxy state comes from. Issue 8's supervision service provides a live one. */
export interface ProxyStateSource {
  read(address: ProxyAddress, options?: { signal?: AbortSignal }): Promise<ProxyStateView>;
}

type ProbeFn = typeof probe;

/** Reads the state with one health probe (`GET /health`) of the address (health is loaded on first use). */
export function createProbeStateSource(probeFn?: ProbeFn, timeoutMs = 1500): ProxyStateSource {
  return {
    async read(address, options) {
      const run = probeFn ?? (await import("./health-probe.ts")).probe;
      const result = await run(address.baseUrl, {
        timeoutMs,
        ...(options?.signal ? { signal: options.signal } : {}),
      });
      const ready =
        result.state === "healthy" || result.state === "degraded" || result.state === "no-health-endpoint";
      const view: ProxyStateView = {
        state: result.state,
        ready,
        summary: describeProbe(address, result),
        source: "probe",
        latencyMs: result.latencyMs,
      };
      if (result.auth) view.auth = result.auth;
      return view;
    },
  };
}

function describeProbe(address: ProxyAddress, result: Awaited<ReturnType<ProbeFn>>): string {
  const where = `${address.host}:${address.port}`;
  const auth = result.auth;
  const who = auth?.loggedIn
    ? ` — Claude logged in${auth.email ? ` as ${auth.email}` : ""}${auth.subscriptionType ? ` (${auth.subscriptionType})` : ""}`
    : "";
  switch (result.state) {
    case "healthy":
      return `proxy at ${where} is healthy${who}`;
    case "degraded":
      return `proxy at ${where} answers but is degraded${result.reason ? `: ${result.reason}` : ""}`;
    case "no-health-endpoint":
      return `proxy at ${where} answers (it has no /health endpoint, so its Claude login is unknown)`;
    case "unhealthy":
      return auth && !auth.loggedIn
        ? `proxy at ${where} runs but Claude is not logged in: run \`claude login\``
        : `proxy at ${where} is unhealthy${result.reason ? `: ${result.reason}` : ""}`;
    case "unreachable":
      return `nothing answers at ${where}: the proxy is not running`;
    case "timeout":
      return `proxy at ${where} did not answer in time`;
    default:
      return `proxy at ${where}: ${result.state}${result.reason ? ` (${result.reason})` : ""}`;
  }
}

let liveSource: ProxyStateSource | undefined;

/**
 * Seam for the supervision service (issue 8): while it runs in this process it publishes a source that
 * reads the supervisor's live state (starting, restarting, crash counts, login problems), and clears it
 * when it stops. Without it (plain CLI processes), state comes from one health probe.
 */
export function setLiveProxyStateSource(source: ProxyStateSource | undefined): void {
  liveSource = source;
}

/** The live source when the service runs in this process, else `fallback`. */
export function currentProxyStateSource(fallback: ProxyStateSource): ProxyStateSource {
  return liveSource ?? fallback;
}
