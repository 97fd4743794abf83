/**
 * The supervision policy of the local Claude proxy, shared by the OpenClaw plugin's service and the
 * standalone CLI's `run` (so both start, watch and explain the proxy the same way):
 *
 * - **one address**: the provider `baseUrl` written by the auth flow / `setup` wins over the plugin's
 *   `host`/`port`, and a disagreement is described (`resolveProxyAddress`; with the parsed plugin config
 *   and the provider entry: `readProxySettings`);
 * - **how to run it**: the options for `@proxykit/supervisor` derived from the plugin config — host and
 *   port in `CLAUDE_PROXY_*` and `MERIDIAN_*`, `/health` for readiness and liveness, the restart policy,
 *   the Claude login hint, the shared pid file (`proxySupervisionOptions`);
 * - **what to tell people** when it is not ready: one line with the fix, for every state the supervisor
 *   can be in (`explainProxyStatus`) and for a single health probe (`explainProxyProbe`).
 *
 * Pure: no I/O, no process or network access. The caller passes its probe and port inspection (e.g.
 * `@proxykit/health`) to the supervisor itself.
 */
import { ConfigError } from "./config-error.ts";
import { connectHostFor, hostForUrl, isLoopbackHost } from "./host.ts";
import {
  DEFAULT_PLUGIN_CONFIG,
  type PluginConfig,
  parsePluginConfig,
  safeParsePluginConfig,
} from "./plugin-config.ts";
import { renderValue } from "./redact.ts";

/** Plugin id and provider id of the OpenClaw plugin (`plugins.entries.<id>`, `models.providers.<id>`). */
export const PROXY_ID = "anthropic-max-proxy";

/**
 * Variables the proxy reads its host from: the older `opencode-claude-max-proxy` name and Meridian's
 * (Meridian's win when both are set; the supervisor sets both to the same value).
 */
export const PROXY_HOST_ENV: readonly string[] = Object.freeze(["CLAUDE_PROXY_HOST", "MERIDIAN_HOST"]);
/** Variables the proxy reads its port from (Meridian has no port flag). */
export const PROXY_PORT_ENV: readonly string[] = Object.freeze(["CLAUDE_PROXY_PORT", "MERIDIAN_PORT"]);

/** The npm package the proxy is published as since March 2026. */
export const MERIDIAN_PACKAGE = "@rynfar/meridian";
/** The seed's package name, renamed to {@link MERIDIAN_PACKAGE}. */
export const LEGACY_PROXY_PACKAGE = "opencode-claude-max-proxy";
/** A `command` that runs Meridian without a global install. */
export const MERIDIAN_COMMAND: readonly string[] = Object.freeze(["npx", "-y", MERIDIAN_PACKAGE]);
/** How the user logs the Claude Code CLI in. */
export const CLAUDE_LOGIN_COMMAND = "claude login";

/** Ids used in config paths and messages (default: {@link PROXY_ID} for both). */
export interface ProxyIds {
  providerId?: string;
  pluginId?: string;
}

/** The one address of the proxy, and where it came from. */
export interface ProxyAddress {
  host: string;
  port: number;
  /** `http://host:port` (IPv6 in brackets), without a trailing `/v1`. */
  baseUrl: string;
  /** `provider`: `models.providers.<id>.baseUrl` wins; else the plugin config; else the defaults. */
  source: "provider" | "plugin-config" | "defaults";
  /** Set when the provider baseUrl and the plugin host/port disagree: the provider wins, this says so. */
  mismatch?: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function at(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (!isRecord(current)) return undefined;
    current = current[key];
  }
  return current;
}

/** `http://127.0.0.1:3456`; IPv6 literals get brackets. */
export function proxyBaseUrl(host: string, port: number): string {
  return `http://${hostForUrl(host)}:${port}`;
}

function parseBaseUrl(baseUrl: string): { host: string; port: number } | undefined {
  if (!URL.canParse(baseUrl)) return undefined;
  const url = new URL(baseUrl);
  if (url.protocol !== "http:" && url.protocol !== "https:") return undefined;
  const port = url.port ? Number(url.port) : url.protocol === "https:" ? 443 : 80;
  return { host: url.hostname.replace(/^\[(.*)\]$/, "$1"), port };
}

