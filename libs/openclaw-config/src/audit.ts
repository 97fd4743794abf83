import {
  ANTHROPIC_SECRET_PATTERN,
  connectHostFor,
  isLoopbackHost,
  safeParsePluginConfig,
  toWireModelId,
} from "@proxykit/config-schema";
import { formatPath, isRecord, type JsonObject, type JsonValue } from "./json.ts";
import type { ConfigPatch } from "./merge.ts";
import {
  aliasIndex,
  fallbacksOf,
  inferProviderForBareModel,
  type ModelRef,
  modelKey,
  primaryOf,
  resolveDefaultModel,
  resolveModelString,
} from "./model-refs.ts";
import { PROXY_PROVIDER_ID } from "./setup-patch.ts";

/** How bad a finding is: `error` breaks fail-closed (Claude traffic can bypass the proxy); `warning` degrades it. */
export type FindingSeverity = "error" | "warning" | "info";

/** One problem found by {@link auditFailClosed}. */
export interface Finding {
  /** Stable identifier, e.g. `fallbacks-present`. */
  code: FindingCode;
  severity: FindingSeverity;
  /** Where in the config, e.g. `agents.defaults.model.fallbacks`. */
  path: string;
  /** What is wrong (no secret values). */
  message: string;
  /** What to do. */
  fix: string;
  /** A config patch that fixes it, when the fix is mechanical (apply with updateConfigFile). */
  patch?: ConfigPatch;
}

/** Codes of {@link Finding}. */
export type FindingCode =
  | "provider-missing"
  | "provider-api"
  | "provider-direct-anthropic"
  | "provider-not-loopback"
  | "api-key-anthropic-secret"
  | "api-key-from-anthropic-env"
  | "default-model-missing"
  | "default-model-bare"
  | "default-model-elsewhere"
  | "fallbacks-present"
  | "agent-model-elsewhere"
  | "agent-fallbacks-present"
  | "claude-routed-elsewhere"
  | "plugin-missing"
  | "plugin-disabled"
  | "plugin-config-invalid"
  | "address-mismatch"
  | "dotted-ids-without-plugin"
  | "local-service-conflict"
  | "model-policy-excludes-proxy";

/** Options of {@link auditFailClosed}. */
export interface AuditOptions {
  /** Default `anthropic-max-proxy`. */
  providerId?: string;
  /** Default: the provider id. */
  pluginId?: string;
}

const CLAUDE = /claude|anthropic|opus|sonnet|haiku/i;

/**
 * Checks a config for everything that breaks or weakens fail-closed routing through the proxy: a missing or
 * misdirected provider entry, an Anthropic secret as `apiKey`, a default model that is bare or on another
 * provider, fallbacks (default and per agent), agent-level models that send Claude elsewhere (`agents.entries`,
 * legacy `agents.list`, image/utility/heartbeat/subagent models), the plugin missing or disabled, the provider
 * `baseUrl` disagreeing with the plugin's host/port, dotted ids without the plugin to map them. Findings are
 * sorted errors first; an empty list means fail-closed holds as far as the config can tell.
 */
