/**
 * Why did the child exit? Decided from the spawn error, exit code, signal and the run's own output, so
 * that exits a restart cannot fix are not retried in a tight loop.
 */

/** How an exit is classified. */
export type ExitKind =
  /** The executable does not exist (ENOENT, exit 127, or a launcher saying so). */
  | "not-found"
  /** The executable exists but may not be run (EACCES, exit 126). */
  | "not-executable"
  /** The server could not bind its port. */
  | "port-in-use"
  /** The server needs its user to log in first. */
  | "not-logged-in"
  /** Any other exit: restart. */
  | "crash"
  /** Killed by us after failed liveness probes. */
  | "hung"
  /** Killed by us because it was not ready in time. */
  | "startup-timeout"
  /** Ended by `stop()`. */
  | "stopped";

/** Output patterns used by the classifier; every one can be replaced. */
export interface ExitPatterns {
  portInUse: RegExp;
  notLoggedIn: RegExp;
  notFound: RegExp;
}

/**
 * Defaults. `notLoggedIn` matches e.g. `✗ Not logged in to Claude. Run: claude login` (Meridian) and
 * other servers' "login required" / "please log in"; pass your own for other wording.
 */
export const DEFAULT_EXIT_PATTERNS: Readonly<ExitPatterns> = Object.freeze({
  portInUse:
    /\bEADDRINUSE\b|address already in use|\bport \d+ is (?:already )?in use|port is already in use/i,
  notLoggedIn: /\bnot logged in\b|\blog ?in required\b|\bplease (?:log ?in|sign in)\b/i,
  notFound:
    /command not found|: not found\s*$|could not determine executable to run|\bE404\b|404 Not Found|is not in (?:the|this) registry|Cannot find module/i,
});

export interface ExitFacts {
  /** The spawn error code (ENOENT, EACCES…), when the process never started. */
  spawnErrorCode?: string | undefined;
  exitCode: number | null;
  signal: string | null;
  /** Output lines of this run (both streams), oldest first. */
  lines: readonly string[];
  /** Whether this run became ready before it exited. */
  wasReady: boolean;
}

export interface Classification {
  kind: ExitKind;
  /** The output line that decided it, if any. */
  evidence?: string;
}

function findLine(lines: readonly string[], re: RegExp): string | undefined {
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i] as string;
    re.lastIndex = 0;
    if (re.test(line)) return line;
  }
  return undefined;
}

/** Classifies an exit. Pure: no I/O. */
export function classifyExit(f: ExitFacts, patterns: ExitPatterns = DEFAULT_EXIT_PATTERNS): Classification {
  if (f.spawnErrorCode === "ENOENT") return { kind: "not-found" };
  if (f.spawnErrorCode === "EACCES" || f.spawnErrorCode === "EPERM") return { kind: "not-executable" };
  if (f.spawnErrorCode) return { kind: "crash" };
  // After readiness, only the very last lines count: a request error logged an hour ago ("not logged in")
  // must not turn an unrelated crash into a slow login wait.
  const login = findLine(f.wasReady ? f.lines.slice(-3) : f.lines, patterns.notLoggedIn);
  if (login !== undefined && f.signal === null) return { kind: "not-logged-in", evidence: login };
  if (!f.wasReady && f.signal === null) {
    if (f.exitCode === 127) return { kind: "not-found", ...withEvidence(findLine(f.lines, /./)) };
    if (f.exitCode === 126) return { kind: "not-executable", ...withEvidence(findLine(f.lines, /./)) };
    const port = findLine(f.lines, patterns.portInUse);
    if (port !== undefined) return { kind: "port-in-use", evidence: port };
    if (f.exitCode !== 0) {
      const missing = findLine(f.lines, patterns.notFound);
      if (missing !== undefined) return { kind: "not-found", evidence: missing };
    }
  }
  return { kind: "crash" };
}

function withEvidence(line: string | undefined): { evidence?: string } {
  return line === undefined ? {} : { evidence: line };
}