/**
 * Resolves the proxy's address from a whole OpenClaw config (`openclaw.json`, any shape: never throws).
 * The provider entry's `baseUrl` wins over the plugin's `host`/`port` — requests go to `baseUrl`, so the
 * supervisor must run the proxy there — and a disagreement is described in `mismatch` with the fix.
 * Plugin values are read as written (an invalid plugin config still yields an address).
 */
export function resolveProxyAddress(config: unknown, ids: ProxyIds = {}): ProxyAddress {
  const providerId = ids.providerId ?? PROXY_ID;
  const pluginId = ids.pluginId ?? PROXY_ID;
  const plugin = at(config, "plugins", "entries", pluginId, "config");
  const pluginHost = isRecord(plugin) && typeof plugin.host === "string" ? plugin.host : undefined;
  const pluginPort = isRecord(plugin) && typeof plugin.port === "number" ? plugin.port : undefined;
  const providerBaseUrl = at(config, "models", "providers", providerId, "baseUrl");
  const parsed = typeof providerBaseUrl === "string" ? parseBaseUrl(providerBaseUrl) : undefined;
  if (parsed) {
    const baseUrl = proxyBaseUrl(parsed.host, parsed.port);
    const address: ProxyAddress = { ...parsed, baseUrl, source: "provider" };
    const disagreements: string[] = [];
    if (pluginHost !== undefined && connectHostFor(pluginHost) !== connectHostFor(parsed.host))
      disagreements.push(`host "${pluginHost}"`);
    if (pluginPort !== undefined && pluginPort !== parsed.port) disagreements.push(`port ${pluginPort}`);
    if (disagreements.length > 0) {
      address.mismatch =
        `plugins.entries.${pluginId}.config has ${disagreements.join(" and ")} but ` +
        `models.providers.${providerId}.baseUrl is ${baseUrl}: using ${baseUrl} ` +
        `(run \`openclaw models auth login --provider ${providerId}\` to write both again)`;
    }
    return address;
  }
  return proxyAddressAt(
    pluginHost ?? DEFAULT_PLUGIN_CONFIG.host,
    pluginPort ?? DEFAULT_PLUGIN_CONFIG.port,
    pluginHost !== undefined || pluginPort !== undefined ? "plugin-config" : "defaults",
  );
}

/**
 * The address of a proxy bound to `host`:`port` (a wildcard bind host such as `0.0.0.0` is reached
 * through loopback), e.g. for a command-line `--host`/`--port` that overrides the config.
 */
export function proxyAddressAt(
  host: string,
  port: number,
  source: ProxyAddress["source"] = "plugin-config",
): ProxyAddress {
  const connect = connectHostFor(host);
  return { host: connect, port, baseUrl: proxyBaseUrl(connect, port), source };
}

/** What an OpenClaw config says about the proxy: the parsed plugin config, the provider entry, the address. */
export interface ProxySettings {
  /** The plugin config, parsed, with defaults filled in (the defaults alone when it is invalid). */
  plugin: PluginConfig;
  /**
   * Why the proxy must not be started from this config (`toOneLine()` for a log line, `format()` for a
   * terminal): `plugins.entries.<id>.config` is invalid, or (when it is valid) the address would bind the
   * proxy to a non-loopback host without `allowNonLoopback` ({@link proxyBindError}).
   */
  pluginConfigError?: ConfigError;
  /** `plugins.entries.<id>` exists. */
  pluginEntryPresent: boolean;
  /** `plugins.entries.<id>.enabled` as written (`undefined` when absent). */
  pluginEnabled: boolean | undefined;
  /** `models.providers.<id>`, when present: its `baseUrl` and model ids as written. */
  provider?: { baseUrl?: string; modelIds: string[] };
  /** The one address requests go to ({@link resolveProxyAddress}). */
  address: ProxyAddress;
}

/**
 * Reads the proxy's settings from a whole OpenClaw config (any shape: never throws): the plugin config
 * parsed by {@link safeParsePluginConfig} (`source` names it in the error), the provider entry, and the
 * one address ({@link resolveProxyAddress}). What the plugin's service, status and auth flow and the CLI's
 * commands all start from.
 */