export function auditFailClosed(config: JsonObject, options: AuditOptions = {}): Finding[] {
  const providerId = options.providerId ?? PROXY_PROVIDER_ID;
  const pluginId = options.pluginId ?? providerId;
  const findings: Finding[] = [];
  const add = (finding: Finding) => findings.push(finding);
  const agents = record(config.agents);
  const defaults = record(agents.defaults);
  const provider = findProvider(config, providerId);
  const providerPath = ["models", "providers", provider?.key ?? providerId];

  // ---- the provider entry
  if (!provider) {
    add({
      code: "provider-missing",
      severity: "error",
      path: formatPath(providerPath),
      message: `no provider entry "${providerId}": OpenClaw cannot route to the proxy.`,
      fix: `run the setup (\`openclaw models auth login --provider ${providerId} --set-default\` or \`anthropic-max-proxy setup\`).`,
    });
  } else {
    auditProvider(provider.value, providerPath, add);
  }

  // ---- model selection: the default agent
  const ownProvider = provider ? provider.key.toLowerCase() : providerId.toLowerCase();
  const isOurs = (ref: ModelRef | undefined) => ref?.provider === ownProvider;
  const firstModel = provider && Array.isArray(provider.value.models) ? provider.value.models[0] : undefined;
  const suggested =
    isRecord(firstModel) && typeof firstModel.id === "string"
      ? modelKey(providerId, firstModel.id)
      : undefined;
  const primary = primaryOf(defaults.model);
  const fixDefault: ConfigPatch | undefined = suggested
    ? { agents: { defaults: { model: { primary: suggested, fallbacks: [] } } } }
    : undefined;
  if (!primary) {
    const resolved = resolveDefaultModel(config);
    if (!isOurs(resolved)) {
      add({
        code: "default-model-missing",
        severity: "error",
        path: "agents.defaults.model",
        message: `no default model: OpenClaw falls back to ${modelKey(resolved.provider, resolved.model)}.`,
        fix: `set agents.defaults.model.primary to ${suggested ?? `"${providerId}/<model>"`} with fallbacks [].`,
        ...(fixDefault ? { patch: fixDefault } : {}),
      });
    }
  } else {
    const resolved = resolveDefaultModel(config);
    if (!isOurs(resolved)) {
      const bare = !primary.includes("/") && !aliasIndex(config).has(primary.toLowerCase());
      add({
        code: bare ? "default-model-bare" : "default-model-elsewhere",
        severity: "error",
        path: "agents.defaults.model.primary",
        message: bare
          ? `the default model "${primary}" has no provider: OpenClaw resolves it to ${modelKey(resolved.provider, resolved.model)}.`
          : `the default model ${primary} goes to ${resolved.provider}, not through the proxy.`,
        fix: `use a fully qualified ref: ${suggested ?? `"${providerId}/<model>"`}.`,
        ...(fixDefault ? { patch: fixDefault } : {}),
      });
    } else if (!primary.includes("/") && !aliasIndex(config).has(primary.toLowerCase())) {
      add({
        code: "default-model-bare",
        severity: "info",
        path: "agents.defaults.model.primary",
        message: `the default model "${primary}" reaches the proxy only through an alias or a unique model id.`,
        fix: `write the fully qualified ref ${modelKey(resolved.provider, resolved.model)}.`,
        patch: { agents: { defaults: { model: { primary: modelKey(providerId, resolved.model) } } } },
      });
    }
  }
  const fallbacks = fallbacksOf(defaults.model);
  if (fallbacks.length > 0) {
    const elsewhere = fallbacks.filter((f) => !isOurs(resolveRef(config, f)));
    add({
      code: "fallbacks-present",
      severity: elsewhere.length > 0 ? "error" : "warning",
      path: "agents.defaults.model.fallbacks",
      message:
        elsewhere.length > 0
          ? `fallbacks ${elsewhere.map(String).join(", ")} take over when the proxy fails: Claude traffic would leave the proxy.`
          : "fallbacks only delay the failure when the proxy is down (fail-closed wants a clear, fast error).",
      fix: "set agents.defaults.model.fallbacks to [].",
      patch: { agents: { defaults: { model: { fallbacks: [] } } } },
    });
  }

  // ---- every other place a model is chosen
  for (const site of modelSites(config)) {
    const ref = resolveRef(config, site.value, site.agentModels);
    if (!ref || isOurs(ref)) continue;
    const claude = CLAUDE.test(ref.model) || ref.provider === "anthropic" || CLAUDE.test(String(site.value));
    if (site.kind === "agent-model") {
      add({
        code: "agent-model-elsewhere",
        severity: claude ? "error" : "info",
        path: site.path,
        message: claude
          ? `agent "${site.agent}" sends Claude requests to ${modelKey(ref.provider, ref.model)}, around the proxy.`
          : `agent "${site.agent}" uses ${modelKey(ref.provider, ref.model)} (not Claude, not the proxy).`,
        fix: claude
          ? `point it at ${suggested ?? `"${providerId}/<model>"`} or remove the override.`
          : "nothing to do if that agent should not use Claude.",
      });
    } else if (site.kind === "agent-fallback") {
      add({
        code: "agent-fallbacks-present",
        severity: claude || site.agentUsesProxy ? "error" : "warning",
        path: site.path,
        message: `agent "${site.agent}" falls back to ${modelKey(ref.provider, ref.model)} when its model fails.`,
        fix: `set ${site.path.replace(/\[\d+\]$/, "")} to [].`,
      });
    } else if (claude) {
      add({
        code: "claude-routed-elsewhere",
        severity: "error",
        path: site.path,
        message: `${site.path} sends Claude requests to ${modelKey(ref.provider, ref.model)}, around the proxy.`,
        fix: `use a ${providerId}/… model there, or remove the setting.`,
      });
    }
  }

  // ---- the plugin
  const plugins = record(config.plugins);
  const entries = record(plugins.entries);
  const pluginEntry = isRecord(entries[pluginId]) ? entries[pluginId] : undefined;
  const pluginPath = formatPath(["plugins", "entries", pluginId]);
  const denied = Array.isArray(plugins.deny) && plugins.deny.includes(pluginId);
  const notAllowed =
    Array.isArray(plugins.allow) && plugins.allow.length > 0 && !plugins.allow.includes(pluginId);
  let pluginActive = true;
  if (plugins.enabled === false || denied || notAllowed || pluginEntry?.enabled === false) {
    pluginActive = false;
    const why =
      plugins.enabled === false
        ? "plugins.enabled is false"
        : denied
          ? "it is in plugins.deny"
          : notAllowed
            ? "plugins.allow does not list it"
            : `${pluginPath}.enabled is false`;
    add({
      code: "plugin-disabled",
      severity: "warning",
      path: pluginEntry?.enabled === false ? `${pluginPath}.enabled` : "plugins",
      message: `the ${pluginId} plugin is disabled (${why}): nothing starts or watches the proxy; requests fail while it is down.`,
      fix: `enable it: \`openclaw plugins enable ${pluginId}\`.`,
      ...(pluginEntry?.enabled === false
        ? { patch: { plugins: { entries: { [pluginId]: { enabled: true } } } } }
        : {}),
    });
  } else if (!pluginEntry) {
    pluginActive = false;
    add({
      code: "plugin-missing",
      severity: "warning",
      path: pluginPath,
      message: `no ${pluginPath} entry: the plugin may not be installed or enabled, so nothing supervises the proxy.`,
      fix: `install and enable it: \`openclaw plugins install <package> && openclaw plugins enable ${pluginId}\`.`,
    });
  }
  let pluginHost = "127.0.0.1";
  let pluginPort = 3456;
  const parsedPlugin = safeParsePluginConfig(pluginEntry?.config, { source: `${pluginPath}.config` });
  if (!parsedPlugin.success) {
    add({
      code: "plugin-config-invalid",
      severity: "error",
      path: `${pluginPath}.config`,
      message: parsedPlugin.error.toOneLine(),
      fix: "fix the listed keys (OpenClaw refuses a config whose plugin config does not validate).",
    });
  } else {
    pluginHost = parsedPlugin.data.host;
    pluginPort = parsedPlugin.data.port;
  }

  // ---- one address for the proxy
  const baseUrl =
    provider && typeof provider.value.baseUrl === "string" ? parseUrl(provider.value.baseUrl) : undefined;
  const direct = findings.some((f) => f.code === "provider-direct-anthropic");
  if (baseUrl && !direct && parsedPlugin.success && (pluginEntry || pluginActive)) {
    const urlHost = baseUrl.hostname.replace(/^\[(.*)\]$/, "$1");
    const urlPort = Number(baseUrl.port || (baseUrl.protocol === "https:" ? 443 : 80));
    if (!sameHost(urlHost, connectHostFor(pluginHost)) || urlPort !== pluginPort) {
      add({
        code: "address-mismatch",
        severity: "warning",
        path: formatPath([...providerPath, "baseUrl"]),
        message: `OpenClaw sends requests to ${baseUrl.host} but the plugin starts the proxy on ${pluginHost}:${pluginPort}.`,
        fix: "run the setup again, or make the plugin's host/port and the provider's baseUrl agree (the baseUrl wins).",
        patch: { plugins: { entries: { [pluginId]: { config: { host: urlHost, port: urlPort } } } } },
      });
    }
  }

  // ---- ids that only work through the plugin
  if (provider && !pluginActive && Array.isArray(provider.value.models)) {
    const dotted = provider.value.models
      .map((m) => (isRecord(m) && typeof m.id === "string" ? m.id : undefined))
      .filter((id): id is string => id !== undefined && toWireModelId(id) !== id);
    if (dotted.length > 0) {
      add({
        code: "dotted-ids-without-plugin",
        severity: "warning",
        path: formatPath([...providerPath, "models"]),
        message: `model ids ${dotted.join(", ")} are sent as written without the plugin (it maps them to ${dotted.map(toWireModelId).join(", ")}); a proxy such as Meridian passes unknown ids through and Anthropic rejects them.`,
        fix: 'enable the plugin, or run the setup with wire ids (modelIds: "wire").',
      });
    }
  }
  if (provider && isRecord(provider.value.localService)) {
    add({
      code: "local-service-conflict",
      severity: "warning",
      path: formatPath([...providerPath, "localService"]),
      message:
        "OpenClaw's own localService also starts a process for this provider: two supervisors fight over the port.",
      fix: "remove localService; the plugin supervises the proxy.",
      patch: { models: { providers: { [provider.key]: { localService: null } } } },
    });
  }
  const policy = record(defaults.modelPolicy);
  if (Array.isArray(policy.allow) && policy.allow.length > 0) {
    const allowed = policy.allow.some(
      (entry) =>
        typeof entry === "string" &&
        (entry.trim().toLowerCase() === `${ownProvider}/*` || isOurs(resolveRef(config, entry))),
    );
    if (!allowed) {
      add({
        code: "model-policy-excludes-proxy",
        severity: "info",
        path: "agents.defaults.modelPolicy.allow",
        message: `agents.defaults.modelPolicy.allow lists no ${providerId} model: /model and --model cannot pick it (the default still works).`,
        fix: `add "${providerId}/*" to agents.defaults.modelPolicy.allow.`,
      });
    }
  }
  const order: Record<FindingSeverity, number> = { error: 0, warning: 1, info: 2 };
  return findings.sort((a, b) => order[a.severity] - order[b.severity]);
}

