// How OpenClaw 2026.9.6 turns the model strings of a config into provider/model refs (ported from its
// model-selection code, display mode: no provider-plugin id normalization). Shared by modelsStatusView and
// auditFailClosed.
import { isRecord, type JsonObject, type JsonValue } from "./json.ts";

/** A resolved model reference. */
export interface ModelRef {
  provider: string;
  model: string;
}

/** OpenClaw's built-in default provider and model (used when nothing else decides). */
export const OPENCLAW_DEFAULT_PROVIDER = "openai";
export const OPENCLAW_DEFAULT_MODEL = "gpt-6-astra";

const lower = (value: string) => value.trim().toLowerCase();

/** `provider/model`, unless the model id already starts with `provider/`. */
export function modelKey(provider: string, model: string): string {
  const p = provider.trim();
  const m = model.trim();
  if (!p) return m;
  if (!m) return p;
  return lower(m).startsWith(`${lower(p)}/`) ? m : `${p}/${m}`;
}

/** The primary of a model setting (`"p/m"` or `{ primary }`), trimmed; undefined when empty. */
export function primaryOf(value: JsonValue | undefined): string | undefined {
  const raw = typeof value === "string" ? value : isRecord(value) ? value.primary : undefined;
  if (typeof raw !== "string") return undefined;
  return raw.trim() || undefined;
}

/** The fallbacks of a model setting, as configured (an object's `fallbacks` array; a string has none). */
export function fallbacksOf(value: JsonValue | undefined): JsonValue[] {
  if (!isRecord(value)) return [];
  return Array.isArray(value.fallbacks) ? value.fallbacks : [];
}

/** `model@profile` → the model part (OpenClaw's splitTrailingAuthProfile). */
export function withoutAuthProfile(raw: string): string {
  const trimmed = raw.trim();
  const lastSlash = trimmed.lastIndexOf("/");
  let at = trimmed.indexOf("@", lastSlash + 1);
  if (at <= 0) return trimmed;
  if (/^\d{8}(?:@|$)/.test(trimmed.slice(at + 1))) {
    at = trimmed.indexOf("@", at + 9);
    if (at < 0) return trimmed;
  }
  if (/^(?:i?q\d+(?:_[a-z0-9]+)*|\d+bit)(?:@|$)/i.test(trimmed.slice(at + 1))) {
    at = trimmed.indexOf("@", at + 1);
    if (at < 0) return trimmed;
  }
  const model = trimmed.slice(0, at).trim();
  return model && trimmed.slice(at + 1).trim() ? model : trimmed;
}

function providers(config: JsonObject): JsonObject {
  const models = config.models;
  return isRecord(models) && isRecord(models.providers) ? models.providers : {};
}

function defaults(config: JsonObject): JsonObject {
  const agents = config.agents;
  return isRecord(agents) && isRecord(agents.defaults) ? agents.defaults : {};
}

/**
 * A configured provider whose `api` names another owner (e.g. a custom `anthropic-messages` provider): its refs
 * resolve to exactly that provider, lower-cased.
 */
function exactConfiguredProviderRef(config: JsonObject, raw: string): ModelRef | undefined {
  const slash = raw.indexOf("/");
  if (slash <= 0) return undefined;
  const providerRaw = raw.slice(0, slash).trim();
  const modelRaw = raw.slice(slash + 1).trim();
  if (!providerRaw || !modelRaw) return undefined;
  const found = Object.entries(providers(config)).find(([key]) => lower(key) === lower(providerRaw));
  if (!found) return undefined;
  const [key, entry] = found;
  const api = isRecord(entry) && typeof entry.api === "string" ? lower(entry.api) : "";
  if (!api || api === lower(key)) return undefined;
  return { provider: lower(key), model: modelRaw };
}

/** OpenClaw's parseModelRef: `provider/model`, or a bare id with the default provider. */
export function parseModelRef(
  raw: string,
  defaultProvider = OPENCLAW_DEFAULT_PROVIDER,
): ModelRef | undefined {
  const trimmed = raw.trim();
  if (!trimmed) return undefined;
  if (lower(trimmed) === "openrouter:auto") return { provider: "openrouter", model: "auto" };
  const slash = trimmed.indexOf("/");
  if (slash === -1) return { provider: lower(defaultProvider), model: trimmed };
  const provider = trimmed.slice(0, slash).trim();
  const model = trimmed.slice(slash + 1).trim();
  if (!provider || !model) return undefined;
  return { provider: lower(provider), model };
}

function parseWithConfig(config: JsonObject, raw: string): ModelRef | undefined {
  return (
    exactConfiguredProviderRef(config, raw) ??
    (raw.includes("/")
      ? undefined
      : exactConfiguredProviderRef(config, `${OPENCLAW_DEFAULT_PROVIDER}/${raw}`)) ??
    parseModelRef(raw)
  );
}

/** One alias of `agents.defaults.models`, with the ref it points to. */
export interface AliasEntry {
  alias: string;
  key: string;
  ref: ModelRef;
}

/**
 * The effective aliases (OpenClaw's buildModelAliasIndex): entries of `agents.defaults.models` (and of the
 * agent's own `models` map, when given) that own an `alias`; a later entry for the same ref replaces an earlier
 * one, an empty alias disables it, and a later entry wins an alias used twice.
 */