export function readProxySettings(
  config: unknown,
  options: ProxyIds & { source?: string } = {},
): ProxySettings {
  const pluginId = options.pluginId ?? PROXY_ID;
  const providerId = options.providerId ?? PROXY_ID;
  const entry = at(config, "plugins", "entries", pluginId);
  const parsed = safeParsePluginConfig(
    at(entry, "config"),
    options.source !== undefined ? { source: options.source } : {},
  );
  const enabled = at(entry, "enabled");
  const settings: ProxySettings = {
    plugin: parsed.success ? parsed.data : parsePluginConfig({}),
    pluginEntryPresent: isRecord(entry),
    pluginEnabled: typeof enabled === "boolean" ? enabled : undefined,
    address: resolveProxyAddress(config, { pluginId, providerId }),
  };
  if (!parsed.success) settings.pluginConfigError = parsed.error;
  else {
    // Reported like an invalid plugin config, so every caller that refuses to start on one refuses this too.
    const bindError = proxyBindError(parsed.data, settings.address, { pluginId, providerId });
    if (bindError) settings.pluginConfigError = bindError;
  }
  const provider = at(config, "models", "providers", providerId);
  if (isRecord(provider)) {
    const models = Array.isArray(provider.models) ? provider.models : [];
    settings.provider = {
      modelIds: models.map((model) => at(model, "id")).filter((id): id is string => typeof id === "string"),
      ...(typeof provider.baseUrl === "string" ? { baseUrl: provider.baseUrl } : {}),
    };
  }
  return settings;
}

/**
 * Where the proxy's supervisor keeps its pid file: `<OpenClaw state dir>/<plugin id>/proxy.pid`. One path
 * for the plugin's service inside the Gateway and the CLI's `run`, so each recognises what the other (or
 * a killed Gateway) left running.
 */
export function proxyPidFile(stateDir: string, pluginId: string = PROXY_ID): string {
  return `${stateDir.replace(/\/+$/, "")}/${pluginId}/proxy.pid`;
}

/** What {@link proxySupervisionOptions} needs beyond the plugin config and the address. */
export interface ProxySupervisionContext {
  /** OpenClaw's state dir: enables the shared pid file (orphans of a killed supervisor are reclaimed). */
  stateDir?: string;
  /**
   * The Claude Code credentials file (`@proxykit/health/claude`'s `defaultClaudeCredentialsPath()`):
   * while the proxy waits for a login, a change of this file retries at once.
   */
  credentialsFile?: string;
  /** Environment the proxy starts from (default: the supervising process's). */
  baseEnv?: Readonly<Record<string, string | undefined>>;
  pluginId?: string;
  providerId?: string;
}

/**
 * Where the proxy listens for `address`: the plugin's bind host when it reaches that address (wildcards
 * such as `0.0.0.0` are reached through loopback, on either side), otherwise the address's host itself.
 */
export function proxyBindHost(
  plugin: Pick<PluginConfig, "host">,
  address: Pick<ProxyAddress, "host">,
): string {
  return connectHostFor(plugin.host) === connectHostFor(address.host) ? plugin.host : address.host;
}

/**
 * Why the proxy may not listen where {@link proxyBindHost} says: a host that is not loopback (a LAN
 * address or a wildcard in the provider's `baseUrl`) while the plugin config does not set
 * `allowNonLoopback`. The proxy spends the Claude login of whoever reaches it, so the network is opt-in.
 */
export function proxyBindError(
  plugin: Pick<PluginConfig, "host" | "allowNonLoopback">,
  address: ProxyAddress,
  ids: ProxyIds = {},
): ConfigError | undefined {
  const host = proxyBindHost(plugin, address);
  if (plugin.allowNonLoopback || isLoopbackHost(host)) return undefined;
  const pluginId = ids.pluginId ?? PROXY_ID;
  const providerId = ids.providerId ?? PROXY_ID;
  const fromProvider = address.source === "provider";
  const segments = fromProvider
    ? ["models", "providers", providerId, "baseUrl"]
    : ["plugins", "entries", pluginId, "config", "host"];
  const optIn = `or set allowNonLoopback: true in plugins.entries.${pluginId}.config to expose the proxy on purpose`;
  return new ConfigError(
    [
      {
        path: segments.join("."),
        segments,
        code: "not_loopback",
        message: `the proxy would listen on ${host}, which is not a loopback address: anyone who reaches it could use the Claude login behind it`,
        received: renderValue(fromProvider ? address.baseUrl : host),
        hint: fromProvider
          ? `use ${proxyBaseUrl("127.0.0.1", address.port)}, ${optIn}`
          : `set host to 127.0.0.1, ${optIn}`,
      },
    ],
    { subject: "proxy address" },
  );
}

