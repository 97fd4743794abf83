import {
  claudeBaseId,
  modelDisplayName,
  type ParsedClaudeId,
  parseClaudeModelId,
  toWireModelId,
} from "./model-ids.ts";

/** Input modalities as OpenClaw's model entries name them. */
export type ModelInput = "text" | "image";

/** What the provider entry needs to know about a model. */
export interface ModelMetadata {
  /** The id asked about, trimmed. */
  id: string;
  /** The id for the wire (`toWireModelId`). */
  wireId: string;
  /** A name for menus (`modelDisplayName`). */
  displayName: string;
  /** Context window in tokens. */
  contextWindow: number;
  /** Maximum output tokens (OpenClaw sends this as `max_tokens`). */
  maxTokens: number;
  /** Input modalities: `["text", "image"]` for vision models. */
  input: ModelInput[];
  /** Supports extended/adaptive thinking. */
  reasoning: boolean;
  /**
   * Where the numbers come from: `table` (a known model), `inferred` (an unknown version of a known
   * family: the closest older known version of that family), `default` (nothing known: safe defaults).
   */
  basis: "table" | "inferred" | "default";
  /** The table entry used when `basis` is `inferred`. */
  inferredFrom?: string;
}

interface Limits {
  contextWindow: number;
  maxTokens: number;
  image: boolean;
  reasoning: boolean;
}

const K = 1000;
const M = 1_000_000;

/**
 * Known Claude models, keyed by dashed id without date (`claude-opus-4-6`; `claude-opus-4` also
 * covers `claude-opus-4-0` and `claude-opus-4-20250514`).
 *
 * Sources:
 * - [OC-CLI] openclaw@2026.9.6 `dist/extensions/anthropic/openclaw.plugin.json`,
 *   `modelCatalog.providers["claude-cli"]`: what OpenClaw itself assumes for these models when they are
 *   served through a Claude Code login, which is what this proxy does. Preferred over the API row
 *   where both exist (e.g. Opus 4.8: 200K through Claude Code, 1M on the API).
 * - [OC-API] the same file, `modelCatalog.providers.anthropic` (Claude API values).
 * - [A] Anthropic model pages, https://platform.claude.com/docs/en/models/<model>/overview and the
 *   legacy table of https://docs.anthropic.com/en/docs/about-claude/models/overview (context window,
 *   max output, extended thinking, vision).
 */
export const KNOWN_MODELS: Readonly<Record<string, Readonly<Limits>>> = Object.freeze({
  // Claude 5 generation: 1M context, 128K output, adaptive thinking, vision. [OC-CLI] / [OC-API]
  "claude-fable-5-1": { contextWindow: M, maxTokens: 128 * K, image: true, reasoning: true },
  "claude-fable-5": { contextWindow: M, maxTokens: 128 * K, image: true, reasoning: true },
  "claude-mythos-5": { contextWindow: M, maxTokens: 128 * K, image: true, reasoning: true }, // [OC-API]
  "claude-opus-5-5": { contextWindow: M, maxTokens: 128 * K, image: true, reasoning: true },
  "claude-opus-5": { contextWindow: M, maxTokens: 128 * K, image: true, reasoning: true },
  "claude-sonnet-5": { contextWindow: M, maxTokens: 128 * K, image: true, reasoning: true },
  // Claude 4.6–4.8: 200K through Claude Code (1M only on request), 128K output. [OC-CLI]
  "claude-opus-4-8": { contextWindow: 200 * K, maxTokens: 128 * K, image: true, reasoning: true },
  "claude-opus-4-7": { contextWindow: 200 * K, maxTokens: 128 * K, image: true, reasoning: true },
  "claude-opus-4-6": { contextWindow: 200 * K, maxTokens: 128 * K, image: true, reasoning: true },
  "claude-sonnet-4-6": { contextWindow: 200 * K, maxTokens: 128 * K, image: true, reasoning: true },
  // Haiku 4.5: 200K, 64K output, extended thinking. [OC-API], [A]
  "claude-haiku-4-5": { contextWindow: 200 * K, maxTokens: 64 * K, image: true, reasoning: true },
  // Claude 4.0–4.5. [A]: Sonnet 4.5 200K/64K, Opus 4.5 200K/64K, Opus 4.1 and 4 200K/32K, Sonnet 4 200K/64K.
  "claude-opus-4-5": { contextWindow: 200 * K, maxTokens: 64 * K, image: true, reasoning: true },
  "claude-sonnet-4-5": { contextWindow: 200 * K, maxTokens: 64 * K, image: true, reasoning: true },
  "claude-opus-4-1": { contextWindow: 200 * K, maxTokens: 32 * K, image: true, reasoning: true },
  "claude-opus-4": { contextWindow: 200 * K, maxTokens: 32 * K, image: true, reasoning: true },
  "claude-sonnet-4": { contextWindow: 200 * K, maxTokens: 64 * K, image: true, reasoning: true },
  // Claude 3.x. [A]: Sonnet 3.7 200K/64K with extended thinking; 3.5 Sonnet 200K/8192; 3.5 Haiku
  // 200K/8192 (launched text-only: image input left off to stay safe); Claude 3 Opus/Haiku 200K/4096.
  "claude-3-7-sonnet": { contextWindow: 200 * K, maxTokens: 64 * K, image: true, reasoning: true },
  "claude-3-5-sonnet": { contextWindow: 200 * K, maxTokens: 8192, image: true, reasoning: false },
  "claude-3-5-haiku": { contextWindow: 200 * K, maxTokens: 8192, image: false, reasoning: false },
  "claude-3-opus": { contextWindow: 200 * K, maxTokens: 4096, image: true, reasoning: false },
  "claude-3-haiku": { contextWindow: 200 * K, maxTokens: 4096, image: true, reasoning: false },
});

