/**
 * `run`: supervise the proxy in the foreground with the plugin's policy — for machines without the
 * Gateway, or under systemd/launchd. Ctrl-C / SIGTERM stop the whole process tree and exit 0.
 */
import {
  claudeCliCommand,
  type PluginConfig,
  type ProxyAddress,
  type ProxySettings,
  parsePluginConfig,
  proxyAddressAt,
  proxySupervisionOptions,
  readProxySettings,
} from "@proxykit/config-schema";
import { inspectPort, probe } from "@proxykit/health";
import { defaultClaudeCredentialsPath, withClaudeLoginCheck } from "@proxykit/health/claude";
import { Supervisor, type SupervisorLogger, type SupervisorOptions } from "@proxykit/supervisor";
import { type Command, Option } from "commander";
import { readOpenClawConfig } from "../config-read.ts";
import { action, type Io, type RunState } from "../context.ts";
import { CliError, UsageError } from "../errors.ts";
import { EXIT_ATTENTION, EXIT_OK } from "../exit-codes.ts";
import { PLUGIN_ID } from "../ids.ts";
import { checkHost, parseCommandJson, parseHost, parsePortOption } from "../option-parsers.ts";
import { readSupervision } from "../pid-file.ts";
import { BIN } from "../program.ts";
import { resolveTarget } from "../target.ts";

interface RunOptions {
  host?: string;
  port?: number;
  proxyCommand?: string[];
}

const EXAMPLES = `
Examples:
  $ ${BIN} run                                  # the proxy from openclaw.json, supervised until Ctrl-C
  $ ${BIN} run --port 4000
  $ ${BIN} run --proxy-command '["npx","-y","@rynfar/meridian"]'
  $ ${BIN} run --json                           # JSON lines: one object per state change / log line

Under systemd: ExecStart=${BIN} run  (exits 0 on SIGTERM after the proxy's process tree is gone,
1 when the proxy cannot be kept running: port held by another process, command not found, crash loop).`;

export function register(program: Command, io: Io, state: RunState): Command {
  return program
    .command("run")
    .description(
      "supervise the proxy in the foreground with the plugin's policy (readiness, restarts with back-off, crash-loop breaker, login awareness); Ctrl-C stops it and its whole process tree",
    )
    .addOption(new Option("--host <host>", "override the host (loopback only)").argParser(parseHost))
    .addOption(new Option("--port <port>", "override the port").argParser(parsePortOption))
    .addOption(
      new Option(
        "--proxy-command <json>",
        "override the command, as a JSON argv array, e.g. '[\"meridian\"]'",
      ).argParser(parseCommandJson),
    )
    .addHelpText("after", EXAMPLES)
    .action(
      action<RunOptions>(io, state, async (options, ctx) => {
        const target = resolveTarget(ctx.global, ctx.env, ctx.cwd);
        const file = await readOpenClawConfig(target.configPath);
        const settings = readProxySettings(file.config, {
          source: `plugins.entries.${PLUGIN_ID}.config`,
        });
        if (settings.pluginConfigError) {
          // The message names the key: the plugin config, or the provider's baseUrl off loopback.
          throw new CliError("INVALID_PLUGIN_CONFIG", settings.pluginConfigError.toOneLine(), {
            fix: `correct it in ${target.configPath} (or run \`${BIN} doctor\`)`,
          });
        }
        applyOverrides(settings, options);

        const existing = readSupervision(target.stateDir);
        // A live supervisor whose proxy is down right now (restarting, waiting for a login) counts too.
        if (
          (existing.state === "running" || existing.state === "proxy-down") &&
          existing.supervisorAlive &&
          existing.supervisorPid !== process.pid
        ) {
          throw new CliError(
            "ALREADY_SUPERVISED",
            `the proxy (pid ${existing.pid}${existing.state === "proxy-down" ? ", not running right now" : ""}) is already supervised by pid ${existing.supervisorPid} (a Gateway or another \`${BIN} run\`)`,
            { fix: `use that one (\`${BIN} status\`), or stop it first` },
          );
        }

        const out = ctx.out;
        // Human mode: the supervisor's own lines (state changes and what it does) marked ●, the proxy's
        // output indented. JSON mode: one object per line, state changes and log lines.
        const log = (level: "info" | "warn" | "error", message: string) => {
          if (out.json) {
            out.stdout.write(
              `${JSON.stringify({ event: "log", level, message, at: new Date().toISOString() })}\n`,
            );
          } else if (message.startsWith("[")) {
            out.stdout.write(`  ${out.c.dim(message)}\n`);
          } else {
            const mark =
              level === "error" ? out.c.red("●") : level === "warn" ? out.c.yellow("●") : out.c.green("●");
            (level === "info" ? out.stdout : out.stderr).write(`${mark} ${message}\n`);
          }
        };
        const supervisor = new Supervisor(
          runSupervisorOptions(settings.plugin, settings.address, {
            stateDir: target.stateDir,
            env: ctx.env,
            logger: {
              info: (m) => log("info", m),
              warn: (m) => log("warn", m),
              error: (m) => log("error", m),
            },
          }),
        );
        const address = settings.address.baseUrl;
        if (out.json) {
          supervisor.on("state", (change) => {
            out.stdout.write(
              `${JSON.stringify({ event: "state", ...change, at: new Date(change.at).toISOString() })}\n`,
            );
          });
        } else {
          out.stdout.write(
            `supervising ${settings.plugin.command.join(" ")} at ${address} (Ctrl-C to stop)\n`,
          );
        }

        let stopping: Promise<unknown> | undefined;
        const finished = new Promise<number>((resolve) => {
          const stop = (signal: NodeJS.Signals) => {
            if (stopping) return;
            if (!out.json) out.stdout.write(`\n${signal}: stopping the proxy...\n`);
            stopping = supervisor.stop().then(() => resolve(EXIT_OK));
          };
          process.on("SIGINT", stop);
          process.on("SIGTERM", stop);
          process.on("SIGHUP", stop);
          supervisor.on("state", (change) => {
            if (change.state === "failed" && !stopping) {
              stopping = supervisor.stop().then(() => resolve(EXIT_ATTENTION));
            }
          });
        });
        await supervisor.start();
        const code = await finished;
        for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.removeAllListeners(signal);
        return code;
      }),
    );
}