/**
 * Options for `@proxykit/supervisor`'s `Supervisor`, minus the injected functions (`probe`,
 * `inspectPort`, `logger`): spread them and add those.
 */
export interface ProxySupervisionOptions {
  name: string;
  command: string[];
  /** Where the proxy listens (the plugin's bind host when it maps to the address, e.g. `0.0.0.0`). */
  host: string;
  port: number;
  hostEnv: readonly string[];
  portEnv: readonly string[];
  /** The plugin config's extra variables (config-schema refuses `ANTHROPIC_*` and the host/port names). */
  env: Record<string, string>;
  baseEnv?: Readonly<Record<string, string | undefined>>;
  /** Readiness and liveness URL: `http://<address>/<healthPath>`. */
  healthUrl: string;
  autoRestart: boolean;
  restartDelayMs: number;
  maxRestartDelayMs: number;
  maxCrashes: number;
  crashWindowMs: number;
  startupTimeoutMs: number;
  stopTimeoutMs: number;
  livenessIntervalMs: number;
  livenessFailureThreshold: number;
  loginHint: string;
  credentialsFile?: string;
  pidFile?: string;
}

/**
 * The supervisor options for the proxy of `plugin` (a parsed plugin config) at `address`. Throws the
 * `ConfigError` of {@link proxyBindError} when that would bind the proxy to a non-loopback host without
 * `allowNonLoopback` (`readProxySettings` reports the same error in `pluginConfigError`).
 */
export function proxySupervisionOptions(
  plugin: PluginConfig,
  address: ProxyAddress,
  context: ProxySupervisionContext = {},
): ProxySupervisionOptions {
  // readProxySettings reports this as a config error; refusing here too keeps a caller that skipped
  // that check from exposing the proxy.
  const bindError = proxyBindError(plugin, address, context);
  if (bindError) throw bindError;
  const host = proxyBindHost(plugin, address);
  const options: ProxySupervisionOptions = {
    name: "proxy",
    command: [...plugin.command],
    host,
    port: address.port,
    hostEnv: PROXY_HOST_ENV,
    portEnv: PROXY_PORT_ENV,
    env: { ...plugin.env },
    healthUrl: `${address.baseUrl}${plugin.healthPath}`,
    autoRestart: plugin.autoRestart,
    restartDelayMs: plugin.restartDelayMs,
    maxRestartDelayMs: plugin.maxRestartDelayMs,
    maxCrashes: plugin.maxCrashes,
    crashWindowMs: plugin.crashWindowMs,
    startupTimeoutMs: plugin.startupTimeoutMs,
    stopTimeoutMs: plugin.stopTimeoutMs,
    livenessIntervalMs: plugin.livenessIntervalMs,
    livenessFailureThreshold: plugin.livenessFailureThreshold,
    loginHint: `run \`${CLAUDE_LOGIN_COMMAND}\``,
  };
  if (context.baseEnv) options.baseEnv = context.baseEnv;
  if (context.credentialsFile) options.credentialsFile = context.credentialsFile;
  if (context.stateDir) options.pidFile = proxyPidFile(context.stateDir, context.pluginId);
  return options;
}

/**
 * The Claude CLI the proxy asks about the login, as an argv: `MERIDIAN_CLAUDE_PATH` from the plugin's `env`
 * when set (Meridian's own override), else `claude` on PATH. Supervisors use it to tell a proxy that is
 * `degraded` because it "could not verify" the login from one that is logged out.
 */
export function claudeCliCommand(plugin: Pick<PluginConfig, "env">): string[] {
  const path = plugin.env.MERIDIAN_CLAUDE_PATH;
  return path ? [path] : ["claude"];
}

// ───────────────────────────── explanations ─────────────────────────────

