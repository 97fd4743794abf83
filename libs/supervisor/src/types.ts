/** Public types of the supervisor: options, probes, status and events. */
import type { ExitKind, ExitPatterns } from "./classify.ts";
import type { SupervisorErrorCode } from "./errors.ts";

/**
 * The supervisor's states.
 * - `stopped`: nothing running (initial, and after `stop()`).
 * - `starting`: spawned (or reclaiming an orphan / checking the port), waiting for the first healthy probe.
 * - `ready`: healthy; liveness is probed on an interval.
 * - `unhealthy`: a liveness probe failed; back to `ready` on the next success, restarted after N failures.
 * - `restarting`: the child exited or was killed; waiting out the backoff delay.
 * - `needs-login`: the server says its user is not logged in; retried slowly, and at once when the
 *   watched credentials file changes.
 * - `adopted`: a healthy server we did not start holds the port; watched, never killed.
 * - `failed`: a restart cannot fix it (command not found, port held by a foreign process, crash loop);
 *   `start()` tries again.
 * - `stopping`: `stop()` is terminating the process group.
 */
export type SupervisorState =
  | "stopped"
  | "starting"
  | "ready"
  | "unhealthy"
  | "restarting"
  | "needs-login"
  | "adopted"
  | "failed"
  | "stopping";

/** Where the probe should look. */
export interface ProbeTarget {
  host: string;
  /** Undefined when the supervisor was given no port. */
  port: number | undefined;
  /** Aborted when the probe is no longer wanted or took longer than `timeoutMs`. */
  signal: AbortSignal;
  timeoutMs: number;
}

/**
 * A probe's answer. `state` is compared with `healthyStates` (default `healthy`, `degraded` and `ok`);
 * the shape matches `@proxykit/health`'s `ProbeResult`, so its `probe()` can be passed through directly.
 */
export interface ProbeOutcome {
  state: string;
  reason?: string | undefined;
  /** `loggedIn: false` means: the server runs but its user must log in (→ `needs-login`, no restart). */
  auth?: { loggedIn: boolean } | undefined;
}

/** Readiness and liveness check, injected (e.g. an HTTP GET of `/health`). `true` means healthy. */
export type Probe = (target: ProbeTarget) => Promise<ProbeOutcome | boolean>;

/** Who listens on a port; the shape of `@proxykit/health`'s `inspectPort`. */
export interface PortInspection {
  free: boolean;
  /** The process holding the port; `command` as argv or as one string. */
  listener?: { pid: number; command: string | readonly string[] } | undefined;
}

/** Injected port-ownership lookup (e.g. `@proxykit/health`'s `inspectPort`). */
export type InspectPort = (host: string, port: number) => Promise<PortInspection>;

