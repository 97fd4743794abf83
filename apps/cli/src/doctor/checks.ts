/**
 * The doctor's checks. Each one looks at one thing a user needs, gives a verdict, and names the fix;
 * the safe fixes carry the config patch (or file removal) that `doctor --fix` applies.
 */
import { rmSync } from "node:fs";
import {
  LEGACY_PROXY_PACKAGE,
  MERIDIAN_COMMAND,
  MERIDIAN_PACKAGE,
  type ProxySettings,
  readProxySettings,
} from "@proxykit/config-schema";
import {
  describeProbeResult,
  inspectPort,
  isAnswering,
  type PortInfo,
  type ProbeResult,
  probe,
} from "@proxykit/health";
import { claudeAuthStatus, readClaudeCredentials } from "@proxykit/health/claude";
import {
  auditFailClosed,
  type ConfigFile,
  type FindingCode,
  isRecord,
  type JsonObject,
} from "@proxykit/openclaw-config";
import { PLUGIN_ID, PROVIDER_ID } from "../ids.ts";
import { findOpenClaw, parseJsonOutput, runOpenClaw, whichSync } from "../openclaw.ts";
import { formatDuration } from "../output.ts";
import { readSupervision } from "../pid-file.ts";
import { BIN } from "../program.ts";
import type { Target } from "../target.ts";

/** One check's verdict. */
export interface CheckResult {
  id: string;
  title: string;
  status: "ok" | "warn" | "fail" | "skip";
  detail: string;
  fix?: string;
  /** A safe fix `--fix` can apply. */
  repair?: Repair;
}

/** A safe repair: a merge patch for openclaw.json, or a stale file to remove. */
export type Repair =
  | { kind: "patch"; patch: Record<string, unknown>; summary: string }
  | { kind: "remove-file"; path: string; summary: string };

/** What the checks look at. */
export interface DoctorInput {
  target: Target;
  env: Record<string, string | undefined>;
  cwd: string;
  /** The parsed config, or the error that stopped reading it. */
  file: ConfigFile | { error: Error & { code?: string } };
  openclaw: { check: boolean; flag?: string };
  timeoutMs: number;
}

/** Runs every check, in the order they are printed. */
export async function runChecks(input: DoctorInput): Promise<CheckResult[]> {
  const results: CheckResult[] = [checkNode()];
  if ("error" in input.file) {
    results.push({
      id: "config",
      title: "OpenClaw config",
      status: "fail",
      detail: input.file.error.message,
      fix: "fix the file (nothing is written while it cannot be parsed)",
    });
    return results;
  }
  const file = input.file;
  const config = file.config;
  const settings = readProxySettings(config, { source: `plugins.entries.${PLUGIN_ID}.config` });
  results.push(checkConfig(input.target, file, settings));
  results.push(checkPluginConfig(settings));

  const [claude, port, health, openclaw] = await Promise.all([
    checkClaude(input.env),
    inspectPort(settings.address.host, settings.address.port).catch(() => undefined),
    probe(settings.address.baseUrl, { timeoutMs: input.timeoutMs, healthPath: settings.plugin.healthPath }),
    input.openclaw.check ? checkPluginInstalled(input) : Promise.resolve(undefined),
  ]);
  results.push(...claude);
  results.push(checkCommand(settings, input.env));
  results.push(checkPort(settings, port, health, input.target));
  results.push(checkHealth(settings, health));
  results.push(...checkFailClosed(config));
  results.push(
    openclaw ?? {
      id: "plugin-installed",
      title: "plugin installed",
      status: "skip",
      detail: "not checked (--no-openclaw)",
    },
  );
  results.push(checkSupervisor(input.target));
  return results;
}

function checkNode(): CheckResult {
  const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
  const ok = major > 24 || (major === 24 && minor >= 16);
  return {
    id: "node",
    title: "Node.js",
    status: ok ? "ok" : major >= 22 ? "warn" : "fail",
    detail: `v${process.versions.node}${ok ? "" : major >= 22 ? ": this CLI runs, but OpenClaw needs Node >= 24.16" : ": too old (Meridian needs >= 22, OpenClaw >= 24.16)"}`,
    ...(ok ? {} : { fix: "install Node 24 (e.g. `nvm install 24`)" }),
  };
}

function checkConfig(target: Target, file: ConfigFile, settings: ProxySettings): CheckResult {
  if (!file.exists) {
    return {
      id: "config",
      title: "OpenClaw config",
      status: "fail",
      detail: `${target.configPath} does not exist`,
      fix: `run \`${BIN} setup\``,
    };
  }
  if (!settings.provider) {
    return {
      id: "config",
      title: "OpenClaw config",
      status: "fail",
      detail: `${target.configPath} has no models.providers.${PROVIDER_ID}`,
      fix: `run \`${BIN} setup\``,
    };
  }
  return {
    id: "config",
    title: "OpenClaw config",
    status: "ok",
    detail: `${target.configPath}: ${PROVIDER_ID} → ${settings.address.baseUrl} (${settings.provider.modelIds.length} models)`,
  };
}

