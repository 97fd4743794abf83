/**
 * The simulator's settings, and their translation to and from the environment variables the command reads.
 * Host and port follow Meridian (`MERIDIAN_*` wins over `CLAUDE_PROXY_*`); every fault switch is a
 * `FAKE_PROXY_*` variable, because the plugin hands a proxy its environment, not flags.
 */

/** Settings of the in-process HTTP server (`startFakeProxy`). */
export interface FakeProxyServerOptions {
  /** Interface to bind. Default `127.0.0.1`. */
  host?: string;
  /** Port to bind; 0 picks a free one. Default 0 in-process (the command defaults to 3456). */
  port?: number;
  /** `version` reported by `/health`. */
  version?: string;
  /** The Claude login is missing: `/health` answers 503 unhealthy, `/v1/messages` 401. */
  notLoggedIn?: boolean;
  /** Logged in if and only if this file exists (checked on each auth check, so tests can log in later). */
  credentialsFile?: string;
  /** The auth check cannot be completed: `/health` answers 200 `degraded`. */
  degraded?: boolean;
  /** How long an auth check result is reused, like Meridian's auth cache. Default 100 ms; 0 disables. */
  authCacheMs?: number;
  /** Reported by a healthy `/health`. Default `fake@example.com`. */
  email?: string;
  /** Reported by a healthy `/health`. Default `max`. */
  subscriptionType?: string;
  /** After this many ms from start, `/health` requests are accepted but never answered. */
  healthHangAfterMs?: number;
  /** Every `/v1/messages` answers this status with an Anthropic-shaped error. */
  messagesStatus?: number;
  /**
   * How an error reaches a `stream: true` request. `sse` (default, like Meridian): HTTP 200 with an
   * `event: error` SSE event. `http`: the error status and a JSON body.
   */
  streamErrorMode?: "sse" | "http";
  /** The assistant's reply text. Default `Hello from the fake Claude proxy.` */
  replyText?: string;
  /** Append one JSON line per request to this file (secrets redacted). */
  requestLog?: string;
  /** Like `MERIDIAN_API_KEY`: when set, `/v1/*` and `/messages` require it as `x-api-key` or Bearer. */
  apiKey?: string;
  /** Wait this long before listening. */
  startDelayMs?: number;
}

/** Everything the command (`cli.ts`) reads: the server's settings plus the process-level switches. */
export interface FakeProxyCliOptions extends FakeProxyServerOptions {
  /** Exit (code `crashExitCode`) this many ms after the ready line. */
  crashAfterMs?: number;
  /** Exit code of a simulated crash. Default 1. */
  crashExitCode?: number;
  /** Keep running on SIGTERM (in wrapper mode, neither the wrapper nor the server dies). */
  ignoreSigterm?: boolean;
  /** Run the server in a child of this process, like `bunx` does: the real proxy is a grandchild. */
  wrapper?: boolean;
  /** Write the server process's environment variable names (never values) to this file as JSON. */
  envDump?: string;
}

/** The environment variable behind each switch. */
export const FAKE_PROXY_ENV = {
  version: "FAKE_PROXY_VERSION",
  notLoggedIn: "FAKE_PROXY_NOT_LOGGED_IN",
  credentialsFile: "FAKE_PROXY_CREDENTIALS_FILE",
  degraded: "FAKE_PROXY_DEGRADED",
  authCacheMs: "FAKE_PROXY_AUTH_CACHE_MS",
  email: "FAKE_PROXY_EMAIL",
  subscriptionType: "FAKE_PROXY_SUBSCRIPTION_TYPE",
  healthHangAfterMs: "FAKE_PROXY_HEALTH_HANG_AFTER_MS",
  messagesStatus: "FAKE_PROXY_MESSAGES_STATUS",
  streamErrorMode: "FAKE_PROXY_STREAM_ERROR_MODE",
  replyText: "FAKE_PROXY_REPLY_TEXT",
  requestLog: "FAKE_PROXY_REQUEST_LOG",
  startDelayMs: "FAKE_PROXY_START_DELAY_MS",
  crashAfterMs: "FAKE_PROXY_CRASH_AFTER_MS",
  crashExitCode: "FAKE_PROXY_CRASH_EXIT_CODE",
  ignoreSigterm: "FAKE_PROXY_IGNORE_SIGTERM",
  wrapper: "FAKE_PROXY_WRAPPER",
  envDump: "FAKE_PROXY_ENV_DUMP",
} as const satisfies Record<Exclude<keyof FakeProxyCliOptions, "host" | "port" | "apiKey">, string>;

