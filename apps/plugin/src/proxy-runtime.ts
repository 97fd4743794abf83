/**
 * The proxy runtimes (loaded on first use: the supervisor, execa and the health probe are not part of
 * the entry the Gateway compiles at every start).
 *
 * - {@link SupervisedProxy}: starts, watches and restarts the proxy with `@proxykit/supervisor`, using the
 *   shared policy of `@proxykit/config-schema` (address, options, explanations). Kind `service` inside
 *   the Gateway, `on-demand` when a request in a CLI process (`openclaw agent --local`) needs it.
 * - {@link WatchedProxy}: `autoStart` off — nothing is spawned; a request probes `/health` once.
 *
 * Both answer the request gate (`admit`) and `status` (`view`) through the registry interface.
 */
import { readFileSync } from "node:fs";
import { stripVTControlCharacters } from "node:util";
import {
  type ConfigError,
  claudeCliCommand,
  type ExplainContext,
  explainProxyProbe,
  explainProxyStatus,
  manualStartCommand,
  type PluginConfig,
  type ProxyAddress,
  type ProxyExplanation,
  proxySupervisionOptions,
} from "@proxykit/config-schema";
import { inspectPort, type ProbeResult, probe } from "@proxykit/health";
import { defaultClaudeCredentialsPath, withClaudeLoginCheck } from "@proxykit/health/claude";
import {
  readPidFile,
  Supervisor,
  SupervisorError,
  type SupervisorLogger,
  type SupervisorOptions,
  type SupervisorStatus,
} from "@proxykit/supervisor";
import { LOG_PREFIX, PLUGIN_ID, PROVIDER_ID, SERVICE_STOP_GRACE_MS } from "./constants.ts";
import { ProxyNotReadyError } from "./errors.ts";
import { type ProxyRuntimeEntry, proxyRegistry } from "./proxy-registry.ts";

