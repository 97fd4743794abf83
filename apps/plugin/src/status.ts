import { type ProxyAddress, readProxySettings } from "@proxykit/config-schema";
import { auditFailClosed, type Finding, type JsonObject } from "@proxykit/openclaw-config";
import type { OpenClawConfig } from "openclaw/plugin-sdk/plugin-entry";
import { PLUGIN_ID, PROVIDER_ID } from "./constants.ts";
import type { ProxyStateSource, ProxyStateView } from "./proxy-state.ts";

/** Everything `openclaw anthropic-max-proxy status` and `/maxproxy` report. */
export interface StatusReport {
  address: ProxyAddress;
  proxy: ProxyStateView;
  pluginConfig: { valid: true } | { valid: false; error: string };
  /** `failClosed`: no finding of severity `error` (warnings weaken it without breaking it). */
  audit: { failClosed: boolean; findings: Finding[] };
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
  const settings = readProxySettings(config, { pluginId: PLUGIN_ID, providerId: PROVIDER_ID });
  const { address, pluginConfigError } = settings;
  const pluginConfig: StatusReport["pluginConfig"] = pluginConfigError
    ? { valid: false, error: pluginConfigError.toOneLine() }
    : { valid: true };
  const proxy = await params.stateSource.read(address, params.signal ? { signal: params.signal } : {});
  const findings = auditFailClosed(config as unknown as JsonObject, {
    providerId: PROVIDER_ID,
    pluginId: PLUGIN_ID,
  });
  const audit = { failClosed: findings.every((finding) => finding.severity !== "error"), findings };
  return { address, proxy, pluginConfig, audit, ok: proxy.ready && pluginConfig.valid && audit.failClosed };
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
  const auditHasMismatch = report.audit.findings.some((finding) => finding.code === "address-mismatch");
  if (report.address.mismatch && !auditHasMismatch) lines.push(`  ! ${report.address.mismatch}`);
  const latency = report.proxy.latencyMs !== undefined ? `, ${Math.round(report.proxy.latencyMs)} ms` : "";
  lines.push(`Proxy       : ${report.proxy.state} — ${report.proxy.summary}${latency}`);
  lines.push(
    `Config      : ${report.pluginConfig.valid ? "valid" : `invalid: ${report.pluginConfig.error}`}`,
  );
  const warnings = report.audit.findings.filter((finding) => finding.severity !== "error").length;
  lines.push(
    `Fail-closed : ${report.audit.failClosed ? "yes" : "NO"}${warnings > 0 ? ` (${warnings} warning${warnings === 1 ? "" : "s"})` : ""}`,
  );
  for (const finding of report.audit.findings) {
    const mark = finding.severity === "error" ? "✗" : finding.severity === "warning" ? "!" : "·";
    lines.push(`  ${mark} ${finding.path}: ${finding.message} — fix: ${finding.fix}`);
  }
  return lines.join("\n");
}
