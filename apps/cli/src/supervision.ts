/**
 * The supervision policy for the proxy, from the plugin config: the same settings the plugin's service
 * gives the supervisor inside the Gateway (host/port in `CLAUDE_PROXY_*` and `MERIDIAN_*`, `/health`
 * readiness and liveness from `@proxykit/health`, port ownership from `inspectPort`, restart back-off and
 * crash-loop breaker, the Claude login hint and credentials file, the shared pid file).
 */
import { hostForUrl } from "@proxykit/config-schema";
import { inspectPort, probe } from "@proxykit/health";
import { defaultClaudeCredentialsPath } from "@proxykit/health/claude";
import type { SupervisorLogger, SupervisorOptions } from "@proxykit/supervisor";
import { proxyPidFile } from "./pid-file.ts";
import type { ProxySettings } from "./proxy-settings.ts";

/** Options of {@link supervisorOptions}. */
export interface SupervisionContext {
  /** OpenClaw state dir: the pid file lives below it. */
  stateDir: string;
  /** Environment the proxy starts from (the supervisor drops ANTHROPIC_API_KEY & co.). */
  env: Readonly<Record<string, string | undefined>>;
  logger: SupervisorLogger;
}

/** Environment variables the proxy reads its host from (Meridian's names win, both are set). */
export const HOST_ENV = ["CLAUDE_PROXY_HOST", "MERIDIAN_HOST"] as const;
/** Environment variables the proxy reads its port from. */
export const PORT_ENV = ["CLAUDE_PROXY_PORT", "MERIDIAN_PORT"] as const;

/** The supervisor options for the proxy described by `settings`. */
export function supervisorOptions(settings: ProxySettings, context: SupervisionContext): SupervisorOptions {
  const { plugin, address } = settings;
  return {
    command: plugin.command,
    name: "proxy",
    host: address.host,
    port: address.port,
    baseEnv: context.env,
    hostEnv: HOST_ENV,
    portEnv: PORT_ENV,
    env: plugin.env,
    probe: ({ host, port, signal, timeoutMs }) =>
      probe(`http://${hostForUrl(host)}:${port}${plugin.healthPath}`, { signal, timeoutMs }),
    inspectPort: (host, port) => inspectPort(host, port),
    startupTimeoutMs: plugin.startupTimeoutMs,
    livenessIntervalMs: plugin.livenessIntervalMs,
    livenessFailureThreshold: plugin.livenessFailureThreshold,
    autoRestart: plugin.autoRestart,
    restartDelayMs: plugin.restartDelayMs,
    maxRestartDelayMs: plugin.maxRestartDelayMs,
    maxCrashes: plugin.maxCrashes,
    crashWindowMs: plugin.crashWindowMs,
    stopTimeoutMs: plugin.stopTimeoutMs,
    credentialsFile: defaultClaudeCredentialsPath(context.env as NodeJS.ProcessEnv),
    loginHint: "run: claude login",
    pidFile: proxyPidFile(context.stateDir),
    logger: context.logger,
  };
}