/** The parts of `@proxykit/supervisor`'s `SupervisorStatus` an explanation reads. */
export interface ProxyStatusLike {
  state: string;
  reason?: string | undefined;
  since?: number | undefined;
  nextAttemptAt?: number | undefined;
  crashesInWindow?: number | undefined;
  failureCode?: string | undefined;
  lastExit?: { kind: string; exitCode?: number | null; signal?: string | null } | undefined;
  adopted?: { pid?: number | undefined; command?: string | undefined } | undefined;
  pid?: number | undefined;
}

/** What the proxy's condition means for a request. */
export type ProxyCondition =
  | "ready"
  | "adopted"
  | "unhealthy"
  | "starting"
  | "restarting"
  | "not-logged-in"
  | "command-not-found"
  | "command-not-executable"
  | "port-in-use"
  | "crash-loop"
  | "not-restarted"
  | "not-running"
  | "stopping"
  | "stopped"
  | "failed";

/** One answer for people and for the request gate. */
export interface ProxyExplanation {
  condition: ProxyCondition;
  /** Requests may be sent now (`ready`, `adopted`, and `unhealthy`: one failed probe is not a verdict). */
  ready: boolean;
  /** Not ready, but it gets there by itself soon (`starting`, `restarting`): worth a short wait. */
  transient: boolean;
  /**
   * One line, prefixed `anthropic-max-proxy:`, with the fix. Never quotes the proxy's own output (an
   * arbitrary line could read like a transient network error to OpenClaw's failover classifier).
   */
  message: string;
}

/** Context of an explanation. */
export interface ExplainContext {
  address: { host: string; port: number };
  /** The configured command (argv), for "command not found" and "start it yourself" hints. */
  command: readonly string[];
  /** The crash-loop breaker's limits, for "crash 2/5". */
  maxCrashes?: number;
  crashWindowMs?: number;
  /** Who holds the port when it is taken by someone else (e.g. from `inspectPort`). */
  portHolder?: { pid?: number | undefined; command?: string | undefined } | undefined;
  /** How to start the proxy again after a verdict (default: the OpenClaw Gateway's wording). */
  restartHint?: string;
  pluginId?: string;
  providerId?: string;
  now?: number;
}

const seconds = (ms: number) => Math.max(0, Math.ceil(ms / 1000));

function describeExit(exit: ProxyStatusLike["lastExit"]): string {
  if (!exit) return "exited";
  if (exit.signal) return `was killed by ${exit.signal}`;
  if (typeof exit.exitCode === "number") return `exited with code ${exit.exitCode}`;
  return "exited";
}

/** The program's base name, without its arguments (a foreign command line can say anything). */
function programName(command: string | undefined): string | undefined {
  const first = command?.trim().split(/\s+/)[0];
  return first ? first.split("/").pop() : undefined;
}

/** `["npx","-y","@rynfar/meridian"]` as JSON for a config value. */
const argvJson = (argv: readonly string[]) => JSON.stringify(argv);

/**
 * The fix for a command that cannot be started: the executable is missing (`spawnFailed`), or it ran
 * but could not find its package (a launcher such as `bunx`/`npx` answering E404).
 */
export function commandNotFoundHint(
  command: readonly string[],
  spawnFailed: boolean,
  pluginId = PROXY_ID,
): string {
  const program = command[0] ?? "";
  const legacy = command.some(
    (arg) => arg === LEGACY_PROXY_PACKAGE || arg.startsWith(`${LEGACY_PROXY_PACKAGE}@`),
  );
  const what = spawnFailed
    ? `"${program}" is not installed or not on the PATH of the OpenClaw process`
    : `${argvJson(command)} could not find the proxy package`;
  const rename = legacy
    ? `${LEGACY_PROXY_PACKAGE} is now published as Meridian (${MERIDIAN_PACKAGE}): `
    : `the proxy is published as Meridian (${MERIDIAN_PACKAGE}): `;
  return (
    `cannot start the proxy: ${what}. ${rename}set plugins.entries.${pluginId}.config.command to ` +
    `${argvJson(MERIDIAN_COMMAND)} (Node ≥ 22), or install it with \`npm install -g ${MERIDIAN_PACKAGE}\` ` +
    `and use ["meridian"]`
  );
}

