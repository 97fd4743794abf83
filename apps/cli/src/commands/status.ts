/**
 * `status`: what OpenClaw will do with Claude requests, without starting OpenClaw — default model,
 * fallbacks and aliases (as `openclaw models status` shows them), the provider's address, the proxy's
 * health and login, the supervisor's pid file, and the fail-closed audit. Exit 0 when all is well, 1 when
 * something needs attention.
 */
import { type ProxyAddress, readProxySettings } from "@proxykit/config-schema";
import { describeProbeResult, type ProbeResult, probe } from "@proxykit/health";
import {
  auditFailClosed,
  type Finding,
  type ModelsStatusView,
  modelsStatusView,
} from "@proxykit/openclaw-config";
import { type Command, Option } from "commander";
import { readOpenClawConfig } from "../config-read.ts";
import { action, type Io, type RunState } from "../context.ts";
import { EXIT_ATTENTION, EXIT_OK } from "../exit-codes.ts";
import { PLUGIN_ID, PROVIDER_ID } from "../ids.ts";
import { parseMs } from "../option-parsers.ts";
import type { Output } from "../output.ts";
import { readSupervision, type SupervisionView } from "../pid-file.ts";
import { BIN } from "../program.ts";
import { resolveTarget } from "../target.ts";

interface StatusOptions {
  timeout: number;
}

/** The fail-closed audit: `ok` when no finding is an error. */
export interface AuditView {
  ok: boolean;
  findings: Finding[];
}

/** What `status --json` prints. */
export interface StatusReport {
  ok: boolean;
  configPath: string;
  configSource: string;
  configExists: boolean;
  models: ModelsStatusView;
  provider: { configured: boolean; address: ProxyAddress; modelIds: string[] };
  pluginConfig: { valid: boolean; error?: string; enabled: boolean | undefined };
  proxy: ProbeResult;
  supervisor: SupervisionView;
  audit: AuditView;
  /** One line per thing that needs attention, with the fix. */
  attention: string[];
}

const EXAMPLES = `
Examples:
  $ ${BIN} status
  $ ${BIN} status --json | jq .proxy.state
  $ ${BIN} status --profile work`;

export function register(program: Command, io: Io, state: RunState): Command {
  return program
    .command("status")
    .description(
      "default model, fallbacks, aliases, the proxy's address, health and login, the supervisor, and the fail-closed audit (no OpenClaw process needed)",
    )
    .addOption(new Option("--timeout <ms>", "health probe deadline").argParser(parseMs).default(2000))
    .addHelpText("after", EXAMPLES)
    .action(
      action<StatusOptions>(io, state, async (options, ctx) => {
        const target = resolveTarget(ctx.global, ctx.env, ctx.cwd);
        const file = await readOpenClawConfig(target.configPath);
        const settings = readProxySettings(file.config, { source: `plugins.entries.${PLUGIN_ID}.config` });
        const proxy = await ctx.out.wait(
          `probing ${settings.address.baseUrl}`,
          probe(settings.address.baseUrl, {
            timeoutMs: options.timeout,
            healthPath: settings.plugin.healthPath,
          }),
        );
        const report: StatusReport = {
          ok: false,
          configPath: target.configPath,
          configSource: target.source,
          configExists: file.exists,
          models: modelsStatusView(file.config),
          provider: {
            configured: settings.provider !== undefined,
            address: settings.address,
            modelIds: settings.provider?.modelIds ?? [],
          },
          pluginConfig: {
            valid: settings.pluginConfigError === undefined,
            ...(settings.pluginConfigError ? { error: settings.pluginConfigError.toOneLine() } : {}),
            enabled: settings.pluginEnabled,
          },
          proxy,
          supervisor: readSupervision(target.stateDir),
          audit: auditView(auditFailClosed(file.config, { providerId: PROVIDER_ID, pluginId: PLUGIN_ID })),
          attention: [],
        };
        report.attention = attentionItems(report);
        report.ok = report.attention.length === 0;
        ctx.out.emit(report);
        render(ctx.out, report);
        return report.ok ? EXIT_OK : EXIT_ATTENTION;
      }),
    );
}

function auditView(findings: Finding[]): AuditView {
  return { ok: !findings.some((finding) => finding.severity === "error"), findings };
}

