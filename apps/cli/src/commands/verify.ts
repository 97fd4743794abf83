/**
 * `verify`: prove the path works end to end — one tiny Messages request through the proxy, and one agent
 * turn through OpenClaw when it is installed — and say what answered and how long the round trip took.
 */
import net from "node:net";
import { readProxySettings, toWireModelId } from "@proxykit/config-schema";
import { describeProbeResult, type ProbeResult, probe } from "@proxykit/health";
import { parseAgentJson, replyAgentMeta, replyText } from "@proxykit/openclaw-e2e";
import { type Command, Option } from "commander";
import { readOpenClawConfig } from "../config-read.ts";
import { action, type Io, type RunState } from "../context.ts";
import { CliError } from "../errors.ts";
import { EXIT_ATTENTION, EXIT_OK } from "../exit-codes.ts";
import { PLUGIN_ID, PROVIDER_ID } from "../ids.ts";
import { type MessagesRoundTrip, sendTinyMessage } from "../messages.ts";
import { findOpenClaw, runOpenClaw } from "../openclaw.ts";
import { parseMs } from "../option-parsers.ts";
import { formatDuration } from "../output.ts";
import { BIN } from "../program.ts";
import { resolveTarget } from "../target.ts";

interface VerifyOptions {
  model?: string;
  agent: boolean;
  openclaw?: string;
  timeout: number;
}

/** The agent turn's outcome. */
export interface AgentTurnView {
  ran: boolean;
  ok: boolean;
  /** Why it did not run, or why it failed. */
  reason?: string;
  via?: "gateway" | "local";
  exitCode?: number | null;
  durationMs?: number;
  provider?: string;
  model?: string;
  text?: string;
}

const PROMPT = "Reply with the single word: pong";

const EXAMPLES = `
Examples:
  $ ${BIN} verify                      # Messages request + an agent turn (when openclaw is installed)
  $ ${BIN} verify --no-agent           # only the Messages request
  $ ${BIN} verify --model claude-sonnet-4.5 --json`;