/**
 * `--host`/`--port`/`--proxy-command` win over the config: the address becomes the one given (and the bind
 * host, e.g. a wildcard allowed by `allowNonLoopback`), the command the one given.
 */
function applyOverrides(settings: ProxySettings, options: RunOptions): void {
  const hostProblem =
    options.host === undefined ? undefined : checkHost(options.host, settings.plugin.allowNonLoopback);
  if (hostProblem) throw new UsageError(`--host: ${hostProblem}`, "use 127.0.0.1, ::1 or localhost");
  if (options.host !== undefined || options.port !== undefined) {
    settings.address = proxyAddressAt(
      options.host ?? settings.address.host,
      options.port ?? settings.address.port,
    );
    if (options.host !== undefined) settings.plugin = { ...settings.plugin, host: options.host };
  }
  if (options.proxyCommand !== undefined) {
    settings.plugin = parsePluginConfig({ ...settings.plugin, command: options.proxyCommand });
  }
}

/** What {@link runSupervisorOptions} needs beyond the plugin config and the address. */
export interface RunSupervisionContext {
  /** OpenClaw's state dir: the pid file shared with the plugin's service lives below it. */
  stateDir: string;
  /** Environment the proxy starts from (the supervisor drops ANTHROPIC_API_KEY & co.). */
  env: Readonly<Record<string, string | undefined>>;
  logger: SupervisorLogger;
}

/**
 * The supervisor options of `run`: exactly the shared policy's (`proxySupervisionOptions` from
 * `@proxykit/config-schema`, which the plugin's service inside the Gateway uses too), plus what a caller
 * injects — `@proxykit/health`'s probe of the policy's `healthUrl`, its port inspection, and the logger.
 */
export function runSupervisorOptions(
  plugin: PluginConfig,
  address: ProxyAddress,
  context: RunSupervisionContext,
): SupervisorOptions {
  const { healthUrl, ...policy } = proxySupervisionOptions(plugin, address, {
    stateDir: context.stateDir,
    credentialsFile: defaultClaudeCredentialsPath(context.env as NodeJS.ProcessEnv),
    baseEnv: context.env,
  });
  return {
    ...policy,
    // A `degraded` Meridian may be a logged-out Claude Code (it reads `claude auth status`'s exit 1 as
    // "could not verify"): ask the Claude CLI, as the plugin's service does.
    probe: withClaudeLoginCheck((o) => probe(healthUrl, o), {
      claude: { command: claudeCliCommand(plugin), env: { ...context.env, ...plugin.env } },
    }),
    inspectPort: (host, port) => inspectPort(host, port),
    logger: context.logger,
  };
}