function checkPluginConfig(settings: ProxySettings): CheckResult {
  if (settings.pluginConfigError) {
    return {
      id: "plugin-config",
      title: "plugin config",
      status: "fail",
      detail: settings.pluginConfigError.toOneLine(),
      // The key is named in the detail: the plugin config, or the provider's baseUrl off loopback.
      fix: "correct the key named above (the Gateway does not start the proxy until then)",
    };
  }
  return {
    id: "plugin-config",
    title: "plugin config",
    status: "ok",
    detail: settings.pluginEntryPresent ? "valid" : "not set: the defaults apply",
  };
}

async function checkClaude(env: Record<string, string | undefined>): Promise<CheckResult[]> {
  const [status, credentials] = await Promise.all([
    claudeAuthStatus({ env: env as NodeJS.ProcessEnv, timeoutMs: 10_000 }),
    readClaudeCredentials({ env: env as NodeJS.ProcessEnv }),
  ]);
  const installed: CheckResult =
    status.state === "not-installed"
      ? {
          id: "claude-installed",
          title: "Claude Code installed",
          status: "fail",
          detail: "`claude` is not on PATH",
          fix: "npm install -g @anthropic-ai/claude-code",
        }
      : {
          id: "claude-installed",
          title: "Claude Code installed",
          status: "ok",
          detail: `\`claude auth status\` answered in ${formatDuration(status.durationMs)}`,
        };
  let login: CheckResult;
  if (status.state === "not-installed") {
    login = {
      id: "claude-login",
      title: "Claude login",
      status: "skip",
      detail: "Claude Code is not installed",
    };
  } else if (status.state === "logged-in") {
    const who = [status.email, status.subscriptionType ? `(${status.subscriptionType})` : undefined]
      .filter(Boolean)
      .join(" ");
    let expiry = "";
    let warn = false;
    if (credentials.state === "found" && credentials.expiresAt) {
      expiry = credentials.expired
        ? `; access token expired ${credentials.expiresAt.toISOString()} (Claude Code refreshes it on next use)`
        : `; access token valid until ${credentials.expiresAt.toISOString()}`;
      warn = credentials.expired === true && credentials.hasRefreshToken === false;
    }
    login = {
      id: "claude-login",
      title: "Claude login",
      status: warn ? "warn" : "ok",
      detail: `logged in${who ? ` as ${who}` : ""}${expiry}`,
      ...(warn ? { fix: "claude login" } : {}),
    };
  } else if (status.state === "logged-out") {
    login = {
      id: "claude-login",
      title: "Claude login",
      status: "fail",
      detail: "Claude Code is not logged in: the proxy cannot answer",
      fix: "claude login",
    };
  } else {
    login = {
      id: "claude-login",
      title: "Claude login",
      status: "warn",
      detail: status.reason ?? "`claude auth status` gave no answer",
      fix: "run `claude auth status` to see why",
    };
  }
  return [installed, login];
}

function checkCommand(settings: ProxySettings, env: Record<string, string | undefined>): CheckResult {
  const command = settings.plugin.command;
  const [program = ""] = command;
  const found = whichSync(program, env);
  const renamed = command.some(
    (arg) => arg === LEGACY_PROXY_PACKAGE || arg.startsWith(`${LEGACY_PROXY_PACKAGE}@`),
  );
  const meridianFix = `${BIN} setup --proxy-command '${JSON.stringify(MERIDIAN_COMMAND)}' --yes`;
  if (!found) {
    const npx = whichSync("npx", env);
    return {
      id: "proxy-command",
      title: "proxy command",
      status: "fail",
      detail: `\`${program}\` (from command ${JSON.stringify(command)}) is not on PATH`,
      fix:
        program === "bunx" || program === "bun"
          ? `install Bun (https://bun.sh), or use Meridian through npx${npx ? "" : " (npx is missing too: install Node/npm)"}: ${meridianFix}`
          : `install it, or set the command: ${meridianFix}`,
    };
  }
  if (renamed) {
    return {
      id: "proxy-command",
      title: "proxy command",
      status: "warn",
      detail: `${command.join(" ")}: ${program} found at ${found}, but ${LEGACY_PROXY_PACKAGE} was renamed to Meridian (${MERIDIAN_PACKAGE}) in March 2026 and the old name is deprecated`,
      fix: `switch to the new package: ${meridianFix}`,
    };
  }
  return {
    id: "proxy-command",
    title: "proxy command",
    status: "ok",
    detail: `${command.join(" ")} (${program} at ${found})`,
  };
}