type Env = Record<string, string | undefined>;

function flag(value: string | undefined): boolean | undefined {
  if (value === undefined || value === "") return undefined;
  return value === "1" || value.toLowerCase() === "true";
}

function int(name: string, value: string | undefined): number | undefined {
  if (value === undefined || value === "") return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name}=${value} is not a non-negative integer`);
  return n;
}

function str(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}

/**
 * Reads the command's settings from an environment, the way Meridian reads host and port
 * (`MERIDIAN_HOST`/`MERIDIAN_PORT` win over `CLAUDE_PROXY_HOST`/`CLAUDE_PROXY_PORT`; default 127.0.0.1:3456).
 */
export function optionsFromEnv(env: Env): FakeProxyCliOptions {
  const e = FAKE_PROXY_ENV;
  const mode = str(env[e.streamErrorMode]);
  if (mode !== undefined && mode !== "sse" && mode !== "http") {
    throw new Error(`${e.streamErrorMode}=${mode} must be "sse" or "http"`);
  }
  const portText = env.MERIDIAN_PORT ?? env.CLAUDE_PROXY_PORT ?? "3456";
  const options: FakeProxyCliOptions = {
    host: env.MERIDIAN_HOST ?? env.CLAUDE_PROXY_HOST ?? "127.0.0.1",
    port: int("port", portText),
    version: str(env[e.version]),
    notLoggedIn: flag(env[e.notLoggedIn]),
    credentialsFile: str(env[e.credentialsFile]),
    degraded: flag(env[e.degraded]),
    authCacheMs: int(e.authCacheMs, env[e.authCacheMs]),
    email: str(env[e.email]),
    subscriptionType: str(env[e.subscriptionType]),
    healthHangAfterMs: int(e.healthHangAfterMs, env[e.healthHangAfterMs]),
    messagesStatus: int(e.messagesStatus, env[e.messagesStatus]),
    streamErrorMode: mode,
    replyText: env[e.replyText],
    requestLog: str(env[e.requestLog]),
    apiKey: str(env.MERIDIAN_API_KEY),
    startDelayMs: int(e.startDelayMs, env[e.startDelayMs]),
    crashAfterMs: int(e.crashAfterMs, env[e.crashAfterMs]),
    crashExitCode: int(e.crashExitCode, env[e.crashExitCode]),
    ignoreSigterm: flag(env[e.ignoreSigterm]),
    wrapper: flag(env[e.wrapper]),
    envDump: str(env[e.envDump]),
  };
  for (const key of Object.keys(options) as (keyof FakeProxyCliOptions)[]) {
    if (options[key] === undefined) delete options[key];
  }
  return options;
}

/**
 * The environment variables that make the command behave as `options` say: `MERIDIAN_HOST`,
 * `MERIDIAN_PORT`, `MERIDIAN_API_KEY` and the `FAKE_PROXY_*` switches. Merge them into a child's env.
 */
export function envFromOptions(options: FakeProxyCliOptions): Record<string, string> {
  const env: Record<string, string> = {};
  if (options.host !== undefined) env.MERIDIAN_HOST = options.host;
  if (options.port !== undefined) env.MERIDIAN_PORT = String(options.port);
  if (options.apiKey !== undefined) env.MERIDIAN_API_KEY = options.apiKey;
  for (const [key, name] of Object.entries(FAKE_PROXY_ENV) as [keyof typeof FAKE_PROXY_ENV, string][]) {
    const value = options[key];
    if (value === undefined || value === false) continue;
    env[name] = value === true ? "1" : String(value);
  }
  return env;
}