function auditProvider(entry: JsonObject, path: string[], add: (finding: Finding) => void): void {
  if (entry.api !== "anthropic-messages") {
    add({
      code: "provider-api",
      severity: "error",
      path: formatPath([...path, "api"]),
      message: `api is ${JSON.stringify(entry.api ?? null)}: the proxy speaks the Anthropic Messages API.`,
      fix: 'set api to "anthropic-messages".',
      patch: pathPatch([...path, "api"], "anthropic-messages"),
    });
  }
  const url = typeof entry.baseUrl === "string" ? parseUrl(entry.baseUrl) : undefined;
  if (!url) {
    add({
      code: "provider-direct-anthropic",
      severity: "error",
      path: formatPath([...path, "baseUrl"]),
      message: "baseUrl is missing or not a URL: OpenClaw cannot reach the proxy.",
      fix: 'set baseUrl to the proxy, e.g. "http://127.0.0.1:3456".',
    });
  } else {
    const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
    if (/(^|\.)anthropic\.com$/i.test(host)) {
      add({
        code: "provider-direct-anthropic",
        severity: "error",
        path: formatPath([...path, "baseUrl"]),
        message: `baseUrl points at Anthropic (${url.host}) instead of the local proxy.`,
        fix: 'set baseUrl to the proxy, e.g. "http://127.0.0.1:3456".',
      });
    } else if (!isLoopbackHost(host)) {
      add({
        code: "provider-not-loopback",
        severity: "warning",
        path: formatPath([...path, "baseUrl"]),
        message: `baseUrl host ${host} is not loopback: requests leave this machine.`,
        fix: "run the proxy on 127.0.0.1 unless a remote proxy is intended (plugin config allowNonLoopback).",
      });
    }
  }
  const apiKey = entry.apiKey;
  if (typeof apiKey === "string" && ANTHROPIC_SECRET_PATTERN.test(apiKey)) {
    add({
      code: "api-key-anthropic-secret",
      severity: "error",
      path: formatPath([...path, "apiKey"]),
      message: /sk-ant-oat/i.test(apiKey)
        ? "apiKey holds a Claude OAuth token (sk-ant-oat…): OpenClaw then switches to Claude Code OAuth headers, and the token sits in the config."
        : "apiKey holds an Anthropic API key (sk-ant-…): the proxy does not need it, and it sits in the config.",
      fix: "replace it with a placeholder (the proxy holds the Claude login), and revoke the key if it was shared.",
      patch: pathPatch([...path, "apiKey"], "local-proxy-no-key"),
    });
  } else if (
    (isRecord(apiKey) && apiKey.source === "env" && /^ANTHROPIC_/i.test(String(apiKey.id))) ||
    (typeof apiKey === "string" && /^\$\{?ANTHROPIC_/i.test(apiKey.trim()))
  ) {
    add({
      code: "api-key-from-anthropic-env",
      severity: "warning",
      path: formatPath([...path, "apiKey"]),
      message: "apiKey is read from an ANTHROPIC_* variable: an Anthropic secret would be sent to the proxy.",
      fix: "use a placeholder; the proxy holds the Claude login.",
      patch: pathPatch([...path, "apiKey"], "local-proxy-no-key"),
    });
  }
}

interface ModelSite {
  kind: "agent-model" | "agent-fallback" | "other";
  path: string;
  value: JsonValue;
  agent?: string;
  agentUsesProxy?: boolean;
  agentModels?: JsonValue;
}

/** Every place a config chooses a model, besides the default agent's primary and fallbacks. */
function modelSites(config: JsonObject): ModelSite[] {
  const sites: ModelSite[] = [];
  const agents = record(config.agents);
  const defaults = record(agents.defaults);
  const selection = (value: JsonValue | undefined, path: string[], kind: "other") => {
    const primary = primaryOf(value);
    if (primary)
      sites.push({
        kind,
        path: formatPath(typeof value === "string" ? path : [...path, "primary"]),
        value: primary,
      });
    for (const [index, fallback] of fallbacksOf(value).entries()) {
      sites.push({ kind, path: `${formatPath([...path, "fallbacks"])}[${index}]`, value: fallback });
    }
  };
  for (const key of ["imageModel", "pdfModel"])
    selection(defaults[key], ["agents", "defaults", key], "other");
  for (const key of ["utilityModel", "decisionModel"]) {
    const value = defaults[key];
    if (typeof value === "string" && value.trim())
      sites.push({ kind: "other", path: `agents.defaults.${key}`, value });
  }
  for (const [key, value] of [
    ["heartbeat", record(defaults.heartbeat).model],
    ["subagents", record(defaults.subagents).model],
  ] as const) {
    if (typeof value === "string" && value.trim())
      sites.push({ kind: "other", path: `agents.defaults.${key}.model`, value });
    else if (isRecord(value)) selection(value, ["agents", "defaults", key, "model"], "other");
  }
  const roster: Array<[string, JsonObject, string[]]> = [];
  for (const [id, entry] of Object.entries(record(agents.entries))) {
    if (isRecord(entry)) roster.push([id, entry, ["agents", "entries", id]]);
  }
  if (Array.isArray(agents.list)) {
    for (const [index, entry] of agents.list.entries()) {
      if (!isRecord(entry)) continue;
      const id = typeof entry.id === "string" ? entry.id : String(index);
      roster.push([id, entry, ["agents", "list", String(index)]]);
    }
  }
  for (const [id, entry, base] of roster) {
    const pathOf = (extra: string[]) =>
      base[1] === "list"
        ? `agents.list[${base[2]}]${extra.length > 0 ? `.${formatPath(extra)}` : ""}`
        : formatPath([...base, ...extra]);
    const primary = primaryOf(entry.model);
    const usesProxy = primary !== undefined;
    if (primary) {
      sites.push({
        kind: "agent-model",
        path: pathOf(typeof entry.model === "string" ? ["model"] : ["model", "primary"]),
        value: primary,
        agent: id,
        agentModels: entry.models,
      });
    }
    for (const [index, fallback] of fallbacksOf(entry.model).entries()) {
      sites.push({
        kind: "agent-fallback",
        path: `${pathOf(["model", "fallbacks"])}[${index}]`,
        value: fallback,
        agent: id,
        agentUsesProxy: usesProxy,
        agentModels: entry.models,
      });
    }
    for (const key of ["utilityModel", "decisionModel"]) {
      const value = entry[key];
      if (typeof value === "string" && value.trim()) {
        sites.push({ kind: "other", path: pathOf([key]), value, agentModels: entry.models });
      }
    }
    for (const key of ["heartbeat", "subagents"]) {
      const value = record(entry[key]).model;
      if (typeof value === "string" && value.trim()) {
        sites.push({ kind: "other", path: pathOf([key, "model"]), value, agentModels: entry.models });
      }
    }
  }
  return sites;
}

function resolveRef(config: JsonObject, value: JsonValue, agentModels?: JsonValue): ModelRef | undefined {
  if (typeof value !== "string" || !value.trim()) return undefined;
  const raw = value.trim();
  const aliases = aliasIndex(config, agentModels);
  const byAlias = aliases.get(raw.toLowerCase());
  if (byAlias) return byAlias.ref;
  if (!raw.includes("/")) {
    const inferred = inferProviderForBareModel(config, raw);
    if (inferred) return { provider: inferred, model: raw };
  }
  return resolveModelString(config, raw, aliases);
}

function findProvider(
  config: JsonObject,
  providerId: string,
): { key: string; value: JsonObject } | undefined {
  const providers = record(record(config.models).providers);
  const key = Object.keys(providers).find((k) => k.toLowerCase() === providerId.toLowerCase());
  const value = key === undefined ? undefined : providers[key];
  return key !== undefined && isRecord(value) ? { key, value } : undefined;
}

function record(value: JsonValue | undefined): JsonObject {
  return isRecord(value) ? value : {};
}

function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/** Same listener: identical hosts, or `localhost` and a loopback address (IPv4 and IPv6 loopback differ). */
function sameHost(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (x === y) return true;
  return (x === "localhost" && isLoopbackHost(y)) || (y === "localhost" && isLoopbackHost(x));
}

function pathPatch(path: string[], value: JsonValue): ConfigPatch {
  let patch: JsonValue = value;
  for (const segment of [...path].reverse()) patch = { [segment]: patch };
  return patch as ConfigPatch;
}
