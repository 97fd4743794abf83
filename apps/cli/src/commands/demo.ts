/**
 * `demo`: the whole mission on this machine, in a throwaway OPENCLAW_HOME, with the real OpenClaw (this
 * repository's pinned one), the built plugin, and the built-in Meridian simulator standing in for the proxy
 * (no Claude login needed): setup → Gateway → the plugin starts the proxy → an agent turn answered through
 * it → kill -9 the proxy, the Gateway restarts it → stop it, requests fail closed with our reason → Gateway
 * stop leaves nothing behind. Each step ✓/✗ with its time; a step that cannot pass shows ✗, never a fake ✓.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { type Command, Option } from "commander";
import { action, type Io, type RunState } from "../context.ts";
import { CliError } from "../errors.ts";
import { EXIT_ATTENTION, EXIT_OK } from "../exit-codes.ts";
import { MODEL_ALIAS, PROVIDER_ID } from "../ids.ts";
import { findOpenClaw } from "../openclaw.ts";
import { formatDuration, type Output } from "../output.ts";
import { builtPluginSource, resolvePluginSource } from "../plugin-source.ts";
import { BIN } from "../program.ts";

interface DemoOptions {
  openclaw?: string;
  plugin?: string;
  keep?: boolean;
}

/** One step's outcome. */
export interface DemoStep {
  name: string;
  ok: boolean;
  ms: number;
  detail: string;
}

const EXAMPLES = `
Examples:
  $ npm start                                   # in the repository: builds, then runs this demo
  $ ${BIN} demo
  $ ${BIN} demo --keep                          # keep the throwaway home to look around
  $ ${BIN} demo --json

Needs the pinned OpenClaw (\`npm ci\` in the repository installs it) and the built plugin
(\`npx nx build plugin\`). Starts nothing outside the throwaway home and stops everything it started.`;

export function register(program: Command, io: Io, state: RunState): Command {
  return program
    .command("demo")
    .description(
      "show the whole thing working in a throwaway OpenClaw home: setup, Gateway, agent turn through the proxy, auto-restart, fail-closed, clean stop",
    )
    .addOption(
      new Option("--openclaw <path>", "OpenClaw's openclaw.mjs (default: this repository's pinned OpenClaw)"),
    )
    .addOption(
      new Option(
        "--plugin <source>",
        "the plugin to install: built folder or .tgz (default: this repository's build)",
      ),
    )
    .option("--keep", "keep the throwaway home afterwards (processes are stopped all the same)")
    .addHelpText("after", EXAMPLES)
    .action(action<DemoOptions>(io, state, (options, ctx) => demo(options, ctx.out, ctx.env, ctx.cwd)));
}

class Steps {
  readonly list: DemoStep[] = [];
  readonly #out: Output;
  constructor(out: Output) {
    this.#out = out;
  }

  /** Runs `fn` as a step; its string result is the detail. A throw marks the step ✗ with the error. */
  async run(name: string, fn: () => Promise<string>): Promise<boolean> {
    const started = performance.now();
    let ok = true;
    let detail: string;
    try {
      detail = await this.#out.wait(name, fn());
    } catch (error) {
      ok = false;
      detail = error instanceof Error ? error.message : String(error);
    }
    this.record({ name, ok, ms: performance.now() - started, detail });
    return ok;
  }

  /** A step that cannot run because an earlier one failed: ✗ with the reason. */
  notRun(name: string, reason: string): void {
    this.record({ name, ok: false, ms: 0, detail: `not run: ${reason}` });
  }

  record(step: DemoStep): void {
    this.list.push(step);
    const out = this.#out;
    const time = out.c.dim(`(${formatDuration(step.ms)})`);
    out.line(
      `${out.mark(step.ok ? "ok" : "fail")} ${String(this.list.length).padStart(2)}. ${step.name} ${time}`,
    );
    out.line(`      ${step.ok ? out.c.dim(step.detail) : out.c.red(step.detail)}`);
  }
}