/** A shell line that starts the proxy by hand at `address` (for "start it yourself" hints). */
export function manualStartCommand(
  command: readonly string[],
  address: { host: string; port: number },
): string {
  const quote = (arg: string) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`);
  const argv = command.map((arg) =>
    quote(arg.replaceAll("{host}", address.host).replaceAll("{port}", String(address.port))),
  );
  return `MERIDIAN_HOST=${quote(address.host)} MERIDIAN_PORT=${address.port} ${argv.join(" ")}`;
}

/**
 * Explains a supervisor status for people and for the request gate: whether requests may go, whether a
 * short wait helps, and one line with the fix. `failureCode` (supervisor ≥ 0.1) decides a `failed` state.
 */
export function explainProxyStatus(status: ProxyStatusLike, context: ExplainContext): ProxyExplanation {
  const pluginId = context.pluginId ?? PROXY_ID;
  const providerId = context.providerId ?? PROXY_ID;
  const now = context.now ?? Date.now();
  const where = `${context.address.host}:${context.address.port}`;
  const p = `${pluginId}:`;
  const restartHint =
    context.restartHint ?? `restart the OpenClaw Gateway (or save plugins.entries.${pluginId}.config again)`;
  const explain = (
    condition: ProxyCondition,
    message: string,
    flags: { ready?: boolean; transient?: boolean } = {},
  ): ProxyExplanation => ({
    condition,
    ready: flags.ready ?? false,
    transient: flags.transient ?? false,
    message: `${p} ${message}`,
  });
  switch (status.state) {
    case "ready":
      return explain("ready", `proxy at ${where} is ready${status.pid ? ` (pid ${status.pid})` : ""}`, {
        ready: true,
      });
    case "adopted": {
      const who = status.adopted?.pid ? ` (pid ${status.adopted.pid})` : "";
      return explain(
        "adopted",
        `proxy at ${where} is ready: a proxy started outside OpenClaw${who}, watched`,
        {
          ready: true,
        },
      );
    }
    case "unhealthy":
      return explain(
        "unhealthy",
        `proxy at ${where} missed a health check; it is restarted if it does not recover`,
        {
          ready: true,
        },
      );
    case "starting": {
      const forS = status.since !== undefined ? ` (for ${seconds(now - status.since)} s)` : "";
      return explain(
        "starting",
        `proxy at ${where} is starting${forS} and not ready yet; send the message again in a moment`,
        {
          transient: true,
        },
      );
    }
    case "restarting": {
      const crash =
        status.crashesInWindow !== undefined && context.maxCrashes !== undefined
          ? ` (crash ${status.crashesInWindow}/${context.maxCrashes})`
          : "";
      const next =
        status.nextAttemptAt !== undefined ? `; retrying in ${seconds(status.nextAttemptAt - now)} s` : "";
      return explain("restarting", `proxy at ${where} is restarting${crash}${next}`, { transient: true });
    }
    case "needs-login":
      return explain(
        "not-logged-in",
        `Claude is not logged in: run \`${CLAUDE_LOGIN_COMMAND}\` as the user that runs OpenClaw; the proxy at ${where} picks the login up by itself`,
      );
    case "stopping":
      return explain(
        "stopping",
        `proxy at ${where} is stopping (OpenClaw is shutting down or reloading the plugin)`,
      );
    case "stopped":
      return explain(
        "stopped",
        `proxy at ${where} is not running (its supervisor is stopped): ${restartHint}`,
      );
    case "failed":
      return explainFailure(status, context, { where, restartHint, pluginId, providerId, explain });
    default:
      return explain("failed", `proxy at ${where} is ${status.state}`);
  }
}

