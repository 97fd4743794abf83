/**
 * Finding and running the `openclaw` CLI: `--openclaw <path>` (or `OPENCLAW_BIN`) first, then `openclaw`
 * on PATH, then — in a clone of this repository — the pinned OpenClaw the workspace installs
 * (`tools/openclaw-e2e/host`). Commands run as argv arrays in a process group of their own, without
 * OpenClaw's self re-spawn into a new session (`OPENCLAW_NO_RESPAWN=1`), so the group is everything to
 * stop: on timeout or abort it gets SIGTERM, then SIGKILL after a grace; Ctrl-C/SIGTERM of this process
 * is passed on to it; it is SIGKILLed when this process exits.
 */
import { spawn } from "node:child_process";
import { accessSync, constants, existsSync } from "node:fs";
import { delimiter, dirname, extname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** An `openclaw` we can run. */
export interface OpenClawBin {
  /** The argv prefix, e.g. `["openclaw"]` or `[node, "--disable-warning=ExperimentalWarning", ".../openclaw.mjs"]`. */
  argv: string[];
  /** Where it was found. */
  source: "flag" | "env" | "path" | "workspace";
  /** The executable or script path. */
  path: string;
}

/** What a finished `openclaw` command returned. */
export interface OpenClawResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  durationMs: number;
  timedOut: boolean;
}

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** `name` on `PATH`, or undefined. */
export function whichSync(
  name: string,
  env: Readonly<Record<string, string | undefined>>,
): string | undefined {
  if (name.includes("/")) return executable(name) ? resolve(name) : undefined;
  for (const dir of (env.PATH ?? "").split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (executable(candidate)) return candidate;
  }
  return undefined;
}

/** The root of the anthropic-max-proxy repository this CLI runs from, if it does (walks up from this file). */
export function workspaceRoot(from: string = dirname(fileURLToPath(import.meta.url))): string | undefined {
  let dir = from;
  for (;;) {
    if (
      existsSync(join(dir, "tools", "openclaw-e2e", "host", "package.json")) &&
      existsSync(join(dir, "nx.json"))
    ) {
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function argvFor(path: string): string[] {
  const ext = extname(path);
  return ext === ".mjs" || ext === ".js"
    ? [process.execPath, "--disable-warning=ExperimentalWarning", path]
    : [path];
}

/** Finds `openclaw`; undefined when there is none. */
export function findOpenClaw(
  env: Readonly<Record<string, string | undefined>>,
  flag?: string,
  cwd: string = process.cwd(),
): OpenClawBin | undefined {
  if (flag) {
    const path = resolve(cwd, flag);
    return { argv: argvFor(path), source: "flag", path };
  }
  if (env.OPENCLAW_BIN) {
    const path = resolve(cwd, env.OPENCLAW_BIN);
    return { argv: argvFor(path), source: "env", path };
  }
  const onPath = whichSync("openclaw", env);
  if (onPath) return { argv: [onPath], source: "path", path: onPath };
  const root = workspaceRoot();
  if (root) {
    const path = join(root, "tools", "openclaw-e2e", "host", "node_modules", "openclaw", "openclaw.mjs");
    if (existsSync(path)) return { argv: argvFor(path), source: "workspace", path };
  }
  return undefined;
}

/** How long an `openclaw` that is being stopped gets after SIGTERM before its group is SIGKILLed. */
export const OPENCLAW_KILL_GRACE_MS = 2_000;

function signalGroup(pgid: number | undefined, signal: NodeJS.Signals): void {
  if (pgid === undefined) return;
  try {
    process.kill(-pgid, signal);
  } catch {
    // the group is gone already
  }
}

/**
 * Runs `openclaw ...args` to completion (stdin closed). After `timeoutMs`, or when `signal` aborts, its
 * whole process group is stopped (SIGTERM, then SIGKILL after {@link OPENCLAW_KILL_GRACE_MS}). A SIGINT or
 * SIGTERM of this process meanwhile is passed on to the group, which is stopped the same way; then this
 * process ends by that signal.
 */
export function runOpenClaw(
  bin: OpenClawBin,
  args: readonly string[],
  options: { env: Readonly<Record<string, string | undefined>>; timeoutMs?: number; signal?: AbortSignal },
): Promise<OpenClawResult> {
  const [file, ...prefix] = bin.argv as [string, ...string[]];
  const started = performance.now();
  return new Promise((resolvePromise, reject) => {
    const env = { ...options.env, OPENCLAW_NO_RESPAWN: "1" };
    const child = spawn(file, [...prefix, ...args], {
      env: Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined)),
      stdio: ["ignore", "pipe", "pipe"],
      // Its own group (pgid = pid): one kill reaches OpenClaw and everything it started.
      detached: true,
    });
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    let stopping = false;
    let interrupted: NodeJS.Signals | undefined;
    let killTimer: NodeJS.Timeout | undefined;
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    const stop = (first: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      signalGroup(child.pid, first);
      killTimer = setTimeout(() => signalGroup(child.pid, "SIGKILL"), OPENCLAW_KILL_GRACE_MS);
    };
    const timer = setTimeout(() => {
      timedOut = true;
      stop("SIGTERM");
    }, options.timeoutMs ?? 120_000);
    const onAbort = () => stop("SIGTERM");
    const onSignal = (signal: NodeJS.Signals) => {
      interrupted = signal;
      stop(signal);
    };
    // Never leave an OpenClaw behind when this process exits early.
    const onExit = () => signalGroup(child.pid, "SIGKILL");
    options.signal?.addEventListener("abort", onAbort, { once: true });
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
    process.once("exit", onExit);
    const finish = () => {
      clearTimeout(timer);
      clearTimeout(killTimer);
      // A stopped command's leftovers (a child that ignored SIGTERM) go now.
      if (stopping) signalGroup(child.pid, "SIGKILL");
      options.signal?.removeEventListener("abort", onAbort);
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      process.off("exit", onExit);
    };
    child.once("error", (error) => {
      finish();
      reject(error);
    });
    child.once("close", (exitCode, signal) => {
      finish();
      // Ctrl-C: end as the signal would have ended us without the handler (exit 130 by convention).
      if (interrupted) process.kill(process.pid, interrupted);
      resolvePromise({ exitCode, signal, stdout, stderr, durationMs: performance.now() - started, timedOut });
    });
  });
}

/** The first JSON object in a command's stdout (OpenClaw may print warnings before it). */
export function parseJsonOutput(stdout: string): Record<string, unknown> | undefined {
  const lines = stdout.split("\n");
  for (let index = 0; index < lines.length; index++) {
    if (!lines[index]?.startsWith("{")) continue;
    try {
      const parsed: unknown = JSON.parse(lines.slice(index).join("\n"));
      if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) {
        return parsed as Record<string, unknown>;
      }
    } catch {
      // not the start of the document
    }
  }
  return undefined;
}