/** Where plugin lines go (OpenClaw's `PluginLogger`). */
export interface RuntimeLogger {
  debug?: (message: string) => void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** OpenClaw's service health reporter (`ctx.serviceHealth`). */
export interface ServiceHealth {
  reportFailure(error: unknown): void;
  clearFailure(): void;
}

/** A refused request is remembered this long: OpenClaw resubmits an unclassified failure up to three
 * times within a second, and those must fail at once instead of waiting again. */
const REFUSAL_MEMO_MS = 3_000;
/** In `needs-login`, a request asks the supervisor to check the login again at most this often (a login
 * the credentials file watch cannot see, e.g. a macOS Keychain). */
const LOGIN_RECHECK_MS = 15_000;

type View = Awaited<ReturnType<ProxyRuntimeEntry["view"]>>;

function authOf(result: ProbeResult | undefined): View["auth"] {
  const auth = result?.auth;
  if (!auth) return undefined;
  return {
    loggedIn: auth.loggedIn,
    ...(auth.email ? { email: auth.email } : {}),
    ...(auth.subscriptionType ? { subscriptionType: auth.subscriptionType } : {}),
  };
}

function prefixed(logger: RuntimeLogger): SupervisorLogger {
  // The proxy's own lines carry ANSI colours (Meridian's "✗ Not logged in"): log files want plain text.
  const line = (message: string) => `${LOG_PREFIX} ${stripVTControlCharacters(message)}`;
  return {
    debug: (message) => logger.debug?.(line(message)),
    info: (message) => logger.info(line(message)),
    warn: (message) => logger.warn(line(message)),
    error: (message) => logger.error(line(message)),
  };
}

/** When a process started (ms since the epoch), from /proc on Linux; undefined elsewhere. */
function processStartedAt(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[19]); // field 22 of the whole line: start time in clock ticks after boot
    const btime = Number(/^btime (\d+)$/m.exec(readFileSync("/proc/stat", "utf8"))?.[1]);
    if (!Number.isFinite(ticks) || !Number.isFinite(btime)) return undefined;
    return btime * 1000 + (ticks * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * The pid of another live process that supervises the proxy recorded in `pidFile` (another Gateway, or
 * `anthropic-max-proxy run`), if any. A supervisor that started after the record was written is a
 * recycled pid, not the writer.
 */
export function otherSupervisor(pidFile: string): number | undefined {
  let record: ReturnType<typeof readPidFile>;
  try {
    record = readPidFile(pidFile);
  } catch {
    return undefined;
  }
  const pid = record?.supervisorPid;
  if (!record || pid === undefined || pid === process.pid || !isAlive(pid)) return undefined;
  const started = processStartedAt(pid);
  const written = Date.parse(record.startedAt);
  if (started !== undefined && Number.isFinite(written) && started > written + 1_000) return undefined;
  return pid;
}

/** Options of a {@link SupervisedProxy}. */
export interface SupervisedProxyOptions {
  kind: "service" | "on-demand";
  address: ProxyAddress;
  plugin: PluginConfig;
  /** OpenClaw's state dir: the pid file goes to `<stateDir>/anthropic-max-proxy/proxy.pid`. */
  stateDir: string | undefined;
  logger: RuntimeLogger;
  serviceHealth?: ServiceHealth | undefined;
  /** Environment the proxy starts from (default `process.env`; `ANTHROPIC_*` keys are dropped). */
  baseEnv?: Readonly<Record<string, string | undefined>>;
  /**
   * The Claude Code credentials file watched while the proxy waits for a login (default: the one of the
   * proxy's environment, `$CLAUDE_CONFIG_DIR/.credentials.json` or `~/.claude/.credentials.json`).
   */
  credentialsFile?: string;
  /** How a user starts it again after a verdict (differs between the Gateway and a CLI process). */
  restartHint?: string;
}

/** A proxy this process supervises. */
export class SupervisedProxy implements ProxyRuntimeEntry {
  readonly key: string;
  readonly kind: "service" | "on-demand";
  readonly supervisor: Supervisor;
  /**
   * What the supervisor was given: the shared policy's options (`proxySupervisionOptions`, as the CLI's
   * `run` gives them too), without the pid file when another live supervisor owns it and, for the service,
   * `stopTimeoutMs` capped at {@link SERVICE_STOP_GRACE_MS}; plus the probe of the policy's health URL, port
   * inspection and the logger.
   */
  readonly supervisorOptions: SupervisorOptions;
  readonly #o: SupervisedProxyOptions;
  readonly #log: SupervisorLogger;
  readonly #context: ExplainContext;
  #lastProbe: ProbeResult | undefined;
  #refusal: { at: number; since: number; state: string; explanation: ProxyExplanation } | undefined;
  #stopping: Promise<void> | undefined;
  #startedAt = 0;
  #startRequested = 0;
  #reported: string | undefined;

  constructor(options: SupervisedProxyOptions) {
    this.#o = options;
    this.kind = options.kind;
    const { address, plugin } = options;
    this.key = `${address.host}:${address.port}`;
    this.#log = prefixed(options.logger);
    const { healthUrl, pidFile, ...supervision } = proxySupervisionOptions(plugin, address, {
      ...(options.stateDir ? { stateDir: options.stateDir } : {}),
      credentialsFile:
        options.credentialsFile ??
        defaultClaudeCredentialsPath((options.baseEnv ?? process.env) as NodeJS.ProcessEnv),
      ...(options.baseEnv ? { baseEnv: options.baseEnv } : {}),
      pluginId: PLUGIN_ID,
    });
    let ownPidFile = pidFile;
    const elsewhere = pidFile ? otherSupervisor(pidFile) : undefined;
    if (elsewhere !== undefined) {
      // Reclaiming would kill a proxy another live supervisor runs: watch it instead (the port check
      // adopts a healthy proxy) and leave its pid file alone.
      this.#log.warn(
        `the proxy at ${address.baseUrl} is supervised by pid ${elsewhere} (another OpenClaw Gateway or \`anthropic-max-proxy run\`): watching it instead of starting a second one`,
      );
      ownPidFile = undefined;
    }
    this.#context = {
      address,
      command: plugin.command,
      maxCrashes: plugin.maxCrashes,
      crashWindowMs: plugin.crashWindowMs,
      pluginId: PLUGIN_ID,
      providerId: PROVIDER_ID,
      ...(options.restartHint ? { restartHint: options.restartHint } : {}),
    };
    // Meridian answers `degraded` when `claude auth status` exits non-zero — which is what a logged-out
    // Claude Code does — so a degraded proxy is checked against the Claude CLI: logged out → needs-login.
    const checkedProbe = withClaudeLoginCheck((o) => probe(healthUrl, o), {
      claude: {
        command: claudeCliCommand(plugin),
        env: { ...(options.baseEnv ?? process.env), ...plugin.env },
      },
    });
    this.supervisorOptions = {
      ...supervision,
      // In the Gateway a stop must end within OpenClaw's budget for a service stop (see the constant).
      ...(options.kind === "service"
        ? { stopTimeoutMs: Math.min(supervision.stopTimeoutMs, SERVICE_STOP_GRACE_MS) }
        : {}),
      ...(ownPidFile ? { pidFile: ownPidFile } : {}),
      probe: async ({ signal, timeoutMs }) => {
        const result = await checkedProbe({ signal, timeoutMs });
        this.#lastProbe = result;
        return result;
      },
      inspectPort: (host, port) => inspectPort(host, port),
      logger: this.#log,
    };
    this.supervisor = new Supervisor(this.supervisorOptions);
    this.supervisor.on("state", () => this.#onState());
  }

  /** Starts supervising (does not wait for readiness; `admit` and `view` follow the state). */
  start(): void {
    const { address, plugin } = this.#o;
    this.#startedAt = Date.now();
    this.#startRequested = this.#startedAt;
    this.#log.info("starting proxy...");
    this.#log.info(
      `proxy address ${address.baseUrl} (from ${address.source === "provider" ? `models.providers.${PROVIDER_ID}.baseUrl` : address.source === "plugin-config" ? `plugins.entries.${PLUGIN_ID}.config` : "the defaults"}), command ${JSON.stringify(plugin.command)}`,
    );
    if (address.mismatch) this.#log.warn(address.mismatch);
    this.supervisor.start().catch((error: unknown) => this.#log.error(`supervisor: ${String(error)}`));
  }

  get stopping(): Promise<void> | undefined {
    return this.#stopping;
  }

  stop(): Promise<void> {
    this.#stopping ??= (async () => {
      try {
        await this.supervisor.stop();
      } finally {
        const registry = proxyRegistry();
        if (registry.get(this.key) === this) registry.delete(this.key);
      }
    })();
    return this.#stopping;
  }

  /**
   * The supervisor's status, except that between `start()` and the supervisor's first state change (it
   * begins on the next tick) it reads `starting`, not `stopped`: a request in that instant waits.
   */
  status(): SupervisorStatus {
    const status = this.supervisor.status();
    if (status.state === "stopped" && this.#startRequested && !this.#stopping) {
      return { ...status, state: "starting", since: this.#startRequested };
    }
    return status;
  }

  explain(status: SupervisorStatus = this.status()): ProxyExplanation {
    return explainProxyStatus(status, this.#context);
  }

  async admit(options: { maxWaitMs: number; signal?: AbortSignal | undefined }): Promise<void> {
    const deadline = Date.now() + options.maxWaitMs;
    const memo = this.#refusal;
    const first = this.status();
    if (
      memo &&
      Date.now() - memo.at < REFUSAL_MEMO_MS &&
      memo.since === first.since &&
      memo.state === first.state
    ) {
      throw new ProxyNotReadyError(memo.explanation.message, memo.explanation.condition);
    }
    let rechecked = false;
    const arrived = Date.now();
    let waitedIn: string | undefined;
    for (;;) {
      options.signal?.throwIfAborted();
      const status = this.status();
      const e = this.explain(status);
      if (e.ready) {
        if (waitedIn)
          this.#log.info(`a model request waited ${Date.now() - arrived} ms for the proxy (${waitedIn})`);
        return;
      }
      waitedIn ??= status.state;
      const remaining = deadline - Date.now();
      if (
        status.state === "needs-login" &&
        !rechecked &&
        remaining > 0 &&
        Date.now() - status.since >= LOGIN_RECHECK_MS &&
        this.supervisor.retryNow()
      ) {
        rechecked = true;
        await this.#waitForChange(status, remaining, options.signal);
        continue;
      }
      const tooLate =
        status.state === "restarting" &&
        status.nextAttemptAt !== undefined &&
        status.nextAttemptAt > deadline;
      if (!e.transient || remaining <= 0 || tooLate) {
        this.#refusal = { at: Date.now(), since: status.since, state: status.state, explanation: e };
        this.#log.warn(`refused a model request: ${e.message.slice(LOG_PREFIX.length + 1)}`);
        throw new ProxyNotReadyError(e.message, e.condition);
      }
      await this.#waitForChange(status, remaining, options.signal);
    }
  }

  /** Waits until the supervisor's own state changes (or `timeoutMs` passes). */
  async #waitForChange(_seen: SupervisorStatus, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    const raw = this.supervisor.status();
    try {
      await this.supervisor.waitFor((s) => s.since !== raw.since || s.state !== raw.state, {
        timeoutMs,
        ...(signal ? { signal } : {}),
      });
    } catch (error) {
      if (error instanceof SupervisorError && error.code === "TIMEOUT") return;
      throw error;
    }
  }

  async view(): Promise<View> {
    const status = this.status();
    const e = this.explain(status);
    const probed = this.#lastProbe;
    const healthy = status.state === "ready" || status.state === "adopted" || status.state === "unhealthy";
    const view: View = {
      state: healthy && status.state !== "unhealthy" ? (probed?.state ?? "healthy") : status.state,
      ready: e.ready,
      summary: e.message.slice(LOG_PREFIX.length + 1),
    };
    if (healthy && probed) {
      view.latencyMs = probed.latencyMs;
      const auth = authOf(probed);
      if (auth) view.auth = auth;
    }
    return view;
  }

  #onState(): void {
    const status = this.supervisor.status();
    const health = this.#o.serviceHealth;
    if (status.state === "ready" || status.state === "adopted") {
      if (status.state === "ready" && this.#startedAt && status.restarts === 0) {
        this.#log.info(
          `proxy ready at ${this.#o.address.baseUrl} ${Date.now() - this.#startedAt} ms after start`,
        );
        this.#startedAt = 0;
      }
      if (this.#reported !== undefined) health?.clearFailure();
      this.#reported = undefined;
      return;
    }
    if (status.state !== "failed" && status.state !== "needs-login") return;
    void this.#reportVerdict(status);
  }

  async #reportVerdict(status: SupervisorStatus): Promise<void> {
    if (status.failureCode === "PORT_IN_USE") {
      try {
        const seen = await inspectPort(this.#o.address.host, this.#o.address.port);
        const command = Array.isArray(seen.listener?.command)
          ? seen.listener.command.join(" ")
          : (seen.listener?.command as string | undefined);
        this.#context.portHolder = {
          ...(seen.listener?.pid !== undefined ? { pid: seen.listener.pid } : {}),
          ...(command ? { command } : {}),
        };
      } catch {
        // Named as "another program" then.
      }
    }
    const e = this.explain(status);
    if (this.#reported === e.message) return;
    this.#reported = e.message;
    const text = e.message.slice(LOG_PREFIX.length + 1);
    if (status.state === "failed") this.#log.error(text);
    else this.#log.warn(text);
    this.#o.serviceHealth?.reportFailure(new Error(e.message));
  }
}

