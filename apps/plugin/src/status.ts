import { safeParsePluginConfig } from "@proxykit/config-schema";
import { auditFailClosed } from "@proxykit/openclaw-config";
import type { OpenClawConfig } from "openclaw/plugin-sdk/plugin-entry";
import { PLUGIN_ID, PROVIDER_ID } from "./constants.ts";
import { type ProxyAddress, resolveProxyAddress } from "./proxy-address.ts";
import type { ProxyStateSource, ProxyStateView } from "./proxy-state.ts";

type AuditResult = ReturnType<typeof auditFailClosed>;

/** Everything `openclaw anthropic-max-proxy status` and `/maxproxy` report. */
export interface StatusReport {
  address: ProxyAddress;
  proxy: ProxyStateView;
  pluginConfig: { valid: true } | { valid: false; error: string };
  audit: AuditResult;
  /** True when the proxy is ready, the config valid and the fail-closed audit clean. */
  ok: boolean;
}

/** Collects the status from the whole OpenClaw config and a proxy state source. */
export async function collectStatus(params: {
  config: OpenClawConfig;
  stateSource: ProxyStateSource;
  signal?: AbortSignal;
}): Promise<StatusReport> {
  const { config } = params;
  const address = resolveProxyAddress(config);
  const rawPluginConfig =
    (config.plugins?.entries?.[PLUGIN_ID] as { config?: unknown } | undefined)?.config ?? {};
  const parsed = safeParsePluginConfig(rawPluginConfig);
  const pluginConfig: StatusReport["pluginConfig"] = parsed.success
    ? { valid: true }
    : { valid: false, error: parsed.error.toOneLine() };
  const proxy = await params.stateSource.read(address, params.signal ? { signal: params.signal } : {});
  const audit = auditFailClosed(config, { providerId: PROVIDER_ID, pluginId: PLUGIN_ID });
  return { address, proxy, pluginConfig, audit, ok: proxy.ready && pluginConfig.valid && audit.ok };
}

/** Plain-text rendering, the same for the CLI and the chat command. */
export function formatStatus(report: StatusReport): string {
  const lines = [`${PROVIDER_ID} status: ${report.ok ? "OK" : "needs attention"}`];
  const from =
    report.address.source === "provider"
      ? `models.providers.${PROVIDER_ID}.baseUrl`
      : report.address.source === "plugin-config"
        ? `plugins.entries.${PLUGIN_ID}.config`
        : "defaults";
  lines.push(`Address     : ${report.address.baseUrl} (from ${from})`);
  if (report.address.mismatch) lines.push(`  ! ${report.address.mismatch}`);
  const latency = report.proxy.latencyMs !== undefined ? `, ${Math.round(report.proxy.latencyMs)} ms` : "";
  lines.push(`Proxy       : ${report.proxy.state} — ${report.proxy.summary}${latency}`);
  lines.push(
    `Config      : ${report.pluginConfig.valid ? "valid" : `invalid: ${report.pluginConfig.error}`}`,
  );
  lines.push(`Fail-closed : ${report.audit.ok ? "yes" : "NO"}`);
  for (const finding of report.audit.findings) {
    const mark = finding.severity === "error" ? "✗" : finding.severity === "warning" ? "!" : "·";
    lines.push(`  ${mark} ${finding.message}${finding.fix ? ` — fix: ${finding.fix}` : ""}`);
  }
  return lines.join("\n");
}