/** The proxy answers like a Meridian: healthy, degraded or a not-logged-in 503 with an auth part. */
function answersLikeProxy(health: ProbeResult): boolean {
  return (
    health.state === "healthy" ||
    health.state === "degraded" ||
    (health.state === "unhealthy" && health.auth !== undefined)
  );
}

function checkPort(
  settings: ProxySettings,
  info: PortInfo | undefined,
  health: ProbeResult,
  target: Target,
): CheckResult {
  const { host, port } = settings.address;
  const where = `${host}:${port}`;
  if (!info) return { id: "port", title: "port", status: "warn", detail: `could not inspect ${where}` };
  const holder = info.listener
    ? `pid ${info.listener.pid} (${info.listener.command.join(" ").slice(0, 120)})`
    : "an unknown process";
  if (info.free)
    return { id: "port", title: "port", status: "ok", detail: `${where} is free (the proxy is not running)` };
  const supervision = readSupervision(target.stateDir);
  const ours =
    answersLikeProxy(health) ||
    (supervision.state === "running" &&
      info.listeners?.some((listener) => listener.pid === supervision.pid) === true);
  if (ours)
    return { id: "port", title: "port", status: "ok", detail: `${where} is held by the proxy: ${holder}` };
  return {
    id: "port",
    title: "port",
    status: "fail",
    detail: `${where} is used by ${holder}, which does not answer like the proxy (${health.state})`,
    fix: `stop that process, or move the proxy to a free port: \`${BIN} setup --port <port> --yes\``,
  };
}

function checkHealth(settings: ProxySettings, health: ProbeResult): CheckResult {
  const url = `${settings.address.baseUrl}${settings.plugin.healthPath}`;
  switch (health.state) {
    case "healthy":
      return {
        id: "health",
        title: "proxy health",
        status: "ok",
        detail: `${url}: ${describeProbeResult(health)}`,
      };
    case "degraded":
      return {
        id: "health",
        title: "proxy health",
        status: "warn",
        detail: `${url}: ${describeProbeResult(health)}`,
        fix: "the proxy could not verify the Claude login: check `claude auth status`",
      };
    case "unhealthy":
      return {
        id: "health",
        title: "proxy health",
        status: "fail",
        detail: `${url}: ${describeProbeResult(health)}`,
        fix:
          health.auth?.loggedIn === false
            ? "claude login (the proxy picks the login up by itself)"
            : "look at the proxy's output",
      };
    case "unreachable":
      return {
        id: "health",
        title: "proxy health",
        status: "fail",
        detail: `proxy down: nothing answers at ${settings.address.baseUrl}`,
        fix: settings.plugin.autoStart
          ? `start the Gateway (the plugin starts the proxy), or run it here: \`${BIN} run\``
          : `autoStart is off: start the proxy yourself, or \`${BIN} run\``,
      };
    default:
      return {
        id: "health",
        title: "proxy health",
        status: isAnswering(health) ? "warn" : "fail",
        detail: `${url}: ${describeProbeResult(health)}`,
        fix: "check the proxy's output; an old proxy without /health is supported but cannot report the login",
      };
  }
}

/**
 * Audit findings whose patch `--fix` may apply: they restore fail-closed or one address without changing
 * which model answers (a default model on another provider is reported, not switched).
 */
export const SAFE_FIXES: ReadonlySet<FindingCode> = new Set<FindingCode>([
  "fallbacks-present",
  "plugin-disabled",
  "address-mismatch",
  "api-key-anthropic-secret",
  "api-key-from-anthropic-env",
  "provider-api",
  "local-service-conflict",
  "default-model-bare",
]);

const FINDING_TITLES: Partial<Record<FindingCode, string>> = {
  "fallbacks-present": "no fallbacks",
  "agent-fallbacks-present": "no agent fallbacks",
  "plugin-disabled": "plugin enabled",
  "plugin-missing": "plugin in config",
  "address-mismatch": "one address",
  "provider-missing": "provider entry",
  "default-model-missing": "default model",
  "default-model-bare": "default model",
  "default-model-elsewhere": "default model",
  "dotted-ids-without-plugin": "model ids",
  "api-key-anthropic-secret": "placeholder key",
  "api-key-from-anthropic-env": "placeholder key",
  "agent-model-elsewhere": "agent models",
  "claude-routed-elsewhere": "Claude routing",
  "local-service-conflict": "one supervisor",
};

