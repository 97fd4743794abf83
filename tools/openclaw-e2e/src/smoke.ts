import { type RequestLogEntry, type SpawnedFakeProxy, spawnFakeProxy } from "@proxykit/fake-proxy";
import type { OpenClawConfig } from "./config-file.ts";
import type { Gateway } from "./gateway.ts";
import { createOpenClawHome, type OpenClawHome } from "./home.ts";
import type { ProcessInfo } from "./process-tree.ts";

/** Provider id of the hand-written `models.providers` entry the smoke path uses. */
export const SMOKE_PROVIDER_ID = "smoke-proxy";
/** Model id the smoke path asks for (a wire id, as the proxy receives it). */
export const SMOKE_MODEL_ID = "claude-sonnet-4-5";
/** Reply text the smoke path tells the simulator to answer with. */
export const SMOKE_REPLY_TEXT = "PONG from the proxy simulator";

/** Options of `runSmoke`. */
export interface SmokeOptions {
  /** Receives one line per step (`✓ name (1.2 s)` / `✗ name (1.2 s): reason`). Default: nothing. */
  log?: (line: string) => void;
  /** Keep the temp home for inspection (processes are still stopped). */
  keepHome?: boolean;
}

/** One step of the smoke path. */
export interface SmokeStep {
  name: string;
  ok: boolean;
  durationMs: number;
  /** What it found (`ready on port 43121`) or, when it failed, why. */
  detail: string;
}

/** Everything the smoke path saw, for assertions and for the demo's summary. */
export interface SmokeReport {
  ok: boolean;
  steps: SmokeStep[];
  /** Spawn → `/readyz` 200. */
  gatewayReadyMs?: number;
  /** One `openclaw agent … --json` call, spawn to exit. */
  agentTurnMs?: number;
  agentExitCode?: number | null;
  /** The agent's reply text. */
  reply?: string;
  /** Every request the simulator received. */
  requests: RequestLogEntry[];
  /** Processes of the home still alive right after the Gateway stopped (should be none). */
  leftAfterStop?: ProcessInfo[];
  /** The temp home (removed unless `keepHome`). */
  homeDir?: string;
  /** The first failure. */
  error?: Error;
}

/**
 * A hand-written `models.providers` entry (api `anthropic-messages`) for a proxy at `baseUrl`, made the
 * default model with no fallbacks: what the plugin's auth flow will write, without the plugin.
 */
