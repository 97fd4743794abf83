/**
 * `readClaudeCredentials()`: what Claude Code's credentials file says about the login — expiry,
 * subscription, scopes — without ever returning or printing a token.
 */
import { readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

/** What the credentials file told. */
export type ClaudeCredentialsState =
  /** The file has an OAuth login (`claudeAiOauth`). */
  | "found"
  /** No file at the path (not logged in with this config dir, or another OS). */
  | "missing"
  /** No file, on macOS: Claude Code keeps the login in the Keychain there; ask `claudeAuthStatus()`. */
  | "keychain"
  /** The file exists but is not JSON of the known shape. */
  | "invalid"
  /** The file exists but cannot be read (permissions). */
  | "unreadable";

/** The non-secret facts of Claude Code's credentials file. */
export interface ClaudeCredentials {
  state: ClaudeCredentialsState;
  path: string;
  /** When the access token expires (`claudeAiOauth.expiresAt`, ms since the epoch). */
  expiresAt?: Date;
  /**
   * The access token has expired. Not the same as logged out: with a refresh token, Claude Code renews
   * it on next use. Neither this nor `claude auth status` notices a refresh token revoked server-side.
   */
  expired?: boolean;
  /** Milliseconds until expiry (negative once expired). */
  expiresInMs?: number;
  subscriptionType?: string;
  rateLimitTier?: string;
  scopes?: string[];
  hasAccessToken?: boolean;
  hasRefreshToken?: boolean;
  /** Why the state is not `found`, in words. */
  reason?: string;
}

/** Options of {@link readClaudeCredentials}. */
export interface ReadClaudeCredentialsOptions {
  /** The file (default `$CLAUDE_CONFIG_DIR/.credentials.json`, else `~/.claude/.credentials.json`). */
  path?: string | undefined;
  /** Environment for the default path (default `process.env`). */
  env?: NodeJS.ProcessEnv | undefined;
  /** Clock for `expired`/`expiresInMs` (default `Date.now`). */
  now?: (() => number) | undefined;
  /** Platform to behave as (default `process.platform`). */
  platform?: NodeJS.Platform | undefined;
}

/** The default credentials path for an environment. */
export function defaultClaudeCredentialsPath(env: NodeJS.ProcessEnv = process.env): string {
  const configDir = env.CLAUDE_CONFIG_DIR || path.join(env.HOME || os.homedir(), ".claude");
  return path.join(configDir, ".credentials.json");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Reads the credentials file and returns its expiry, subscription and scopes — never a token.
 * Never throws for a missing, unreadable or malformed file (and never echoes its content: a JSON parse
 * error message would quote it).
 *
 * @example
 * const creds = await readClaudeCredentials();
 * if (creds.state === "found" && creds.expired && !creds.hasRefreshToken) console.log("run `claude login`");
 */
export async function readClaudeCredentials(
  options: ReadClaudeCredentialsOptions = {},
): Promise<ClaudeCredentials> {
  const file = options.path ?? defaultClaudeCredentialsPath(options.env ?? process.env);
  const platform = options.platform ?? process.platform;
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") {
      return platform === "darwin"
        ? {
            state: "keychain",
            path: file,
            reason: "no credentials file: on macOS Claude Code keeps the login in the Keychain",
          }
        : { state: "missing", path: file, reason: "no credentials file: run `claude login`" };
    }
    return {
      state: "unreadable",
      path: file,
      reason: `cannot read the credentials file (${code ?? "error"})`,
    };
  }

  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { state: "invalid", path: file, reason: "the credentials file is not valid JSON" };
  }
  const oauth = isRecord(parsed) ? parsed.claudeAiOauth : undefined;
  if (!isRecord(oauth)) {
    return { state: "invalid", path: file, reason: "the credentials file has no `claudeAiOauth` login" };
  }

  const creds: ClaudeCredentials = {
    state: "found",
    path: file,
    hasAccessToken: typeof oauth.accessToken === "string" && oauth.accessToken.length > 0,
    hasRefreshToken: typeof oauth.refreshToken === "string" && oauth.refreshToken.length > 0,
  };
  if (typeof oauth.expiresAt === "number" && Number.isFinite(oauth.expiresAt)) {
    const now = (options.now ?? Date.now)();
    creds.expiresAt = new Date(oauth.expiresAt);
    creds.expiresInMs = oauth.expiresAt - now;
    creds.expired = creds.expiresInMs <= 0;
  }
  if (typeof oauth.subscriptionType === "string") creds.subscriptionType = oauth.subscriptionType;
  if (typeof oauth.rateLimitTier === "string") creds.rateLimitTier = oauth.rateLimitTier;
  if (Array.isArray(oauth.scopes))
    creds.scopes = oauth.scopes.filter((s): s is string => typeof s === "string");
  return creds;
}