/**
 * Used when nothing is known about an id: the smallest context window and an output cap every
 * current Claude model accepts, no thinking controls, images only for ids that name a Claude family.
 */
export const UNKNOWN_MODEL_DEFAULTS: Readonly<Limits> = Object.freeze({
  contextWindow: 200 * K,
  maxTokens: 8192,
  image: false,
  reasoning: false,
});

/** The table key of a parsed id: dashed, no date; a `.0` minor is the same model as no minor. */
function tableKey(parsed: ParsedClaudeId): string {
  const { minor, ...withoutMinor } = parsed;
  return claudeBaseId(minor === 0 ? withoutMinor : parsed);
}

function versionOf(key: string): { family: string; style: string; version: number } | undefined {
  const parsed = parseClaudeModelId(key);
  if (!parsed) return undefined;
  return { family: parsed.family, style: parsed.style, version: parsed.major * 100 + (parsed.minor ?? 0) };
}

/** The closest known model of the same family at or below this version. */
function inferFrom(parsed: ParsedClaudeId): string | undefined {
  const target = parsed.major * 100 + (parsed.minor ?? 0);
  let best: { key: string; version: number } | undefined;
  for (const key of Object.keys(KNOWN_MODELS)) {
    const known = versionOf(key);
    if (!known || known.family !== parsed.family || known.version > target) continue;
    if (!best || known.version > best.version) best = { key, version: known.version };
  }
  return best?.key;
}

const CLAUDE_FAMILY_WORD = /opus|sonnet|haiku|fable|mythos|claude/i;

/**
 * Context window, output cap, image input and reasoning for a model id in any form (dotted, dashed,
 * dated). Unknown versions of a known family take the closest older known version's numbers;
 * anything else gets `UNKNOWN_MODEL_DEFAULTS`.
 */
export function modelMetadata(id: string): ModelMetadata {
  const trimmed = id.trim();
  const base = { id: trimmed, wireId: toWireModelId(trimmed), displayName: modelDisplayName(trimmed) };
  const parsed = parseClaudeModelId(trimmed);
  let limits: Limits | undefined;
  let basis: ModelMetadata["basis"] = "default";
  let inferredFrom: string | undefined;
  if (parsed) {
    const key = tableKey(parsed);
    limits = KNOWN_MODELS[key];
    if (limits) basis = "table";
    else {
      inferredFrom = inferFrom(parsed);
      if (inferredFrom) {
        limits = KNOWN_MODELS[inferredFrom];
        basis = "inferred";
      }
    }
  }
  const chosen = limits ?? { ...UNKNOWN_MODEL_DEFAULTS, image: CLAUDE_FAMILY_WORD.test(trimmed) };
  return {
    ...base,
    contextWindow: chosen.contextWindow,
    maxTokens: chosen.maxTokens,
    input: chosen.image ? ["text", "image"] : ["text"],
    reasoning: chosen.reasoning,
    basis,
    ...(inferredFrom ? { inferredFrom } : {}),
  };
}