/** `agents.defaults.model.fallbacks = []` for each leaf of a patch. */
function describePatch(patch: unknown, path: string[] = []): string[] {
  if (isRecord(patch) && Object.keys(patch).length > 0) {
    return Object.entries(patch).flatMap(([key, value]) => describePatch(value, [...path, key]));
  }
  return [`${path.join(".")} = ${JSON.stringify(patch)}`];
}

function checkFailClosed(config: JsonObject): CheckResult[] {
  const findings = auditFailClosed(config, { providerId: PROVIDER_ID, pluginId: PLUGIN_ID });
  if (findings.length === 0) {
    return [
      {
        id: "fail-closed",
        title: "fail-closed",
        status: "ok",
        detail: "the audit found nothing that lets Claude traffic around the proxy",
      },
    ];
  }
  return findings.map((finding) => ({
    id: finding.code,
    title: FINDING_TITLES[finding.code] ?? "fail-closed",
    status: finding.severity === "error" ? "fail" : finding.severity === "warning" ? "warn" : "ok",
    detail: `${finding.message} (${finding.path})`,
    fix: finding.fix,
    ...(finding.patch && SAFE_FIXES.has(finding.code)
      ? {
          repair: {
            kind: "patch" as const,
            patch: finding.patch as Record<string, unknown>,
            summary: describePatch(finding.patch).join(", "),
          },
        }
      : {}),
  }));
}

async function checkPluginInstalled(input: DoctorInput): Promise<CheckResult> {
  const bin = findOpenClaw(input.env, input.openclaw.flag, input.cwd);
  if (!bin) {
    return {
      id: "plugin-installed",
      title: "plugin installed",
      status: "skip",
      detail: "openclaw is not installed here: not checked",
    };
  }
  const result = await runOpenClaw(bin, ["plugins", "inspect", PLUGIN_ID, "--json"], {
    env: input.target.openclawEnv,
    timeoutMs: 60_000,
  });
  const json = parseJsonOutput(result.stdout);
  if (result.exitCode !== 0 || !json) {
    return {
      id: "plugin-installed",
      title: "plugin installed",
      status: "fail",
      detail: `OpenClaw does not know the plugin ${PLUGIN_ID}`,
      fix: `${BIN} setup --install-plugin <folder|.tgz>  (or: openclaw plugins install <source> --force --accept-capabilities)`,
    };
  }
  const plugin = (isRecord(json.plugin) ? json.plugin : json) as {
    enabled?: unknown;
    version?: unknown;
    status?: unknown;
  };
  const enabled = plugin.enabled !== false;
  return {
    id: "plugin-installed",
    title: "plugin installed",
    status: enabled ? "ok" : "fail",
    detail: `installed${typeof plugin.version === "string" ? ` (version ${plugin.version})` : ""}${enabled ? " and enabled" : ", but disabled"}`,
    ...(enabled ? {} : { fix: `openclaw plugins enable ${PLUGIN_ID}` }),
  };
}

function checkSupervisor(target: Target): CheckResult {
  const view = readSupervision(target.stateDir);
  if (view.state === "none")
    return {
      id: "supervisor",
      title: "supervisor",
      status: "ok",
      detail: "no pid file: nothing supervises the proxy right now",
    };
  if (view.state === "proxy-down") {
    // Not stale: removing the file would let `run` start a second supervisor next to the live one.
    return {
      id: "supervisor",
      title: "supervisor",
      status: "ok",
      detail: `supervised by pid ${view.supervisorPid}, which runs; the proxy (pid ${view.pid}) does not right now (restarting, or waiting for a Claude login: see the health check)`,
    };
  }
  if (view.state === "stale") {
    return {
      id: "supervisor",
      title: "supervisor",
      status: "warn",
      detail: `stale pid file ${view.pidFile}: pid ${view.pid} and its supervisor pid ${view.supervisorPid} are gone`,
      fix: `remove ${view.pidFile}`,
      repair: { kind: "remove-file", path: view.pidFile, summary: `removed ${view.pidFile}` },
    };
  }
  if (!view.supervisorAlive) {
    return {
      id: "supervisor",
      title: "supervisor",
      status: "warn",
      detail: `the proxy (pid ${view.pid}) outlived its supervisor (pid ${view.supervisorPid}): an orphan of a killed Gateway`,
      fix: `the next Gateway start (or \`${BIN} run\`) reclaims it; or stop it: kill ${view.pid}`,
    };
  }
  return {
    id: "supervisor",
    title: "supervisor",
    status: "ok",
    detail: `proxy pid ${view.pid} supervised by pid ${view.supervisorPid}`,
  };
}

/** Removes a stale pid file (a repair of kind `remove-file`). */
export function removeFile(path: string): void {
  rmSync(path, { force: true });
}