async function demo(
  options: DemoOptions,
  out: Output,
  env: Record<string, string | undefined>,
  cwd: string,
): Promise<number> {
  const started = performance.now();
  const bin = findOpenClaw(
    options.openclaw ? {} : { ...env, OPENCLAW_BIN: undefined, PATH: "" },
    options.openclaw,
    cwd,
  );
  if (!bin?.path.endsWith(".mjs")) {
    throw new CliError(
      "OPENCLAW_NOT_FOUND",
      "the demo needs the pinned OpenClaw of this repository, and it is not installed",
      {
        fix: "run `npm ci` at the repository root (it installs OpenClaw into tools/openclaw-e2e/host), or pass --openclaw <.../openclaw/openclaw.mjs>",
      },
    );
  }
  const plugin = options.plugin ? resolvePluginSource(options.plugin, cwd) : builtPluginSource();
  if (!plugin) {
    throw new CliError("PLUGIN_NOT_BUILT", "the demo needs the built plugin, and there is none", {
      fix: "build it: `npx nx build plugin` (npm start does it for you), or pass --plugin <folder|.tgz>",
    });
  }
  // The harness finds OpenClaw through this variable (it is bundled into the CLI, away from its own folder).
  process.env.OPENCLAW_E2E_PACKAGE_DIR = dirname(bin.path);
  const [{ createOpenClawHome, getFreePort, replyAgentMeta, runCommand }, health, { readRequestLog }] =
    await Promise.all([
      import("@proxykit/openclaw-e2e"),
      import("@proxykit/health"),
      import("@proxykit/fake-proxy"),
    ]);

  out.line(out.c.bold(`${BIN} demo — OpenClaw ${bin.path}, plugin ${plugin.path}`));
  out.line();
  const steps = new Steps(out);
  const cliEntry = process.argv[1] as string;
  const homeStarted = performance.now();
  const home = await createOpenClawHome({ ...(options.keep ? { keep: true } : {}) });
  const homeMs = performance.now() - homeStarted;
  const proxyPort = await getFreePort();
  const baseUrl = `http://127.0.0.1:${proxyPort}`;
  const credentials = join(home.dir, "claude-credentials.json");
  const requestLog = join(home.dir, "proxy-requests.jsonl");
  writeFileSync(credentials, "{}\n");
  const proxyEnv = {
    FAKE_PROXY_CREDENTIALS_FILE: credentials,
    FAKE_PROXY_REQUEST_LOG: requestLog,
    FAKE_PROXY_AUTH_CACHE_MS: "0",
  };
  // Ctrl-C or SIGTERM: stop every process of the home (Gateway, proxy, `run`) before exiting.
  const onSignal = (signal: NodeJS.Signals) => {
    out.warn(`${signal}: stopping everything the demo started...`);
    void home.cleanup().finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  let gateway: Awaited<ReturnType<typeof home.startGateway>> | undefined;
  let proxyByGateway = false;
  try {
    steps.record({
      name: "throwaway OpenClaw home",
      ok: true,
      ms: homeMs,
      detail: `${home.dir} (Gateway port ${home.gatewayPort}, proxy port ${proxyPort}; offline, isolated)`,
    });

    const setupOk = await steps.run(`${BIN} setup --yes --install-plugin`, async () => {
      const args = [
        "setup",
        "--yes",
        "--json",
        "--config",
        home.configPath,
        "--port",
        String(proxyPort),
        "--proxy-command",
        JSON.stringify([process.execPath, cliEntry, "proxy-simulator"]),
        "--install-plugin",
        plugin.path,
        "--openclaw",
        bin.path,
      ];
      // This CLI again, as a child process: the demo uses `setup` exactly as a user would.
      const result = await runCommand([process.execPath, cliEntry, ...args], {
        env: { ...home.env, NO_COLOR: "1" },
        timeoutMs: 600_000,
      });
      if (result.exitCode !== 0)
        throw new Error(`setup exited ${result.exitCode}: ${lastLines(result.stderr || result.stdout)}`);
      const report = JSON.parse(result.stdout) as {
        changes: unknown[];
        defaultModel: string;
        plugin: { ok: boolean };
      };
      if (!report.plugin.ok) throw new Error("setup did not install the plugin");
      return `${report.changes.length} config changes (provider, default ${report.defaultModel}, alias ${MODEL_ALIAS}, fallbacks []); plugin installed and enabled`;
    });

    if (setupOk) {
      await steps.run("openclaw models status agrees", async () => {
        const result = await home.openclaw(["models", "status", "--json"], { timeoutMs: 120_000 });
        const json = JSON.parse(result.stdout.slice(result.stdout.indexOf("{"))) as {
          defaultModel?: string;
          fallbacks?: string[];
          aliases?: Record<string, string>;
        };
        const expected = `${PROVIDER_ID}/claude-opus-4.6`;
        const alias = json.aliases?.[MODEL_ALIAS];
        if (json.defaultModel !== expected)
          throw new Error(`Default is ${json.defaultModel}, expected ${expected}`);
        if ((json.fallbacks ?? []).length !== 0) throw new Error(`Fallbacks: ${json.fallbacks?.join(", ")}`);
        if (alias !== expected) throw new Error(`alias ${MODEL_ALIAS} -> ${alias ?? "(missing)"}`);
        return `Default ${json.defaultModel}, Fallbacks (0), Aliases ${MODEL_ALIAS} -> ${alias}`;
      });
    } else steps.notRun("openclaw models status agrees", "setup failed");

    const gatewayOk =
      setupOk &&
      (await steps.run("Gateway started", async () => {
        gateway = await home.startGateway({ env: proxyEnv, timeoutMs: 180_000 });
        return `openclaw gateway run (pid ${gateway.pid}) ready on port ${home.gatewayPort}`;
      }));
    if (!setupOk) steps.notRun("Gateway started", "setup failed");

    if (gatewayOk) {
      proxyByGateway = await steps.run("the plugin started the proxy", async () => {
        try {
          const ready = await health.waitUntilReady(baseUrl, { timeoutMs: 30_000 });
          const info = await health.inspectPort("127.0.0.1", proxyPort);
          return `${baseUrl}/health ${ready.state} (${ready.auth?.email ?? "?"}, ${ready.auth?.subscriptionType ?? "?"}); pid ${info.listener?.pid ?? "?"}`;
        } catch {
          throw new Error(
            `nothing answers at ${baseUrl} 30 s after the Gateway was ready: this plugin build does not start the proxy`,
          );
        }
      });
    } else steps.notRun("the plugin started the proxy", "no Gateway");

    // Before the plugin supervises the proxy, the CLI's own `run` stands in, so the data path can still be
    // shown; the steps that are about the Gateway's supervision stay ✗.
    let fallback: ChildProcess | undefined;
    if (gatewayOk && !proxyByGateway) {
      await steps.run(`instead: ${BIN} run supervises the proxy (the Gateway did not)`, async () => {
        fallback = spawn(process.execPath, [cliEntry, "run", "--config", home.configPath], {
          env: definedOnly({ ...home.env, ...proxyEnv, NO_COLOR: "1" }),
          stdio: "ignore",
        });
        const ready = await health.waitUntilReady(baseUrl, { timeoutMs: 30_000 }).catch(() => {
          throw new Error(`\`${BIN} run\` did not bring the proxy up within 30 s`);
        });
        return `${baseUrl}/health ${ready.state} (pid ${fallback.pid} supervises it)`;
      });
    }

    const proxyUp = proxyByGateway || fallback !== undefined;
    if (proxyUp) {
      await steps.run("agent turn answered through the proxy", async () => {
        const turn = await home.agentTurn("Reply with the single word: pong", { timeoutMs: 180_000 });
        const meta = replyAgentMeta(turn.json);
        if (turn.exitCode !== 0)
          throw new Error(`openclaw agent exited ${turn.exitCode}: ${lastLines(turn.stderr || turn.stdout)}`);
        if (meta?.provider !== PROVIDER_ID)
          throw new Error(`answered by ${meta?.provider ?? "?"}, not ${PROVIDER_ID}`);
        const seen = readRequestLog(requestLog).filter((entry) => entry.path === "/v1/messages");
        const last = seen[seen.length - 1];
        if (!last) throw new Error("the proxy saw no POST /v1/messages");
        return `${meta.provider}/${meta.model} answered ${JSON.stringify(turn.text ?? "")} in ${formatDuration(turn.durationMs)}; the proxy saw POST /v1/messages for ${last.model}`;
      });
    } else steps.notRun("agent turn answered through the proxy", gatewayOk ? "no proxy" : "no Gateway");

    if (proxyByGateway) {
      await steps.run("kill -9 the proxy → the Gateway restarts it", async () => {
        const before = await health.inspectPort("127.0.0.1", proxyPort);
        const pid = before.listener?.pid;
        if (!pid) throw new Error(`no process found holding port ${proxyPort}`);
        const killedAt = performance.now();
        process.kill(pid, "SIGKILL");
        await health.waitUntilReady(baseUrl, { timeoutMs: 60_000 }).catch(() => {
          throw new Error(`not healthy again 60 s after kill -9 of pid ${pid}`);
        });
        const after = await health.inspectPort("127.0.0.1", proxyPort);
        if (after.listener?.pid === pid)
          throw new Error(`pid ${pid} still holds the port: the kill did not take`);
        return `pid ${pid} killed; healthy again in ${formatDuration(performance.now() - killedAt)} as pid ${after.listener?.pid ?? "?"}`;
      });

      await steps.run("stop the proxy → requests fail closed, with our reason", async () => {
        // Log out (the simulator's credentials file) and kill it: the restart exits 1 "Not logged in".
        rmSync(credentials, { force: true });
        const info = await health.inspectPort("127.0.0.1", proxyPort);
        if (info.listener) process.kill(info.listener.pid, "SIGKILL");
        const before = readRequestLog(requestLog).length;
        const turn = await home.agentTurn("Reply with the single word: pong", { timeoutMs: 180_000 });
        const output = `${turn.stderr}\n${turn.stdout}`;
        if (turn.exitCode === 0)
          throw new Error(`the agent turn succeeded (${JSON.stringify(turn.text)}): not fail-closed`);
        const reason = output
          .split("\n")
          .find((line) => /anthropic-max-proxy:|claude login|not logged in/i.test(line));
        if (!reason)
          throw new Error(
            `failed in ${formatDuration(turn.durationMs)} without our reason: ${lastLines(output)}`,
          );
        const reached = readRequestLog(requestLog).length - before;
        return `agent turn failed in ${formatDuration(turn.durationMs)} with: ${reason.trim().slice(0, 200)} (${reached} request(s) reached the proxy, none went anywhere else)`;
      });
    } else {
      const reason = gatewayOk ? "the Gateway does not supervise the proxy" : "no Gateway";
      steps.notRun("kill -9 the proxy → the Gateway restarts it", reason);
      steps.notRun("stop the proxy → requests fail closed, with our reason", reason);
    }

    if (fallback) {
      const child = fallback;
      await steps.run(`${BIN} run stopped (SIGTERM)`, async () => {
        const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
        child.kill("SIGTERM");
        const code = await exited;
        if (code !== 0) throw new Error(`\`${BIN} run\` exited ${code}`);
        return "exit 0; it stopped the proxy's process tree";
      });
    }

    if (gateway) {
      const running = gateway;
      await steps.run("Gateway stopped: no process left, port free", async () => {
        const stopped = await running.stop("SIGTERM", { timeoutMs: 30_000 });
        const left = home.processes().filter((proc) => proc.pid !== process.pid);
        const port = await health.inspectPort("127.0.0.1", proxyPort);
        if (left.length > 0)
          throw new Error(
            `left behind: ${left.map((p) => `pid ${p.pid} ${p.argv.join(" ").slice(0, 80)}`).join(", ")}`,
          );
        if (!port.free) throw new Error(`port ${proxyPort} still taken: ${health.describePortInfo(port)}`);
        return `SIGTERM → exited in ${formatDuration(stopped.durationMs)}${stopped.forced ? " (needed SIGKILL)" : ""}; 0 processes left; port ${proxyPort} free`;
      });
    } else steps.notRun("Gateway stopped: no process left, port free", "no Gateway");
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    const cleanupStarted = performance.now();
    try {
      const report = await home.cleanup();
      const killed = report.killed.map((p) => `pid ${p.pid} ${p.name}`).join(", ");
      steps.record({
        name: "cleanup: every process stopped, the home removed",
        ok: true,
        ms: performance.now() - cleanupStarted,
        detail: `${report.killed.length === 0 ? "nothing left to kill" : `killed ${killed}`}; ${report.removed ? `removed ${report.dir}` : `kept ${report.dir}`}`,
      });
    } catch (error) {
      steps.record({
        name: "cleanup: every process stopped, the home removed",
        ok: false,
        ms: performance.now() - cleanupStarted,
        detail: (error as Error).message,
      });
    }
  }

  const ok = steps.list.every((step) => step.ok);
  const totalMs = performance.now() - started;
  out.emit({ ok, totalMs, steps: steps.list });
  out.line();
  out.line(
    ok
      ? `${out.mark("ok")} demo complete: ${steps.list.length} steps in ${formatDuration(totalMs)}`
      : `${out.mark("fail")} ${steps.list.filter((s) => !s.ok).length} of ${steps.list.length} steps failed (${formatDuration(totalMs)})`,
  );
  return ok ? EXIT_OK : EXIT_ATTENTION;
}

function lastLines(text: string, count = 3): string {
  return text
    .trim()
    .split("\n")
    .filter((line) => line.trim() !== "")
    .slice(-count)
    .join(" | ")
    .slice(0, 400);
}

function definedOnly(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}
