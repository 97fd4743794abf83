/**
 * `@proxykit/openclaw-e2e`: end-to-end tests against the real, pinned OpenClaw. An isolated home per test,
 * plugin install, a Gateway that is really ready, agent turns, the Gateway's logs and process tree, and a
 * cleanup that kills every process it started.
 */

/** A free TCP port on loopback. */
export { getFreePort } from "@proxykit/fake-proxy";
/** Parsing `openclaw agent --json` output, through the Gateway (`result`) or `--local` (top level). */
export {
  type AgentJsonReply,
  type AgentTurnJson,
  agentTurnOf,
  parseAgentJson,
  replyAgentMeta,
  replyText,
} from "./agent-reply.ts";
/** Reading and writing OpenClaw's JSON5 config files. */
export { type OpenClawConfig, readJson5File, writeJsonFile } from "./config-file.ts";
/** The harness's errors (`code`: OPENCLAW_NOT_INSTALLED, COMMAND_FAILED, COMMAND_TIMEOUT, …). */
export { E2EError, type E2EErrorCode } from "./errors.ts";
/** A running Gateway: logs, readiness time, descendants, stop/kill. */
export { Gateway, type GatewayStopResult } from "./gateway.ts";
/** The isolated home: config, `openclaw` commands, plugins, Gateway, agent turns, cleanup. */
export {
  type AgentTurnOptions,
  type AgentTurnResult,
  type CleanupReport,
  type CreateOpenClawHomeOptions,
  cleanupAll,
  createOpenClawHome,
  type InstallPluginOptions,
  OpenClawHome,
  type OpenClawRunOptions,
  type StartGatewayOptions,
} from "./home.ts";
/** The environment OpenClaw processes get: isolated, offline switches, the home marker. */
export { buildIsolatedEnv, HOME_MARKER_ENV, OFFLINE_ENV } from "./isolated-env.ts";
/** JSON Merge Patch (RFC 7396), OpenClaw's config-patch rule. */
export { applyMergePatch } from "./merge-patch.ts";
/** The minimal headless Gateway config. */
export { type MinimalConfigOptions, minimalConfig } from "./minimal-config.ts";
/** Where the pinned OpenClaw is and how to run it. */
export { openclawBin, openclawCommand, openclawPackageDir, PINNED_OPENCLAW_VERSION } from "./openclaw-bin.ts";
/** Linux process-tree helpers (read from /proc): descendants, env-marked processes, liveness, kill. */
export {
  descendantsOf,
  isAlive,
  type KillReport,
  killProcesses,
  listProcesses,
  type ProcessInfo,
  type ProcessRef,
  processesWithEnv,
  readProcess,
  waitForExit,
} from "./process-tree.ts";
/** Running a command to completion in its own process group (killed with its tree on timeout), and its outcome. */
export { type CommandResult, type RunCommandOptions, runCommand } from "./run-command.ts";
/** The demo/smoke path (`runSmoke`), run by `smoke-main.ts` and the smoke e2e test. */
export {
  handWrittenProviderPatch,
  runSmoke,
  SMOKE_MODEL_ID,
  SMOKE_PROVIDER_ID,
  SMOKE_REPLY_TEXT,
  type SmokeOptions,
  type SmokeReport,
  type SmokeStep,
} from "./smoke.ts";
