import { isRecord, type JsonObject, type JsonValue } from "./json.ts";
import {
  aliasIndex,
  fallbacksOf,
  modelKey,
  normalizeRefForConfig,
  primaryOf,
  resolveDefaultModel,
} from "./model-refs.ts";

/** What `openclaw models status` shows about model selection, computed from a config object alone. */
export interface ModelsStatusView {
  /** The configured primary as written, or the resolved default when none is configured. */
  defaultModel: string;
  /** The `provider/model` the default agent actually uses. */
  resolvedDefault: string;
  /** Configured fallbacks, in order, as written. */
  fallbacks: JsonValue[];
  /** The image model as written, or null. */
  imageModel: string | null;
  imageFallbacks: JsonValue[];
  /** alias → `provider/model`. */
  aliases: Record<string, string>;
  /** The same, as the plain-text lines `openclaw models status` prints (Default, Fallbacks, Image…, Aliases). */
  lines: string[];
}

/**
 * A `models status`-style view of a config: default, fallbacks, image model, aliases — the fields and lines
 * `openclaw models status [--json]` prints for the same file (OpenClaw 2026.9.6, default agent). It reads the
 * config only: no auth store, no plugin catalog (refs of providers whose plugins rewrite model ids may differ).
 */
export function modelsStatusView(config: JsonObject): ModelsStatusView {
  const agents = isRecord(config.agents) ? config.agents : {};
  const defaults = isRecord(agents.defaults) ? agents.defaults : {};
  const resolved = resolveDefaultModel(config);
  const resolvedDefault = modelKey(resolved.provider, resolved.model);
  // OpenClaw normalizes model refs as it loads the config (provider lower-cased); it shows them that way.
  const raw = String(normalizeRefForConfig(primaryOf(defaults.model) ?? ""));
  const fallbacks = fallbacksOf(defaults.model).map(normalizeRefForConfig);
  const image = primaryOf(defaults.imageModel);
  const imageModel = image === undefined ? null : String(normalizeRefForConfig(image));
  const imageFallbacks = fallbacksOf(defaults.imageModel).map(normalizeRefForConfig);
  const aliases = Object.fromEntries(
    [...aliasIndex(config).values()].map((entry) => [
      entry.alias,
      modelKey(entry.ref.provider, entry.ref.model),
    ]),
  );
  const label = (text: string) => text.padEnd(14);
  const list = (items: JsonValue[]) => (items.length ? items.map(String).join(", ") : "-");
  const aliasText = Object.entries(aliases)
    .map(([alias, target]) => `${alias} -> ${target}`)
    .join(", ");
  const lines = [
    `${label("Default")}: ${raw && raw !== resolvedDefault ? `${resolvedDefault} (from ${raw})` : resolvedDefault}`,
    `${label(`Fallbacks (${fallbacks.length})`)}: ${list(fallbacks)}`,
    `${label("Image model")}: ${imageModel ?? "-"}`,
    `${label(`Image fallbacks (${imageFallbacks.length})`)}: ${list(imageFallbacks)}`,
    `${label(`Aliases (${Object.keys(aliases).length})`)}: ${aliasText || "-"}`,
  ];
  return {
    defaultModel: raw || resolvedDefault,
    resolvedDefault,
    fallbacks,
    imageModel,
    imageFallbacks,
    aliases,
    lines,
  };
}