/** Where the supervisor writes its own lines. Child output goes to `info` with a `[name]` prefix. */
export interface SupervisorLogger {
  debug?(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface SupervisorOptions {
  /** Argv, never a shell string. `{host}` and `{port}` are replaced in every argument. */
  command: readonly string[];
  /** Name used in log lines and messages (default: the executable's base name). */
  name?: string;
  /** Default "127.0.0.1". */
  host?: string;
  /** The port the server listens on. Without it there is no port check, adoption or port-free wait. */
  port?: number;
  /** Working directory of the child (default: inherited). Missing → `failed` with `CWD_NOT_FOUND`. */
  cwd?: string;

  /** Environment to start from (default `process.env`). */
  baseEnv?: Readonly<Record<string, string | undefined>>;
  /** Removed from `baseEnv` (default {@link DEFAULT_DROPPED_ENV}; pass `[]` to keep everything). */
  dropEnv?: readonly string[];
  /** Variables set to the host (e.g. `["CLAUDE_PROXY_HOST", "MERIDIAN_HOST"]`). */
  hostEnv?: readonly string[];
  /** Variables set to the port (e.g. `["CLAUDE_PROXY_PORT", "MERIDIAN_PORT"]`). */
  portEnv?: readonly string[];
  /** Extra variables, applied last (`undefined` removes one). */
  env?: Readonly<Record<string, string | undefined>>;

  /**
   * Readiness and liveness probe. Default: a TCP connect to host:port (none without a port); with
   * `readyPattern`, that default watches liveness only.
   */
  probe?: Probe;
  /** Probe states that count as healthy (default `["healthy", "degraded", "ok"]`). */
  healthyStates?: readonly string[];
  /** Names who holds the port when it is taken. Without it, messages cannot name the process. */
  inspectPort?: InspectPort;
  /**
   * Without an explicit `probe`: a line of output that means ready, also when `port` is set (then the
   * default TCP probe watches liveness once ready). Ignored when `probe` is given. Without a probe, a
   * pattern or a port: ready once spawned.
   */
  readyPattern?: RegExp;

  /** Give up waiting for readiness after this long, kill and count a crash (default 30 000). */
  startupTimeoutMs?: number;
  /** Per-probe timeout (default 2 000). */
  probeTimeoutMs?: number;
  /** Liveness probe interval once ready; 0 disables liveness probing (default 5 000). */
  livenessIntervalMs?: number;
  /** Consecutive failed liveness probes that restart the child (default 3). */
  livenessFailureThreshold?: number;

  /** Restart after a crash (default true). When false, a crash ends in `failed`. */
  autoRestart?: boolean;
  /** Delay before the first restart (default 1 000). */
  restartDelayMs?: number;
  /** Backoff cap (default 30 000). */
  maxRestartDelayMs?: number;
  /** Backoff growth per quick crash (default 2). */
  backoffFactor?: number;
  /** Ready this long → the backoff resets (default 30 000). */
  stableAfterMs?: number;
  /** Crash-loop breaker: this many crashes… (default 5) */
  maxCrashes?: number;
  /** …within this window → `failed` (default 60 000). */
  crashWindowMs?: number;

  /** Grace between TERM and KILL (default 5 000). */
  stopTimeoutMs?: number;

  /** Retry interval while `needs-login` (default 60 000). */
  loginRetryMs?: number;
  /** A file whose change (creation, rewrite) triggers an immediate retry while `needs-login`. */
  credentialsFile?: string;
  /** Appended to the `needs-login` reason, e.g. "run: claude login". */
  loginHint?: string;

  /** Replace any of the exit classifier's output patterns. */
  patterns?: Partial<ExitPatterns>;

  /** Where to keep the pid file. Without it, orphans of a killed parent cannot be reclaimed. */
  pidFile?: string;
  /** Name of the marker variable put in the child's environment (default "PROXYKIT_SUPERVISED_BY"). */
  markerEnv?: string;
  /** Recent output lines kept for `status()` and error messages (default 200). */
  outputLines?: number;
  logger?: SupervisorLogger;
  /**
   * Applied to every output line before it is logged or kept, and to every command line a log line or a
   * reason shows (the child's argv, the port's holder) (default: masks common token shapes).
   */
  redact?: (line: string) => string;
  /**
   * Send TERM to the child's group from a `process.on("exit")` hook when this process exits without
   * `stop()` (default true). That hook runs on a normal exit, `process.exit()` and an uncaught error, not
   * when an unhandled SIGTERM/SIGINT/SIGHUP (or SIGKILL) ends the process: a host that wants clean-up then
   * handles those signals and calls `stop()`; otherwise the next `start()` on the same `pidFile` reclaims
   * the child left behind.
   */
  killOnParentExit?: boolean;
}

/** A line of the child's output. */
export interface OutputLine {
  stream: "stdout" | "stderr";
  text: string;
  /** `Date.now()` when read. */
  at: number;
}

/** How a run ended. */
export interface ExitRecord {
  pid: number | undefined;
  exitCode: number | null;
  signal: string | null;
  kind: ExitKind;
  /** A sentence for people: what happened and, when we know, what to do. */
  reason: string;
  at: number;
  uptimeMs: number;
}

export interface SupervisorStatus {
  state: SupervisorState;
  /** Why we are in this state, for people. */
  reason: string | undefined;
  /** `Date.now()` of the last state change. */
  since: number;
  name: string;
  command: string[];
  host: string;
  port: number | undefined;
  /** The child we run (undefined when none, e.g. `adopted`). */
  pid: number | undefined;
  pgid: number | undefined;
  startedAt: number | undefined;
  readyAt: number | undefined;
  uptimeMs: number | undefined;
  /** Spawns after the first one, since `start()`. */
  restarts: number;
  /** Crashes inside the crash-loop window. */
  crashesInWindow: number;
  /** When the next start happens (`restarting`, `needs-login`). */
  nextAttemptAt: number | undefined;
  lastExit: ExitRecord | undefined;
  lastError: string | undefined;
  /**
   * In `failed`: why, as a stable code (`COMMAND_NOT_FOUND`, `COMMAND_NOT_EXECUTABLE`, `CWD_NOT_FOUND`,
   * `PORT_IN_USE`, `ALREADY_SUPERVISED`, `CRASH_LOOP`, `NOT_RESTARTED`, `INTERNAL`), so callers can
   * explain it without parsing `reason`. In `stopped`: `STOP_INCOMPLETE` when `stop()` resolved although
   * a process survived SIGKILL or the port stayed taken (`reason` and `lastError` say which).
   * Undefined in every other case.
   */
  failureCode: SupervisorErrorCode | undefined;
  /**
   * The healthy server we watch in `adopted`; `supervisedBy` when the pid file says another live
   * supervisor runs it (e.g. a Gateway, while this is a CLI's `run`).
   */
  adopted: { pid?: number; command?: string; supervisedBy?: { pid: number; command?: string } } | undefined;
  /** The most recent output lines, oldest first. */
  output: OutputLine[];
}

/** Emitted on every state change. */
export interface StateChange {
  state: SupervisorState;
  previous: SupervisorState;
  reason: string | undefined;
  at: number;
  /**
   * Set on a change to `failed` (the stable code of the failure), and to `stopped` with `STOP_INCOMPLETE`
   * (see `SupervisorStatus.failureCode`).
   */
  code?: SupervisorErrorCode;
}

/** The supervisor's events. */
export interface SupervisorEvents {
  state: [change: StateChange];
  output: [line: OutputLine];
  exit: [exit: ExitRecord];
}
