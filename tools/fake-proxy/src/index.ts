/**
 * `@proxykit/fake-proxy`: a simulator of the Meridian Claude proxy (formerly `opencode-claude-max-proxy`)
 * with fault switches, for tests, benchmarks and the demo. Run it as a command (`fakeProxyCommand()`,
 * settings in the environment), as a child process (`spawnFakeProxy`) or in-process (`startFakeProxy`).
 */

/** Anthropic-shaped error bodies (`{"type":"error","error":{"type","message"}}`) by HTTP status. */
export { type AnthropicErrorBody, anthropicError } from "./anthropic-error.ts";
/** The argv that runs the simulator like the real proxy, and the path of its entry file. */
export { CLI_PATH, fakeProxyCommand } from "./command.ts";
/** Reading the env dump (`FAKE_PROXY_ENV_DUMP`): the server process's environment variable names. */
export { readEnvDump } from "./env-dump.ts";
/** A free TCP port on loopback. */
export { getFreePort } from "./free-port.ts";
/** The reply text used when `FAKE_PROXY_REPLY_TEXT` / `replyText` is not set. */
export { DEFAULT_REPLY_TEXT } from "./messages.ts";
/** The list `GET /v1/models` answers. */
export { type ModelListEntry, modelList } from "./models.ts";
/** Settings, and their environment variables in both directions. */
export {
  envFromOptions,
  FAKE_PROXY_ENV,
  type FakeProxyCliOptions,
  type FakeProxyServerOptions,
  optionsFromEnv,
} from "./options.ts";
/** The request log (`FAKE_PROXY_REQUEST_LOG`): one JSON line per request, secrets redacted. */
export { REDACTED, type RequestLogEntry, readRequestLog } from "./request-log.ts";
/** The simulator's command as a function (what `src/cli.ts` runs; another CLI can run it as its own command). */
export {
  type RunFakeProxyCliOptions,
  type RunFakeProxyCliResult,
  runFakeProxyCli,
  type TextSink,
} from "./run-cli.ts";
/** The in-process simulator. */
export { DEFAULT_VERSION, type FakeProxy, startFakeProxy } from "./server.ts";
/** The simulator as a real child process. */
export {
  type FakeProxyAddress,
  FakeProxyExitedError,
  type SpawnedFakeProxy,
  type SpawnFakeProxyOptions,
  spawnFakeProxy,
} from "./spawn.ts";
/** Parsing an SSE stream into events (e.g. a `/v1/messages` answer with `stream: true`). */
export { parseSse, type SseEvent } from "./sse.ts";