export function handWrittenProviderPatch(options: {
  providerId: string;
  baseUrl: string;
  modelId: string;
}): OpenClawConfig {
  return {
    models: {
      providers: {
        [options.providerId]: {
          baseUrl: options.baseUrl,
          // A placeholder: the proxy owns the real credentials (a value with "sk-ant-oat" would switch the
          // transport to Claude-Code OAuth headers).
          apiKey: "proxy-managed",
          api: "anthropic-messages",
          models: [
            {
              id: options.modelId,
              name: `${options.modelId} (through the proxy)`,
              reasoning: false,
              input: ["text"],
              cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
              contextWindow: 200_000,
              maxTokens: 8_192,
            },
          ],
        },
      },
    },
    agents: {
      defaults: { model: { primary: `${options.providerId}/${options.modelId}`, fallbacks: [] } },
    },
  };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * The smoke path, end to end with real processes: the proxy simulator, an isolated home with a hand-written
 * provider entry as the default model, the real Gateway, one `openclaw agent --json` turn, the simulator's
 * request log, a Gateway stop that leaves nothing behind, cleanup. Never throws: the report says what
 * failed, and every process is stopped either way.
 */
export async function runSmoke(options: SmokeOptions = {}): Promise<SmokeReport> {
  const log = options.log ?? (() => {});
  const report: SmokeReport = { ok: false, steps: [], requests: [] };
  let simulator: SpawnedFakeProxy | undefined;
  let home: OpenClawHome | undefined;
  let gateway: Gateway | undefined;

  const step = async (name: string, run: () => Promise<string>): Promise<void> => {
    const started = Date.now();
    try {
      const detail = await run();
      const durationMs = Date.now() - started;
      report.steps.push({ name, ok: true, durationMs, detail });
      log(`✓ ${name} (${seconds(durationMs)})${detail ? `: ${detail}` : ""}`);
    } catch (error) {
      const durationMs = Date.now() - started;
      const failure = error instanceof Error ? error : new Error(String(error));
      report.steps.push({ name, ok: false, durationMs, detail: failure.message });
      log(`✗ ${name} (${seconds(durationMs)}): ${failure.message}`);
      throw failure;
    }
  };

  // If the process exits mid-way (a second Ctrl-C), the homes' exit hook kills OpenClaw; this kills the simulator.
  const killSimulator = () => simulator?.kill("SIGKILL");
  process.once("exit", killSimulator);
  try {
    await step("start the proxy simulator", async () => {
      simulator = spawnFakeProxy({ port: 0, replyText: SMOKE_REPLY_TEXT });
      const address = await simulator.ready;
      return `${address.url} (pid ${simulator.pid})`;
    });
    await step("create an isolated OpenClaw home", async () => {
      home = await createOpenClawHome({ keep: options.keepHome });
      report.homeDir = home.dir;
      home.mergeConfig(
        handWrittenProviderPatch({
          providerId: SMOKE_PROVIDER_ID,
          baseUrl: (simulator as SpawnedFakeProxy).url,
          modelId: SMOKE_MODEL_ID,
        }),
      );
      return `${home.dir}, default model ${SMOKE_PROVIDER_ID}/${SMOKE_MODEL_ID}`;
    });
    await step("start the OpenClaw Gateway", async () => {
      gateway = await (home as OpenClawHome).startGateway();
      report.gatewayReadyMs = gateway.readyMs;
      return `ready on port ${gateway.port} after ${seconds(gateway.readyMs ?? 0)}`;
    });
    await step("send one agent turn through the Gateway", async () => {
      const turn = await (home as OpenClawHome).agentTurn("Say PONG");
      report.agentTurnMs = turn.durationMs;
      report.agentExitCode = turn.exitCode;
      report.reply = turn.text;
      if (turn.exitCode !== 0) {
        throw new Error(
          `openclaw agent exited with code ${turn.exitCode}: ${turn.stderr.trim().slice(-500)}`,
        );
      }
      if (!turn.text?.includes(SMOKE_REPLY_TEXT)) {
        throw new Error(`the reply does not contain the simulator's text: ${JSON.stringify(turn.text)}`);
      }
      return `"${turn.text}"`;
    });
    await step("check the simulator's request log", async () => {
      report.requests = (simulator as SpawnedFakeProxy).requests();
      const posts = report.requests.filter((request) => request.method === "POST");
      const expected =
        posts.length === 1 && posts[0]?.path === "/v1/messages" && posts[0]?.model === SMOKE_MODEL_ID;
      if (!expected) {
        const seen = posts.map((request) => `${request.method} ${request.path} model=${request.model}`);
        throw new Error(
          `expected exactly one POST /v1/messages for ${SMOKE_MODEL_ID}, got ${JSON.stringify(seen)}`,
        );
      }
      return `one POST /v1/messages, model ${SMOKE_MODEL_ID}`;
    });
    await step("stop the Gateway", async () => {
      const running = gateway as Gateway;
      if (!running.running) {
        const exit = await running.exited;
        throw new Error(`the Gateway had already exited (${exit.signal ?? `exit code ${exit.exitCode}`})`);
      }
      const stop = await running.stop();
      report.leftAfterStop = (home as OpenClawHome).processes();
      if (stop.forced) throw new Error("the Gateway ignored SIGTERM and had to be killed");
      if (report.leftAfterStop.length > 0) {
        const left = report.leftAfterStop.map((info) => `${info.pid} ${info.argv.join(" ")}`);
        throw new Error(`processes left behind: ${left.join("; ")}`);
      }
      return `exit code ${stop.exitCode}, no process left behind`;
    });
    report.ok = true;
  } catch (error) {
    report.error = error instanceof Error ? error : new Error(String(error));
  } finally {
    process.off("exit", killSimulator);
    report.requests = simulator?.requests() ?? report.requests;
    const cleanupStarted = Date.now();
    try {
      const killed = (await home?.cleanup())?.killed ?? [];
      await simulator?.stop();
      const note =
        killed.length > 0 ? `killed ${killed.length} leftover process(es)` : "nothing left to kill";
      const kept = options.keepHome && home ? `, kept ${home.dir}` : "";
      log(`✓ clean up (${seconds(Date.now() - cleanupStarted)}): ${note}${kept}`);
    } catch (error) {
      report.ok = false;
      report.error ??= error instanceof Error ? error : new Error(String(error));
      log(`✗ clean up (${seconds(Date.now() - cleanupStarted)}): ${report.error.message}`);
    }
  }
  return report;
}
