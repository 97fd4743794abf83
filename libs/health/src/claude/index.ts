/**
 * `@proxykit/health/claude`: Claude-specific checks — is the Claude Code CLI logged in, and what its
 * credentials file says about the login — without a model call and without ever exposing a token.
 */

/** Run `claude auth status` and read its JSON, also on a non-zero exit; `not-installed` on ENOENT. */
export {
  type ClaudeAuthState,
  type ClaudeAuthStatus,
  type ClaudeAuthStatusOptions,
  claudeAuthStatus,
} from "./auth-status.ts";
/** Read `~/.claude/.credentials.json`: expiry, subscription and scopes only, never the tokens. */
export {
  type ClaudeCredentials,
  type ClaudeCredentialsState,
  defaultClaudeCredentialsPath,
  type ReadClaudeCredentialsOptions,
  readClaudeCredentials,
} from "./credentials.ts";
/** A probe that asks `claude auth status` when a proxy says `degraded`: logged out → `unhealthy`. */
export {
  CLAUDE_LOGGED_OUT_REASON,
  type ClaudeLoginCheckOptions,
  type ProbeFunction,
  withClaudeLoginCheck,
} from "./login-aware-probe.ts";
