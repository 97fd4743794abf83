/**
 * The proxies this process looks after, keyed by address (`host:port`). One entry per address, ever:
 * the Gateway's service puts its supervisor here, the request gate finds it here, and `openclaw agent
 * --local` puts its on-demand supervisor here.
 *
 * It lives on `globalThis` under a registered symbol, not in a module variable: OpenClaw loads the plugin
 * module again when it hot-reloads the plugin's config, and a module variable of the new copy would not
 * see the supervisor the old copy started (a double spawn). Entries therefore talk through this small,
 * stable interface only.
 */

/** What the request gate and `status` need from a proxy runtime. */
export interface ProxyRuntimeEntry {
  /** `host:port` (see {@link addressKey}). */
  readonly key: string;
  /** `service`: the Gateway's supervisor; `on-demand`: started by a request in a CLI process; `watch`: autoStart off. */
  readonly kind: "service" | "on-demand" | "watch";
  /**
   * Resolves when a request may go to the proxy now, waiting at most `maxWaitMs` for a proxy that is
   * starting or restarting; rejects with a `ProxyNotReadyError` (the reason and the fix) otherwise.
   */
  admit(options: { maxWaitMs: number; signal?: AbortSignal | undefined }): Promise<void>;
  /** The state for `status` and `/maxproxy`. */
  view(): Promise<{
    state: string;
    ready: boolean;
    summary: string;
    latencyMs?: number;
    auth?: { loggedIn: boolean; email?: string; subscriptionType?: string };
  }>;
  /** Stops supervising (the whole process tree, port free); resolves when done. Idempotent. */
  stop(): Promise<void>;
  /** Set while `stop()` runs: a successor waits for it before spawning. */
  readonly stopping: Promise<void> | undefined;
}

const REGISTRY = Symbol.for("anthropic-max-proxy.proxy-runtimes");

type Registry = Map<string, ProxyRuntimeEntry>;

/** The process-wide registry. */
export function proxyRegistry(): Registry {
  const holder = globalThis as { [REGISTRY]?: Registry };
  holder[REGISTRY] ??= new Map();
  return holder[REGISTRY];
}

/**
 * `host:port` of a base URL (`http://127.0.0.1:3456/v1` → `127.0.0.1:3456`, IPv6 without brackets);
 * undefined for anything that is not an http(s) URL.
 */
export function addressKey(baseUrl: string | undefined): string | undefined {
  if (!baseUrl || !URL.canParse(baseUrl)) return undefined;
  const url = new URL(baseUrl);
  if (url.protocol !== "http:" && url.protocol !== "https:") return undefined;
  const port = url.port ? Number(url.port) : url.protocol === "https:" ? 443 : 80;
  return `${url.hostname.replace(/^\[(.*)\]$/, "$1")}:${port}`;
}

const SERVICE_PROCESS = Symbol.for("anthropic-max-proxy.service-process");

/** Marks this process as one where the plugin's service runs (the Gateway); `false` undoes it (tests). */
export function markServiceProcess(value = true): void {
  (globalThis as { [SERVICE_PROCESS]?: boolean })[SERVICE_PROCESS] = value;
}

/**
 * True in a process where the service has run (the Gateway): there, a request never starts a proxy on
 * its own, it waits for the service's supervisor (e.g. during a hot reload).
 */
export function isServiceProcess(): boolean {
  return (globalThis as { [SERVICE_PROCESS]?: boolean })[SERVICE_PROCESS] === true;
}