function attentionItems(report: StatusReport): string[] {
  const items: string[] = [];
  if (!report.configExists) items.push(`no config at ${report.configPath}: run \`${BIN} setup\``);
  else if (!report.provider.configured)
    items.push(`models.providers.${PROVIDER_ID} is missing: run \`${BIN} setup\``);
  if (report.pluginConfig.error) items.push(`plugin config invalid: ${report.pluginConfig.error}`);
  const { state } = report.proxy;
  if (state === "unhealthy" && report.proxy.auth?.loggedIn === false)
    items.push("the proxy runs but Claude is not logged in: run `claude login`");
  else if (state === "unreachable") {
    items.push(
      `nothing answers at ${report.provider.address.baseUrl}: start the Gateway (the plugin starts the proxy) or run \`${BIN} run\``,
    );
  } else if (state !== "healthy" && state !== "degraded" && state !== "no-health-endpoint") {
    // No health endpoint (an older proxy, 404): it answers, so it is up — as the plugin and doctor see it.
    items.push(
      `the proxy at ${report.provider.address.baseUrl} is ${state}${report.proxy.reason ? ` (${report.proxy.reason})` : ""}: run \`${BIN} doctor\``,
    );
  }
  for (const finding of report.audit.findings) {
    if (finding.severity === "error" && finding.code !== "provider-missing")
      items.push(`${finding.message} Fix: ${finding.fix}`);
  }
  return items;
}

function render(out: Output, report: StatusReport): void {
  const { c } = out;
  // The layout of `openclaw models status`: a 14-wide label, then ": ".
  const label = (text: string) => `${c.bold(text.padEnd(14))}: `;
  const indent = " ".repeat(16);
  const models = report.models;
  const aliases = Object.entries(models.aliases).map(([alias, ref]) => `${alias} -> ${ref}`);
  const fallbacks = models.fallbacks.map(String);
  out.line(
    `${label("Config")}${report.configPath}${report.configExists ? "" : c.dim(" (does not exist)")} ${c.dim(`[${report.configSource}]`)}`,
  );
  out.line(
    `${label("Default")}${models.defaultModel === models.resolvedDefault ? models.resolvedDefault : `${models.resolvedDefault} (from ${models.defaultModel})`}`,
  );
  out.line(`${label(`Fallbacks (${fallbacks.length})`)}${fallbacks.length ? fallbacks.join(", ") : "-"}`);
  out.line(`${label(`Aliases (${aliases.length})`)}${aliases.length ? aliases.join(", ") : "-"}`);
  const address = report.provider.address;
  out.line(
    `${label("Provider")}${report.provider.configured ? `${PROVIDER_ID} → ${address.baseUrl} (${report.provider.modelIds.length} model${report.provider.modelIds.length === 1 ? "" : "s"})` : c.red("not configured")}`,
  );
  if (address.mismatch) out.line(`${indent}${out.mark("warn")} ${address.mismatch}`);
  const p = report.proxy;
  const proxyMark =
    p.state === "healthy"
      ? "ok"
      : p.state === "degraded" || p.state === "no-health-endpoint"
        ? "warn"
        : "fail";
  const login =
    p.state === "no-health-endpoint"
      ? ", Claude login unknown (no health endpoint to ask)"
      : p.auth
        ? p.auth.loggedIn
          ? `, logged in${p.auth.email ? ` as ${p.auth.email}` : ""}${p.auth.subscriptionType ? ` (${p.auth.subscriptionType})` : ""}`
          : ", Claude NOT logged in"
        : "";
  out.line(`${label("Proxy")}${out.mark(proxyMark)} ${describeProbeResult(p)}${login}`);
  const s = report.supervisor;
  const sup =
    s.state === "none"
      ? c.dim("no pid file (not supervised by the Gateway or `run`)")
      : s.state === "running"
        ? `pid ${s.pid} (${(s.command ?? []).join(" ")}), supervised by pid ${s.supervisorPid}${s.supervisorAlive ? "" : c.yellow(" (supervisor gone: orphan)")}${s.startedAt ? `, since ${s.startedAt}` : ""}`
        : s.state === "proxy-down"
          ? `pid ${s.pid} not running right now, supervised by pid ${s.supervisorPid} (restarting, or waiting for a Claude login)`
          : c.yellow(`stale pid file ${s.pidFile} (pid ${s.pid} and its supervisor are gone)`);
  out.line(`${label("Supervisor")}${sup}`);
  out.line(`${label("Fail-closed")}${report.audit.ok ? `${out.mark("ok")} yes` : `${out.mark("fail")} NO`}`);
  for (const finding of report.audit.findings) {
    const mark =
      finding.severity === "error"
        ? out.mark("fail")
        : finding.severity === "warning"
          ? out.mark("warn")
          : out.mark("info");
    out.line(`${indent}${mark} ${finding.message}${c.dim(` — fix: ${finding.fix}`)}`);
  }
  out.line();
  if (report.ok) out.line(`${out.mark("ok")} all is well`);
  else {
    out.line(`${out.mark("fail")} needs attention:`);
    for (const item of report.attention) out.line(`  - ${item}`);
  }
}
