/**
 * @proxykit/openclaw-config — read and change `openclaw.json` safely, the way OpenClaw itself would.
 * @packageDocumentation
 */

/** Fail-closed audit of a config. */
export {
  type AuditOptions,
  auditFailClosed,
  type Finding,
  type FindingCode,
  type FindingSeverity,
} from "./audit.ts";
/** The setup patch shaped for a provider auth method's result (OpenClaw's auth merge deletes with undefined). */
export { toAuthConfigPatch } from "./auth-patch.ts";
/** Path of a backup in OpenClaw's `.bak` ring. */
export { backupPath } from "./backup.ts";
/** Errors: one class with stable codes, and its parse-error subclass. */
export { ConfigParseError, OpenClawConfigError, type OpenClawConfigErrorCode } from "./errors.ts";
/** JSON helpers and types. */
export { isRecord, type JsonObject, type JsonValue, jsonEqual } from "./json.ts";
/** Locate the config file exactly as OpenClaw does (env vars, profiles, legacy names). */
export {
  type ConfigLocation,
  type ConfigLocationSource,
  type LocateOptions,
  locateConfigFile,
} from "./locate.ts";
/** The inter-process lock shared with OpenClaw's own config writers. */
export { acquireConfigLock, type ConfigLock, type LockOptions, withConfigLock } from "./lock.ts";
/** OpenClaw's merge rules for config patches. */
export { applyMergePatch, type ConfigPatch, type ConfigPatchValue, type MergeOptions } from "./merge.ts";
/** How OpenClaw resolves model strings to provider/model refs. */
export {
  type ModelRef,
  modelKey,
  resolveDefaultModel,
  resolveModelString,
} from "./model-refs.ts";
/** A `models status`-style view (default, fallbacks, aliases) matching OpenClaw's. */
export { type ModelsStatusView, modelsStatusView } from "./models-status.ts";
/** Read and parse a config file (JSON5), with precise parse errors. */
export { type ConfigFile, parseConfigText, type ReadOptions, readConfigFile } from "./read.ts";
/** The ONE setup patch (plugin auth flow and CLI), and a helper that writes it into a file. */
export {
  applyProxySetup,
  buildProxySetupPatch,
  PROXY_MODEL_ALIAS,
  PROXY_PROVIDER_ID,
  type ProxySetupInput,
  proxySetupReplacePaths,
} from "./setup-patch.ts";
/** Apply a patch to a file: locked, atomic, backed up, comments kept. */
export { type PatchInput, type UpdateOptions, type UpdateResult, updateConfigFile } from "./update.ts";