export function register(program: Command, io: Io, state: RunState): Command {
  return program
    .command("verify")
    .description(
      "send one tiny Messages request through the proxy and one agent turn through OpenClaw (when installed); print the round trip and what answered",
    )
    .option("--model <id>", "model id to ask (default: the configured default model of the provider)")
    .option("--no-agent", "skip the OpenClaw agent turn")
    .option(
      "--openclaw <path>",
      "the openclaw executable (default: OPENCLAW_BIN, then PATH, then this repository's)",
    )
    .addOption(new Option("--timeout <ms>", "deadline of each step").argParser(parseMs).default(120_000))
    .addHelpText("after", EXAMPLES)
    .action(
      action<VerifyOptions>(io, state, async (options, ctx) => {
        const { out } = ctx;
        const target = resolveTarget(ctx.global, ctx.env, ctx.cwd);
        const file = await readOpenClawConfig(target.configPath, { required: true });
        const settings = readProxySettings(file.config, { source: `plugins.entries.${PLUGIN_ID}.config` });
        if (!settings.provider) {
          throw new CliError("NOT_SET_UP", `${target.configPath} has no models.providers.${PROVIDER_ID}`, {
            fix: `run \`${BIN} setup\` first`,
          });
        }
        const modelId = options.model ?? defaultModelId(file.config, settings.provider.modelIds);
        if (!modelId) {
          throw new CliError("NO_MODEL", `models.providers.${PROVIDER_ID} lists no model`, {
            fix: `run \`${BIN} setup\` again`,
          });
        }
        const wireModel = toWireModelId(modelId);
        const { baseUrl } = settings.address;

        const health: ProbeResult = await out.wait(`probing ${baseUrl}`, probe(baseUrl, { timeoutMs: 5000 }));
        const messages: MessagesRoundTrip = await out.wait(
          `asking ${wireModel} through ${baseUrl}`,
          sendTinyMessage(baseUrl, wireModel, { timeoutMs: options.timeout, prompt: PROMPT }),
        );

        let agent: AgentTurnView = { ran: false, ok: true, reason: "skipped (--no-agent)" };
        if (options.agent) {
          const bin = findOpenClaw(ctx.env, options.openclaw, ctx.cwd);
          if (!bin) {
            agent = { ran: false, ok: true, reason: "openclaw is not installed: agent turn skipped" };
          } else {
            const gatewayUp = await gatewayListening(file.config);
            // The model pinned to ours: with another provider's default model the turn would go around
            // the proxy (a billed request).
            const args = [
              "agent",
              "--agent",
              "main",
              "--model",
              `${PROVIDER_ID}/${modelId}`,
              "--message",
              PROMPT,
              "--json",
              ...(gatewayUp ? [] : ["--local"]),
            ];
            const result = await out.wait(
              `agent turn through OpenClaw (${gatewayUp ? "Gateway" : "embedded, no Gateway running"})`,
              runOpenClaw(bin, args, { env: target.openclawEnv, timeoutMs: options.timeout }),
            );
            // Either shape: through the Gateway (`result`) or `--local` (payloads and meta at the top).
            const reply = parseAgentJson(result.stdout);
            const meta = replyAgentMeta(reply);
            const text = replyText(reply);
            agent = {
              ran: true,
              via: gatewayUp ? "gateway" : "local",
              ok: result.exitCode === 0 && meta?.provider === PROVIDER_ID,
              exitCode: result.exitCode,
              durationMs: result.durationMs,
              ...(meta?.provider ? { provider: meta.provider } : {}),
              ...(meta?.model ? { model: meta.model } : {}),
              ...(text ? { text: text.slice(0, 200) } : {}),
            };
            if (result.timedOut) agent.reason = `no answer within ${formatDuration(options.timeout)}`;
            else if (result.exitCode !== 0)
              agent.reason =
                lastLine(result.stderr) ?? lastLine(result.stdout) ?? `exit code ${result.exitCode}`;
            else if (meta?.provider !== PROVIDER_ID) {
              agent.reason = `answered by ${meta?.provider ?? "an unknown provider"}, not ${PROVIDER_ID}: the default model is not ours (run \`${BIN} doctor\`)`;
            }
          }
        }

        const ok = messages.ok && agent.ok;
        out.emit({ ok, configPath: target.configPath, baseUrl, model: wireModel, health, messages, agent });
        const who = describeWho(health);
        out.line(
          `${out.mark(health.state === "healthy" ? "ok" : health.state === "degraded" ? "warn" : "fail")} proxy      ${baseUrl}: ${describeProbeResult(health)}${who ? ` — ${who}` : ""}`,
        );
        if (messages.ok) {
          out.line(
            `${out.mark("ok")} messages   HTTP ${messages.status} in ${formatDuration(messages.latencyMs)}: ${messages.model ?? wireModel} answered ${JSON.stringify(messages.text ?? "")}`,
          );
        } else {
          out.line(
            `${out.mark("fail")} messages   ${messages.status ? `HTTP ${messages.status} ` : ""}${messages.error?.type}: ${messages.error?.message} (${formatDuration(messages.latencyMs)})`,
          );
        }
        if (!agent.ran) out.line(`${out.mark("skip")} agent turn ${agent.reason}`);
        else if (agent.ok) {
          out.line(
            `${out.mark("ok")} agent turn ${formatDuration(agent.durationMs ?? 0)} via ${agent.via === "gateway" ? "the Gateway" : "openclaw agent --local"}: ${agent.provider}/${agent.model} answered ${JSON.stringify(agent.text ?? "")}`,
          );
        } else {
          out.line(
            `${out.mark("fail")} agent turn ${agent.reason} (${formatDuration(agent.durationMs ?? 0)})`,
          );
        }
        if (!ok) {
          out.line();
          out.line(`fix: run \`${BIN} doctor\` to find out what is wrong`);
        }
        return ok ? EXIT_OK : EXIT_ATTENTION;
      }),
    );
}

function lastLine(text: string): string | undefined {
  const lines = text
    .trim()
    .split("\n")
    .filter((line) => line.trim() !== "");
  return lines[lines.length - 1]?.trim().slice(0, 300);
}

function describeWho(health: ProbeResult): string | undefined {
  const parts: string[] = [];
  if (health.version) parts.push(`version ${health.version}`);
  if (health.auth?.loggedIn) {
    parts.push(
      `logged in${health.auth.email ? ` as ${health.auth.email}` : ""}${health.auth.subscriptionType ? ` (${health.auth.subscriptionType})` : ""}`,
    );
  } else if (health.auth) parts.push("not logged in to Claude");
  return parts.length > 0 ? parts.join(", ") : undefined;
}

/** The default model's id when it is one of ours, else the provider's first model. */
function defaultModelId(config: unknown, providerModels: string[]): string | undefined {
  const model = (config as { agents?: { defaults?: { model?: unknown } } }).agents?.defaults?.model;
  const primary = typeof model === "string" ? model : (model as { primary?: unknown } | undefined)?.primary;
  if (typeof primary === "string" && primary.startsWith(`${PROVIDER_ID}/`))
    return primary.slice(PROVIDER_ID.length + 1);
  return providerModels[0];
}

/** Is a Gateway listening on the config's `gateway.port` (default 18789) on loopback? */
function gatewayListening(config: unknown): Promise<boolean> {
  const port = (config as { gateway?: { port?: unknown } }).gateway?.port;
  const gatewayPort = typeof port === "number" ? port : 18789;
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port: gatewayPort });
    const done = (up: boolean) => {
      socket.destroy();
      resolve(up);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}
