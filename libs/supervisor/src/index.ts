/**
 * `@proxykit/supervisor`: keep one long-running local server process alive, correctly — readiness and
 * liveness from injected probes, restarts with backoff and a crash-loop breaker, exit classification,
 * process-group stop that leaves nothing behind, and a pid file that reclaims orphans.
 */

/** Types of the exit classifier. */
export type { Classification, ExitFacts, ExitKind, ExitPatterns } from "./classify.ts";
/** Exit classification: the kinds, the default output patterns, and the pure classifier. */
export { classifyExit, DEFAULT_EXIT_PATTERNS } from "./classify.ts";
/** Variables dropped from the child's environment by default (`ANTHROPIC_API_KEY`, `…_AUTH_TOKEN`, `…_BASE_URL`). */
/** Builds a child environment with the same policy the supervisor applies (for previews and tests). */
export { buildChildEnv, DEFAULT_DROPPED_ENV, expandArgv } from "./env.ts";
/** Codes of {@link SupervisorError}. */
export type { SupervisorErrorCode } from "./errors.ts";
/** The package's error class and its stable codes. */
export { SupervisorError } from "./errors.ts";
/** The pid file's content (JSON) and what `inspectPidFile` makes of it, for tools that want to show it. */
export type { PidFileInspection, PidFileRecord } from "./pid-file.ts";
/**
 * Reads a pid file written by a supervisor (undefined when absent or not a pid file; throws when it cannot
 * be read, e.g. EACCES); `inspectPidFile` checks it against the running processes and never throws. Both are also in `@proxykit/supervisor/pid-file`, which loads no execa.
 */
export { inspectPidFile, readPidFile } from "./pid-file.ts";
/** The default output redaction (bearer tokens, `sk-…` keys, `token=`/`password=` values). */
export { redactSecrets } from "./redact.ts";
/** The restart delay for the n-th quick crash in a row (for documentation and previews). */
export { backoffDelay } from "./restart-policy.ts";
/** The supervisor class and its factory. */
export { createSupervisor, Supervisor } from "./supervisor.ts";
/** Options, probe and port-inspection contracts, status and events. */
export type {
  ExitRecord,
  InspectPort,
  OutputLine,
  PortInspection,
  Probe,
  ProbeOutcome,
  ProbeTarget,
  StateChange,
  SupervisorEvents,
  SupervisorLogger,
  SupervisorOptions,
  SupervisorState,
  SupervisorStatus,
} from "./types.ts";