/** `autoStart` off: nothing is spawned; requests and `status` probe `/health`. */
/** The start hint of a {@link WatchedProxy} watching an address whose plugin config was refused. */
export function configRefusedHint(error: ConfigError): string {
  return `the plugin does not start it because its configuration is refused: ${error.toOneLine()}`;
}

export class WatchedProxy implements ProxyRuntimeEntry {
  readonly key: string;
  readonly kind = "watch" as const;
  readonly stopping = undefined;
  readonly #probeProxy: ReturnType<typeof withClaudeLoginCheck>;
  readonly #context: ExplainContext & { startHint?: string };

  constructor(options: { address: ProxyAddress; plugin: PluginConfig; startHint?: string }) {
    const { address, plugin } = options;
    this.key = `${address.host}:${address.port}`;
    const healthUrl = `${address.baseUrl}${plugin.healthPath}`;
    this.#probeProxy = withClaudeLoginCheck((o) => probe(healthUrl, o), {
      claude: { command: claudeCliCommand(plugin), env: { ...process.env, ...plugin.env } },
    });
    this.#context = {
      address,
      command: plugin.command,
      pluginId: PLUGIN_ID,
      providerId: PROVIDER_ID,
      startHint:
        options.startHint ??
        `plugins.entries.${PLUGIN_ID}.config.autoStart is off, so OpenClaw does not start it: start it yourself (\`anthropic-max-proxy run\`, or ${manualStartCommand(plugin.command, address)}), or set autoStart to true`,
    };
  }

  async #probe(signal?: AbortSignal): Promise<{ result: ProbeResult; e: ProxyExplanation }> {
    const result = await this.#probeProxy({ timeoutMs: 1500, ...(signal ? { signal } : {}) });
    return { result, e: explainProxyProbe(result, this.#context) };
  }

  async admit(options: { maxWaitMs: number; signal?: AbortSignal | undefined }): Promise<void> {
    const { e } = await this.#probe(options.signal);
    if (!e.ready) throw new ProxyNotReadyError(e.message, e.condition);
  }

  async view(): Promise<View> {
    const { result, e } = await this.#probe();
    const view: View = {
      state: result.state,
      ready: e.ready,
      summary: e.message.slice(LOG_PREFIX.length + 1),
      latencyMs: result.latencyMs,
    };
    const auth = authOf(result);
    if (auth) view.auth = auth;
    return view;
  }

  async stop(): Promise<void> {
    const registry = proxyRegistry();
    if (registry.get(this.key) === this) registry.delete(this.key);
  }
}
