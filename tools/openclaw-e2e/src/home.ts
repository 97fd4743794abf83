import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { getFreePort } from "@proxykit/fake-proxy";
import { type AgentJsonReply, parseAgentJson, replyText } from "./agent-reply.ts";
import { type OpenClawConfig, readJson5File, writeJsonFile } from "./config-file.ts";
import { Gateway, waitUntilGatewayReady } from "./gateway.ts";
import { buildIsolatedEnv, HOME_MARKER_ENV, withEnv } from "./isolated-env.ts";
import { applyMergePatch } from "./merge-patch.ts";
import { minimalConfig } from "./minimal-config.ts";
import { openclawCommand } from "./openclaw-bin.ts";
import { killProcesses, type ProcessInfo, processesWithEnv, signalGroup } from "./process-tree.ts";
import { assertSucceeded, type CommandResult, runToCompletion } from "./run-command.ts";
import { spawnTracked, type TrackedProcess } from "./tracked-process.ts";

/** Options of `createOpenClawHome`. */
export interface CreateOpenClawHomeOptions {
  /** Gateway port written to the config (default: a free port). */
  gatewayPort?: number;
  /** Gateway token (default: random). */
  gatewayToken?: string;
  /** Extra environment for every OpenClaw process of this home (`undefined` removes a variable). */
  env?: Record<string, string | undefined>;
  /** Parent folder of the temp home (default: the OS temp dir). */
  parentDir?: string;
  /** Keep the home folder after `cleanup()` (processes are still killed). Also: OPENCLAW_E2E_KEEP_HOME=1. */
  keep?: boolean;
  /** Shared Node compile cache folder, or `false` for a cold cache inside the home (see `buildIsolatedEnv`). */
  compileCacheDir?: string | false;
}

/** Per-call options of `openclaw()`. */
export interface OpenClawRunOptions {
  /** Extra environment for this call only (`undefined` removes a variable). */
  env?: Record<string, string | undefined>;
  /** Kill the command after this long and throw `COMMAND_TIMEOUT` (default 300 s: a busy 2-core machine is slow). */
  timeoutMs?: number;
  /** Written to stdin, then closed (default: stdin is /dev/null). */
  input?: string;
}

/** Options of `installPlugin()`. */
export interface InstallPluginOptions extends OpenClawRunOptions {
  /** How a tarball is installed: `npm-pack` (default: through npm, like a registry package) or `archive`. */
  tarballAs?: "npm-pack" | "archive";
}

/** Options of `startGateway()`. */
export interface StartGatewayOptions {
  /** `--verbose`: plugin and subsystem logs are mirrored to stdout (default true). */
  verbose?: boolean;
  /** Extra environment for the Gateway (`undefined` removes a variable). */
  env?: Record<string, string | undefined>;
  /** Give up (kill it, throw `GATEWAY_START_FAILED`) when not ready after this long (default 180 s). */
  timeoutMs?: number;
  /** More `gateway run` arguments. */
  args?: string[];
}

/** Options of `agentTurn()`. */
export interface AgentTurnOptions {
  /** `--json` (default true): the reply is parsed into `json` and `text`. */
  json?: boolean;
  /** `--local`: run the agent embedded in the CLI process instead of through the Gateway. */
  local?: boolean;
  /** Agent id (default "main"). */
  agent?: string;
  /** More `openclaw agent` arguments (e.g. `["--model", "p/m"]`). */
  args?: string[];
  /** Kill the command after this long and throw `COMMAND_TIMEOUT` (default 300 s). */
  timeoutMs?: number;
  /** Extra environment for this call only. */
  env?: Record<string, string | undefined>;
}

/** The outcome of one `openclaw agent` turn. */
export interface AgentTurnResult extends CommandResult {
  /** The parsed `--json` output (`undefined` without `--json` or when stdout holds no JSON object). */
  json: AgentJsonReply | undefined;
  /** The reply's payload texts joined by newlines (`undefined` when there is none). */
  text: string | undefined;
}

/** What `cleanup()` found and did. */
export interface CleanupReport {
  /** Processes that were still alive and got killed (empty after a tidy test). */
  killed: ProcessInfo[];
  /** The home folder, removed unless kept. */
  dir: string;
  removed: boolean;
}

const homes = new Set<OpenClawHome>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Last resort when the test process exits without cleanup: synchronous, as "exit" handlers must be.
  process.once("exit", () => {
    for (const home of homes) home.killAllSync();
  });
}

/**
 * An isolated OpenClaw installation state for one test: a temp folder that is `HOME` and `OPENCLAW_HOME`
 * (config, state, plugins, workspace), its own XDG dirs, TMPDIR and Gateway log file, a free Gateway port,
 * and an environment without the caller's API keys. Every process it starts is tracked and killed by
 * `cleanup()`.
 */
