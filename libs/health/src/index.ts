/**
 * `@proxykit/health`: is a local HTTP server there, ready and healthy — and who holds its port.
 * Generic for any local server; the Claude-specific checks live in `@proxykit/health/claude`.
 */

/** Raised by `waitUntilReady` when the server did not become ready; carries the last observed state. */
export { NotReadyError, type NotReadyReason } from "./errors.ts";
/** Inspect a TCP port: free, listening, and (Linux) the pid and command line of its listener. */
export {
  describePortInfo,
  formatCommand,
  type InspectPortOptions,
  inspectPort,
  type ListenerUnknownReason,
  type PortInfo,
  type PortListener,
} from "./inspect-port.ts";
/** The model ids a local server lists (`GET /v1/models`, OpenAI- or Anthropic-style); never throws for an expected failure. */
export {
  DEFAULT_LIST_MODELS_TIMEOUT_MS,
  DEFAULT_MODELS_PATH,
  type ListServerModelsOptions,
  listServerModels,
  modelsUrl,
} from "./list-models.ts";
/** Probe a health endpoint once: a typed result, never an exception for an expected failure. */
export { DEFAULT_HEALTH_PATH, DEFAULT_PROBE_TIMEOUT_MS, type ProbeOptions, probe } from "./probe.ts";
/** The result of one probe, its states, and helpers to read it. */
export {
  describeProbeResult,
  type HealthAuth,
  isAnswering,
  PROBE_STATES,
  type ProbeResult,
  type ProbeState,
} from "./probe-result.ts";
/** Poll until ready, fast while nothing listens and gently once the server answers. */
export { DEFAULT_READY_TIMEOUT_MS, type WaitUntilReadyOptions, waitUntilReady } from "./wait-until-ready.ts";
/** Watch liveness on an interval; events only on a state change or a failure threshold. */
export {
  isLivenessFailure,
  type LivenessEvent,
  type LivenessOptions,
  type LivenessWatcher,
  watchLiveness,
} from "./watch-liveness.ts";