export function aliasIndex(config: JsonObject, agentModels?: JsonValue): Map<string, AliasEntry> {
  const byKey = new Map<string, AliasEntry | null>();
  for (const models of [defaults(config).models, agentModels]) {
    if (!isRecord(models)) continue;
    for (const [keyRaw, entry] of Object.entries(models)) {
      if (/\/\*$/.test(keyRaw.trim()) || !isRecord(entry) || !Object.hasOwn(entry, "alias")) continue;
      const ref = parseWithConfig(config, keyRaw);
      if (!ref) continue;
      const key = modelKey(ref.provider, ref.model);
      const alias = typeof entry.alias === "string" ? entry.alias.trim() : "";
      byKey.delete(key);
      byKey.set(key, alias ? { alias, key, ref } : null);
    }
  }
  const byAlias = new Map<string, AliasEntry>();
  for (const entry of byKey.values()) if (entry) byAlias.set(lower(entry.alias), entry);
  return byAlias;
}

/** Resolves a model string (alias, `provider/model`, `provider/alias`, bare id) like OpenClaw's model picker. */
export function resolveModelString(
  config: JsonObject,
  raw: string,
  aliases: Map<string, AliasEntry> = aliasIndex(config),
): ModelRef | undefined {
  const model = withoutAuthProfile(raw);
  if (!model) return undefined;
  const byAlias = aliases.get(lower(model));
  if (byAlias) return byAlias.ref;
  const slash = model.indexOf("/");
  if (slash > 0) {
    const provider = lower(model.slice(0, slash));
    const alias = lower(model.slice(slash + 1));
    for (const entry of aliases.values()) {
      if (entry.ref.provider === provider && lower(entry.alias) === alias) return entry.ref;
    }
  }
  return parseWithConfig(config, model);
}

/** A bare model id resolves to the one provider that lists it (agents.defaults.models keys, provider catalogs). */
export function inferProviderForBareModel(config: JsonObject, model: string): string | undefined {
  const wanted = model.trim();
  if (!wanted) return undefined;
  const exact = new Set<string>();
  const folded = new Set<string>();
  const add = (provider: string, id: string) => {
    if (id.trim() === wanted) exact.add(lower(provider));
    else if (lower(id) === lower(wanted)) folded.add(lower(provider));
  };
  const models = defaults(config).models;
  if (isRecord(models)) {
    for (const key of Object.keys(models)) {
      const ref = key.trim();
      if (!ref.includes("/") || ref.endsWith("/*")) continue;
      const parsed = parseModelRef(ref);
      if (parsed) add(parsed.provider, parsed.model);
    }
  }
  for (const [provider, entry] of Object.entries(providers(config))) {
    if (!isRecord(entry) || !Array.isArray(entry.models)) continue;
    for (const item of entry.models)
      if (isRecord(item) && typeof item.id === "string") add(provider, item.id);
  }
  const matches = exact.size > 0 ? exact : folded;
  return matches.size === 1 ? [...matches][0] : undefined;
}

/**
 * The model the default agent actually uses (OpenClaw's resolveConfiguredModelRef): the primary through aliases
 * and provider inference; without a primary, the first configured provider's first model, else openai's default.
 */
export function resolveDefaultModel(config: JsonObject): ModelRef {
  const raw = primaryOf(defaults(config).model);
  const aliases = aliasIndex(config);
  if (raw) {
    const byAlias = aliases.get(lower(raw));
    if (byAlias) return byAlias.ref;
    const exact = exactConfiguredProviderRef(config, withoutAuthProfile(raw));
    if (exact) return exact;
    if (!raw.includes("/")) {
      const inferred = inferProviderForBareModel(config, raw);
      if (inferred) return { provider: inferred, model: raw };
    }
    const resolved = resolveModelString(config, raw, aliases);
    if (resolved) return resolved;
  }
  return providerFallback(config) ?? { provider: OPENCLAW_DEFAULT_PROVIDER, model: OPENCLAW_DEFAULT_MODEL };
}

function providerFallback(config: JsonObject): ModelRef | undefined {
  const configured = providers(config);
  const openai = Object.entries(configured).find(([key]) => lower(key) === OPENCLAW_DEFAULT_PROVIDER)?.[1];
  const openaiModels = isRecord(openai) && Array.isArray(openai.models) ? openai.models : [];
  const hasModel = openaiModels.some((m) => isRecord(m) && Boolean(m.id));
  const hasDefault = openaiModels.some((m) => isRecord(m) && m.id === OPENCLAW_DEFAULT_MODEL);
  if (hasModel && hasDefault) return undefined;
  for (const [provider, entry] of Object.entries(configured)) {
    const models = isRecord(entry) && Array.isArray(entry.models) ? entry.models : [];
    const first = models[0];
    if (!isRecord(first) || typeof first.id !== "string" || !first.id) continue;
    const model = models.find((m) => isRecord(m) && typeof m.id === "string" && m.id);
    if (isRecord(model) && typeof model.id === "string")
      return { provider: lower(provider), model: model.id };
  }
  return undefined;
}

/**
 * How OpenClaw normalizes a model ref when it loads the config: trimmed, provider lower-cased (`Local/x` →
 * `local/x`); anything without `provider/` is kept as written.
 */
export function normalizeRefForConfig(value: JsonValue): JsonValue {
  if (typeof value !== "string") return value;
  const trimmed = value.trim();
  const slash = trimmed.indexOf("/");
  if (slash <= 0 || slash >= trimmed.length - 1) return trimmed;
  const provider = trimmed.slice(0, slash).trim();
  const model = trimmed.slice(slash + 1).trim();
  return provider && model ? `${provider.toLowerCase()}/${model}` : trimmed;
}