export class OpenClawHome {
  /** The temp folder: `HOME` and `OPENCLAW_HOME` of every OpenClaw process of this home. */
  readonly dir: string;
  /** `<dir>/.openclaw`: OpenClaw's state dir. */
  readonly stateDir: string;
  /** `<dir>/.openclaw/openclaw.json`. */
  readonly configPath: string;
  /** The Gateway's file log (configured as `logging.file`; OpenClaw's default is shared by all users). */
  readonly logFile: string;
  readonly gatewayPort: number;
  readonly gatewayToken: string;
  /** Value of `PROXYKIT_E2E_HOME` in every process of this home (see `processes()`). */
  readonly marker: string;
  readonly #env: Record<string, string>;
  readonly #keep: boolean;
  readonly #processes = new Set<TrackedProcess>();
  readonly #gateways = new Set<Gateway>();
  #cleanedUp = false;
  #cleanup: Promise<CleanupReport> | undefined;

  constructor(dir: string, gatewayPort: number, options: CreateOpenClawHomeOptions) {
    this.dir = dir;
    this.stateDir = join(dir, ".openclaw");
    this.configPath = join(this.stateDir, "openclaw.json");
    this.logFile = join(dir, "logs", "openclaw.log");
    this.gatewayPort = gatewayPort;
    this.gatewayToken = options.gatewayToken ?? randomBytes(16).toString("hex");
    this.marker = dir;
    this.#keep = options.keep ?? process.env.OPENCLAW_E2E_KEEP_HOME === "1";
    this.#env = buildIsolatedEnv({
      home: dir,
      marker: this.marker,
      compileCacheDir: options.compileCacheDir,
      extra: options.env,
    });
    for (const sub of ["tmp", "logs", ".config", ".cache", ".openclaw"])
      mkdirSync(join(dir, sub), { recursive: true });
    this.writeConfig(this.baseConfig());
  }

  /** A copy of the environment every OpenClaw process of this home gets. */
  get env(): Record<string, string> {
    return { ...this.#env };
  }

  /** The minimal config this home started with (Gateway, log file, no background traffic). */
  baseConfig(): OpenClawConfig {
    return minimalConfig({
      gatewayPort: this.gatewayPort,
      gatewayToken: this.gatewayToken,
      logFile: this.logFile,
    });
  }

  /** Replaces `openclaw.json` with `config` (write `{ ...home.baseConfig(), … }` to keep the Gateway settings). */
  writeConfig(config: OpenClawConfig): void {
    writeJsonFile(this.configPath, config);
  }

  /** Reads `openclaw.json` (JSON5). */
  readConfig(): OpenClawConfig {
    return readJson5File(this.configPath);
  }

  /**
   * Merges `patch` into `openclaw.json` the way OpenClaw merges config patches (JSON Merge Patch: objects
   * merge, arrays replace, `null` deletes) and returns the new config.
   */
  mergeConfig(patch: OpenClawConfig): OpenClawConfig {
    const next = applyMergePatch(this.readConfig(), patch);
    this.writeConfig(next);
    return next;
  }

  /** Runs `openclaw <args>` in this home and waits for it. A non-zero exit is returned, not thrown. */
  async openclaw(args: string[], options: OpenClawRunOptions = {}): Promise<CommandResult> {
    const proc = this.#spawn([...openclawCommand(), ...args], options.env, options.input);
    return runToCompletion(proc, options.timeoutMs ?? 300_000, `openclaw ${args.join(" ")}`);
  }

  /**
   * `openclaw plugins install <source> --force --accept-capabilities`. `source` is a plugin folder (copied)
   * or a packed tarball (`npm pack` output). A tarball goes in as `npm-pack:<file>` by default: OpenClaw then
   * installs it with npm, dependencies included, as it does a package from the registry (slower: it runs
   * npm several times). `tarballAs: "archive"` passes the plain path instead: OpenClaw extracts it, no npm.
   * Throws `COMMAND_FAILED` unless it succeeds.
   */
  async installPlugin(source: string, options: InstallPluginOptions = {}): Promise<CommandResult> {
    const path = resolve(source);
    const isTarball = /\.(tgz|tar\.gz)$/.test(path);
    const spec = isTarball && (options.tarballAs ?? "npm-pack") === "npm-pack" ? `npm-pack:${path}` : path;
    const args = ["plugins", "install", spec, "--force", "--accept-capabilities"];
    return assertSucceeded(await this.openclaw(args, options), `openclaw ${args.join(" ")}`);
  }

  /** `openclaw plugins enable <id>`; throws `COMMAND_FAILED` unless it succeeds. */
  async enablePlugin(id: string, options: OpenClawRunOptions = {}): Promise<CommandResult> {
    return assertSucceeded(
      await this.openclaw(["plugins", "enable", id], options),
      `openclaw plugins enable ${id}`,
    );
  }

  /**
   * Starts `openclaw gateway run` and resolves once `GET /readyz` answers 200 (`gateway.readyMs` holds the
   * time it took). Throws `GATEWAY_START_FAILED` with the Gateway's output if it exits or is not ready in time.
   */
  async startGateway(options: StartGatewayOptions = {}): Promise<Gateway> {
    for (const running of this.#gateways) {
      if (running.running)
        throw new Error(`a Gateway (pid ${running.pid}) already runs in ${this.dir}: stop it first`);
    }
    const args = [
      "gateway",
      "run",
      ...(options.verbose === false ? [] : ["--verbose"]),
      ...(options.args ?? []),
    ];
    const proc = this.#spawn([...openclawCommand(), ...args], options.env);
    const gateway = new Gateway({ process: proc, port: this.gatewayPort, logFile: this.logFile });
    this.#gateways.add(gateway);
    try {
      await waitUntilGatewayReady(gateway, options.timeoutMs ?? 180_000, proc.startedAt);
    } catch (error) {
      await gateway.destroy(0);
      throw error;
    }
    return gateway;
  }

  /**
   * `openclaw agent --agent main --message <message> --json`: one agent turn, through the running Gateway
   * (or embedded with `local`). A failed turn is returned (`exitCode`, `stderr`), not thrown.
   */
  async agentTurn(message: string, options: AgentTurnOptions = {}): Promise<AgentTurnResult> {
    const json = options.json ?? true;
    const args = [
      "agent",
      "--agent",
      options.agent ?? "main",
      "--message",
      message,
      ...(json ? ["--json"] : []),
      ...(options.local ? ["--local"] : []),
      ...(options.args ?? []),
    ];
    const result = await this.openclaw(args, { env: options.env, timeoutMs: options.timeoutMs ?? 300_000 });
    const parsed = json ? parseAgentJson(result.stdout) : undefined;
    return { ...result, json: parsed, text: json ? replyText(parsed) : result.stdout.trim() || undefined };
  }

  /**
   * Live processes started from this home, found by their inherited `PROXYKIT_E2E_HOME` variable, wherever
   * they are now (orphans adopted by init included): after a Gateway stop, anything listed here was left behind.
   */
  processes(): ProcessInfo[] {
    return processesWithEnv(HOME_MARKER_ENV, this.marker);
  }

  /**
   * Kills every process this home started (Gateways get SIGTERM and `graceMs` first, then everything is
   * SIGKILLed: process groups, every descendant seen, every process carrying the home's marker) and removes
   * the folder. Safe to call again (even while running: the same report); register it in `afterEach`/`afterAll`.
   */
  cleanup(options: { graceMs?: number } = {}): Promise<CleanupReport> {
    this.#cleanup ??= this.#runCleanup(options.graceMs ?? 3_000);
    return this.#cleanup;
  }

  async #runCleanup(graceMs: number): Promise<CleanupReport> {
    const killed: ProcessInfo[] = [];
    for (const gateway of this.#gateways) killed.push(...(await gateway.destroy(graceMs)));
    const leftovers = [...this.#processes].filter((proc) => proc.running).map((proc) => proc.pid);
    const report = await killProcesses(this.processes(), { groups: leftovers });
    killed.push(...report.killed);
    await Promise.all([...this.#processes].map((proc) => proc.exited));
    this.#cleanedUp = true;
    homes.delete(this);
    let removed = false;
    if (!this.#keep) {
      rmSync(this.dir, { recursive: true, force: true, maxRetries: 3 });
      removed = true;
    }
    return { killed: dedupe(killed), dir: this.dir, removed };
  }

  /** Synchronous SIGKILL of everything this home started (the process "exit" hook's last resort). */
  killAllSync(): void {
    if (this.#cleanedUp) return;
    for (const proc of this.#processes) if (proc.running) signalGroup(proc.pid, "SIGKILL");
    for (const gateway of this.#gateways) {
      // Only groups led by one of them (detached children): never a group the harness does not own.
      for (const info of gateway.seenDescendants())
        if (info.pgid === info.pid) signalGroup(info.pgid, "SIGKILL");
    }
    for (const info of this.processes()) {
      try {
        process.kill(info.pid, "SIGKILL");
      } catch {
        // Already gone.
      }
    }
  }

  #spawn(
    argv: string[],
    env: Record<string, string | undefined> | undefined,
    input?: string,
  ): TrackedProcess {
    if (this.#cleanup) throw new Error(`this OpenClaw home (${this.dir}) was cleaned up`);
    const proc = spawnTracked(argv, { env: withEnv(this.#env, env), cwd: this.dir, input });
    this.#processes.add(proc);
    return proc;
  }
}

function dedupe(list: ProcessInfo[]): ProcessInfo[] {
  return [...new Map(list.map((info) => [info.pid, info])).values()];
}

/**
 * Creates an isolated OpenClaw home (see `OpenClawHome`) with a minimal Gateway config on a free port.
 * Checks first that the pinned OpenClaw is installed (throws `OPENCLAW_NOT_INSTALLED` with the fix).
 */
export async function createOpenClawHome(options: CreateOpenClawHomeOptions = {}): Promise<OpenClawHome> {
  openclawCommand();
  const dir = mkdtempSync(join(options.parentDir ?? tmpdir(), "openclaw-e2e-"));
  const home = new OpenClawHome(dir, options.gatewayPort ?? (await getFreePort()), options);
  homes.add(home);
  installExitHook();
  return home;
}

/** Cleans up every home not cleaned up yet (e.g. `afterEach(cleanupAll)`); returns their reports. */
export async function cleanupAll(): Promise<CleanupReport[]> {
  const reports: CleanupReport[] = [];
  for (const home of [...homes]) reports.push(await home.cleanup());
  return reports;
}