function explainFailure(
  status: ProxyStatusLike,
  context: ExplainContext,
  h: {
    where: string;
    restartHint: string;
    pluginId: string;
    providerId: string;
    explain: (condition: ProxyCondition, message: string) => ProxyExplanation;
  },
): ProxyExplanation {
  const code = status.failureCode ?? "";
  const exit = status.lastExit;
  if (code === "COMMAND_NOT_FOUND" || exit?.kind === "not-found") {
    const spawnFailed = exit?.exitCode === null && !exit?.signal;
    return h.explain("command-not-found", commandNotFoundHint(context.command, spawnFailed, h.pluginId));
  }
  if (code === "COMMAND_NOT_EXECUTABLE" || exit?.kind === "not-executable") {
    return h.explain(
      "command-not-executable",
      `cannot start the proxy: "${context.command[0] ?? ""}" may not be executed (check its permissions), or set plugins.entries.${h.pluginId}.config.command to ${argvJson(MERIDIAN_COMMAND)}`,
    );
  }
  if (code === "PORT_IN_USE") {
    const holder = context.portHolder;
    const program = programName(holder?.command);
    const who =
      holder?.pid !== undefined
        ? `another program (pid ${holder.pid}${program ? `, ${program}` : ""})`
        : "another program";
    return h.explain(
      "port-in-use",
      `port ${context.address.port} on ${context.address.host} is used by ${who} that does not answer like the proxy; it was left untouched: stop it, or move the proxy to a free port (\`openclaw models auth login --provider ${h.providerId}\`)`,
    );
  }
  if (code === "CRASH_LOOP") {
    const windowS =
      context.crashWindowMs !== undefined ? ` within ${Math.round(context.crashWindowMs / 1000)} s` : "";
    const crashes = context.maxCrashes !== undefined ? ` (${context.maxCrashes} crashes${windowS})` : "";
    return h.explain(
      "crash-loop",
      `proxy at ${h.where} keeps crashing${crashes} and is no longer restarted: read its last output in the OpenClaw log, fix the cause, then ${h.restartHint}`,
    );
  }
  if (code === "NOT_RESTARTED") {
    return h.explain(
      "not-restarted",
      `proxy at ${h.where} ${describeExit(exit)} and autoRestart is off: ${h.restartHint}, or set plugins.entries.${h.pluginId}.config.autoRestart to true`,
    );
  }
  return h.explain(
    "failed",
    `proxy at ${h.where} could not be started (see the OpenClaw log): ${h.restartHint}`,
  );
}

/** The parts of `@proxykit/health`'s `ProbeResult` {@link explainProxyProbe} reads. */
export interface ProxyProbeLike {
  state: string;
  auth?: { loggedIn: boolean } | undefined;
}

/**
 * Explains one health probe of a proxy nobody supervises in this process (`autoStart` off, or a CLI
 * process without the Gateway): ready, not logged in, or how to start it.
 */
export function explainProxyProbe(
  probe: ProxyProbeLike,
  context: ExplainContext & {
    /** What starts it, when nothing supervises it here (default: the Gateway or starting it by hand). */
    startHint?: string;
  },
): ProxyExplanation {
  const pluginId = context.pluginId ?? PROXY_ID;
  const where = `${context.address.host}:${context.address.port}`;
  const p = `${pluginId}:`;
  const startHint =
    context.startHint ??
    `start the OpenClaw Gateway (it starts and supervises the proxy when plugins.entries.${pluginId}.config.autoStart is true), ` +
      `or start it yourself: ${manualStartCommand(context.command, context.address)}`;
  switch (probe.state) {
    case "healthy":
    case "degraded":
    case "no-health-endpoint":
      return {
        condition: "ready",
        ready: true,
        transient: false,
        message: `${p} proxy at ${where} is ready`,
      };
    case "unhealthy":
      if (probe.auth?.loggedIn === false) {
        return {
          condition: "not-logged-in",
          ready: false,
          transient: false,
          message: `${p} Claude is not logged in: run \`${CLAUDE_LOGIN_COMMAND}\` as the user that runs the proxy at ${where}`,
        };
      }
      return {
        condition: "unhealthy",
        ready: false,
        transient: false,
        message: `${p} proxy at ${where} reports itself unhealthy: check its output`,
      };
    case "unreachable":
      return {
        condition: "not-running",
        ready: false,
        transient: false,
        message: `${p} nothing answers at ${where}: ${startHint}`,
      };
    case "timeout":
      return {
        condition: "unhealthy",
        ready: false,
        transient: false,
        message: `${p} the proxy at ${where} does not answer its health check in time (hung?): restart it, or ${startHint}`,
      };
    default:
      // The probe's own words ("timeout", "ECONNRESET") are left out on purpose: OpenClaw's failover
      // classifier would read them as a transient network error and retry for a minute.
      return {
        condition: "not-running",
        ready: false,
        transient: false,
        message: `${p} what listens at ${where} does not answer its health check like the proxy: ${startHint}`,
      };
  }
}
