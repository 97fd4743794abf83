/**
 * Claude model ids in their three forms:
 * - wire: what Anthropic's API (and a proxy that forwards to it) accepts: `claude-opus-4-6`,
 *   `claude-3-7-sonnet-20250219`;
 * - dotted: how the seed configuration and people write them: `claude-opus-4.6`, `claude-3.7-sonnet`;
 * - display: a name for menus: `Claude Opus 4.6`.
 *
 * Ids that do not start with `claude-` (`opus`, `sonnet`, another vendor's id) are left as written.
 */

/** Claude model families named in ids. */
export type ClaudeFamily = string;

/** An id taken apart: family, version and whatever follows the version (a date, `-latest`, a suffix). */
export interface ParsedClaudeId {
  /** `opus`, `sonnet`, `haiku`, `fable`, … (lower case). */
  family: ClaudeFamily;
  major: number;
  /** Absent for `claude-opus-5`, `claude-3-opus`. */
  minor?: number;
  /** `3.x` ids put the version before the family (`claude-3-7-sonnet`); later ones after it. */
  style: "version-first" | "family-first";
  /** An 8-digit snapshot date or `latest`, when present. */
  tag?: string;
  /** Anything after version and tag, verbatim (`-thinking`). */
  rest: string;
}

/**
 * Snapshot ids Anthropic lists as the Claude API id of each Claude 3.x model. These models had no
 * dateless id: `claude-3-7-sonnet` alone is not accepted, only the snapshot or the moving
 * `-latest` alias. We map to the snapshot: it is the id Anthropic's Models API returns for the
 * model and it never moves. Sources: https://docs.anthropic.com/en/docs/about-claude/models/overview
 * (legacy models table) and https://platform.claude.com/docs/en/about-claude/model-deprecations
 * (Claude Sonnet 3.7 `claude-3-7-sonnet-20250219`, retired on the Claude API on 2026-02-19; Claude
 * 3.5 Sonnet/Haiku retired in October 2025). A proxy such as Meridian maps any id containing
 * "sonnet" to its current Sonnet, so a retired id still works through it.
 */
export const CLAUDE_3_SNAPSHOTS: Readonly<Record<string, string>> = Object.freeze({
  "claude-3-7-sonnet": "20250219",
  "claude-3-5-sonnet": "20241022",
  "claude-3-5-haiku": "20241022",
  "claude-3-opus": "20240229",
  "claude-3-sonnet": "20240229",
  "claude-3-haiku": "20240307",
});

const LEGACY_DOTTED = /^claude-(?:instant-)?[12](?:[.-]|$)/;
const VERSION_FIRST = /^claude-(\d+)(?:[.-](\d))?-(opus|sonnet|haiku)(?:-(latest|\d{8}))?(?![a-z0-9])(.*)$/;
const FAMILY_FIRST = /^claude-([a-z]+)-(\d+)(?:[.-](\d{1,2})(?![0-9]))?(?:-(latest|\d{8}))?(?![a-z0-9])(.*)$/;

/** Takes a Claude id apart (any case, dotted or dashed); `undefined` for anything else. */
export function parseClaudeModelId(id: string): ParsedClaudeId | undefined {
  const text = id.trim().toLowerCase();
  // Claude 1 and 2 ids (`claude-2.1`, `claude-instant-1.2`) were dotted on the wire too: leave them alone.
  if (LEGACY_DOTTED.test(text)) return undefined;
  const v = VERSION_FIRST.exec(text);
  if (v) {
    const [, major, minor, family, tag, rest] = v;
    return {
      family: family as string,
      major: Number(major),
      ...(minor !== undefined ? { minor: Number(minor) } : {}),
      style: "version-first",
      ...(tag !== undefined ? { tag } : {}),
      rest: rest ?? "",
    };
  }
  const f = FAMILY_FIRST.exec(text);
  if (f) {
    const [, family, major, minor, tag, rest] = f;
    return {
      family: family as string,
      major: Number(major),
      ...(minor !== undefined ? { minor: Number(minor) } : {}),
      style: "family-first",
      ...(tag !== undefined ? { tag } : {}),
      rest: rest ?? "",
    };
  }
  return undefined;
}

function versionPart(parsed: ParsedClaudeId, separator: "-" | "."): string {
  return parsed.minor === undefined ? `${parsed.major}` : `${parsed.major}${separator}${parsed.minor}`;
}

/** The id without tag or suffix, dashed: `claude-opus-4-6`, `claude-3-7-sonnet`. */
export function claudeBaseId(parsed: ParsedClaudeId): string {
  const version = versionPart(parsed, "-");
  return parsed.style === "version-first"
    ? `claude-${version}-${parsed.family}`
    : `claude-${parsed.family}-${version}`;
}

/**
 * The id to send on the wire: `claude-opus-4.6` → `claude-opus-4-6`, `claude-sonnet-4.5` →
 * `claude-sonnet-4-5`, `claude-3.7-sonnet` → `claude-3-7-sonnet-20250219` (see
 * `CLAUDE_3_SNAPSHOTS`). Claude ids are lower-cased; a date or `-latest` tag is kept; other ids are
 * returned trimmed but otherwise untouched. Idempotent.
 */
export function toWireModelId(id: string): string {
  const parsed = parseClaudeModelId(id);
  if (!parsed) return id.trim();
  const base = claudeBaseId(parsed);
  const tag = parsed.tag ?? (parsed.style === "version-first" ? CLAUDE_3_SNAPSHOTS[base] : undefined);
  return `${base}${tag ? `-${tag}` : ""}${parsed.rest}`;
}

/**
 * The dotted form people write (the reverse of `toWireModelId`): `claude-opus-4-6` →
 * `claude-opus-4.6`, `claude-3-7-sonnet-20250219` → `claude-3.7-sonnet` (the snapshot
 * `toWireModelId` picks is dropped; any other date is kept).
 */
export function toDottedModelId(id: string): string {
  const parsed = parseClaudeModelId(id);
  if (!parsed) return id.trim();
  const version = versionPart(parsed, ".");
  const base =
    parsed.style === "version-first"
      ? `claude-${version}-${parsed.family}`
      : `claude-${parsed.family}-${version}`;
  const canonicalSnapshot =
    parsed.style === "version-first" ? CLAUDE_3_SNAPSHOTS[claudeBaseId(parsed)] : undefined;
  const tag = parsed.tag && parsed.tag !== canonicalSnapshot ? `-${parsed.tag}` : "";
  return `${base}${tag}${parsed.rest}`;
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/**
 * A name for menus: `claude-opus-4-6` → `Claude Opus 4.6`, `claude-3-7-sonnet-20250219` →
 * `Claude Sonnet 3.7` (Anthropic's current naming puts the family first). Other ids are returned as
 * written.
 */
export function modelDisplayName(id: string): string {
  const parsed = parseClaudeModelId(id);
  if (!parsed) return id.trim();
  const rest = parsed.rest.replace(/^-/, "").replace(/-/g, " ");
  return [`Claude ${capitalize(parsed.family)} ${versionPart(parsed, ".")}`, rest].filter(Boolean).join(" ");
}
