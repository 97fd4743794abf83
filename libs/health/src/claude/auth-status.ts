/**
 * `claudeAuthStatus()`: is the Claude Code CLI logged in, asked the way the proxy asks it
 * (`claude auth status`), without a model call.
 */
import { performance } from "node:perf_hooks";
import { execa } from "execa";
import { cleanText } from "../interpret-answer.ts";

/** The login state `claude auth status` reported. */
export type ClaudeAuthState =
  /** `loggedIn: true`. */
  | "logged-in"
  /** `loggedIn: false` (exit code 1 on current versions): run `claude login`. */
  | "logged-out"
  /** The command was not found (ENOENT): install Claude Code or set `command`. */
  | "not-installed"
  /** It could not tell: timed out, crashed, or printed something we do not understand. */
  | "error";

/** What {@link claudeAuthStatus} found. Holds no token, ever. */
export interface ClaudeAuthStatus {
  state: ClaudeAuthState;
  loggedIn: boolean;
  /** e.g. `claude.ai`, `api_key`, `none`. */
  authMethod?: string;
  /** e.g. `max`, `pro`. */
  subscriptionType?: string;
  email?: string;
  orgName?: string;
  /** Where an API key came from, when one is in play (e.g. `ANTHROPIC_API_KEY`). */
  apiKeySource?: string;
  /** Exit code of the command, when it ran. */
  exitCode?: number;
  /** Why the state is `not-installed` or `error`, in words with the fix. */
  reason?: string;
  /** The argv that was run. */
  command: string[];
  durationMs: number;
}

/** Options of {@link claudeAuthStatus}. */
export interface ClaudeAuthStatusOptions {
  /** The Claude CLI as an argv prefix (default `["claude"]`); `auth status` is appended. */
  command?: readonly string[] | undefined;
  /** Environment of the command (default `process.env`); `PATH` in it is used to find the command. */
  env?: NodeJS.ProcessEnv | undefined;
  /**
   * Keep `ANTHROPIC_API_KEY`, `ANTHROPIC_AUTH_TOKEN` and `ANTHROPIC_BASE_URL` in the command's environment
   * (default false: they are dropped, as the supervisor drops them from the proxy, so the answer is the
   * one the proxy would get).
   */
  keepAnthropicEnv?: boolean | undefined;
  /** Deadline in ms (default 10 000); the command is killed after it. */
  timeoutMs?: number | undefined;
  /** Aborting kills the command and rejects with `signal.reason`. */
  signal?: AbortSignal | undefined;
}

const DROPPED_ENV = ["ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN", "ANTHROPIC_BASE_URL"];
const TOKEN = /sk-ant-[A-Za-z0-9_-]+/g;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The JSON object in `text`: all of it, or the span from the first `{` to the last `}` (after warnings). */
export function findJsonObject(text: string): Record<string, unknown> | undefined {
  const candidates = [text.trim()];
  const start = text.indexOf("{");
  const end = text.lastIndexOf("}");
  if (start >= 0 && end > start) candidates.push(text.slice(start, end + 1));
  for (const candidate of candidates) {
    try {
      const parsed: unknown = JSON.parse(candidate);
      if (isRecord(parsed)) return parsed;
    } catch {
      // try the next candidate; a parse error message may quote the text, so it is never surfaced
    }
  }
  return undefined;
}

/** One line of a command's stderr, safe to show: no tokens, no control characters, bounded. */
function safeLine(text: string): string | undefined {
  const line = text
    .split("\n")
    .map((l) => l.trim())
    .find((l) => l.length > 0);
  return line ? cleanText(line.replace(TOKEN, "sk-ant-<redacted>")) : undefined;
}

function pickString(source: Record<string, unknown>, key: string): string | undefined {
  const value = source[key];
  return typeof value === "string" && value.length > 0 ? cleanText(value) : undefined;
}

/**
 * Runs `claude auth status` (argv, no shell) and reads its JSON — also when it exits non-zero, as
 * logged-out Claude Code does. Never throws for an expected failure; rejects only when `signal` aborts.
 * Only the fields listed in {@link ClaudeAuthStatus} are kept; tokens never leave this function.
 *
 * @example
 * const status = await claudeAuthStatus();
 * if (status.state === "logged-out") console.log("run `claude login`");
 * if (status.state === "not-installed") console.log(status.reason);
 */
export async function claudeAuthStatus(options: ClaudeAuthStatusOptions = {}): Promise<ClaudeAuthStatus> {
  const prefix = [...(options.command ?? ["claude"])];
  const [file, ...prefixArgs] = prefix;
  if (file === undefined) throw new TypeError('command must name the Claude CLI, e.g. ["claude"]');
  const argv = [...prefix, "auth", "status"];
  const env: NodeJS.ProcessEnv = { ...(options.env ?? process.env) };
  if (!options.keepAnthropicEnv) for (const key of DROPPED_ENV) delete env[key];
  options.signal?.throwIfAborted();

  const timeoutMs = options.timeoutMs ?? 10_000;
  const started = performance.now();
  const result = await execa(file, [...prefixArgs, "auth", "status"], {
    env,
    extendEnv: false,
    reject: false,
    stdin: "ignore",
    timeout: timeoutMs,
    maxBuffer: 1024 * 1024,
    ...(options.signal ? { cancelSignal: options.signal } : {}),
  });
  const durationMs = performance.now() - started;
  if (result.isCanceled && options.signal?.aborted) throw options.signal.reason;

  const base = { command: argv, durationMs };
  if (result.code === "ENOENT") {
    return {
      ...base,
      state: "not-installed",
      loggedIn: false,
      reason: `\`${file}\` was not found on PATH: install Claude Code (npm install -g @anthropic-ai/claude-code) or set the command`,
    };
  }
  if (result.timedOut) {
    return {
      ...base,
      state: "error",
      loggedIn: false,
      reason: `\`${argv.join(" ")}\` did not finish within ${timeoutMs} ms`,
    };
  }
  if (result.exitCode === undefined) {
    const why = result.code ? ` (${result.code})` : result.signal ? ` (killed by ${result.signal})` : "";
    return { ...base, state: "error", loggedIn: false, reason: `\`${argv.join(" ")}\` could not run${why}` };
  }

  const stdout = typeof result.stdout === "string" ? result.stdout : "";
  const stderr = typeof result.stderr === "string" ? result.stderr : "";
  const json = findJsonObject(stdout);
  const exitCode = result.exitCode;
  if (json && typeof json.loggedIn === "boolean") {
    const status: ClaudeAuthStatus = {
      ...base,
      state: json.loggedIn ? "logged-in" : "logged-out",
      loggedIn: json.loggedIn,
      exitCode,
    };
    for (const key of ["authMethod", "subscriptionType", "email", "orgName", "apiKeySource"] as const) {
      const value = pickString(json, key);
      if (value !== undefined) status[key] = value;
    }
    return status;
  }
  if (!json && /\bnot logged in\b/i.test(stdout)) {
    // Text output (`--text`, or versions before JSON became the default).
    return { ...base, state: "logged-out", loggedIn: false, exitCode };
  }
  const detail = safeLine(stderr);
  return {
    ...base,
    state: "error",
    loggedIn: false,
    exitCode,
    reason: `\`${argv.join(" ")}\` exited ${exitCode} without a login status${detail ? `: ${detail}` : ""}`,
  };
}
