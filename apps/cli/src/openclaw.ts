/**
 * Finding and running the `openclaw` CLI: `--openclaw <path>` (or `OPENCLAW_BIN`) first, then `openclaw`
 * on PATH, then — in a clone of this repository — the pinned OpenClaw the workspace installs
 * (`tools/openclaw-e2e/host`). Commands run as argv arrays in our process group (a Ctrl-C reaches them
 * too), without OpenClaw's self re-spawn (`OPENCLAW_NO_RESPAWN=1`: one process to wait for and kill),
 * killed on timeout and when this process exits.
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

/** Runs `openclaw ...args` to completion (stdin closed), killing it after `timeoutMs`. */
export function runOpenClaw(
  bin: OpenClawBin,
  args: readonly string[],
  options: { env: Readonly<Record<string, string | undefined>>; timeoutMs?: number; signal?: AbortSignal },
): Promise<OpenClawResult> {
  const [file, ...prefix] = bin.argv as [string, ...string[]];
  const started = performance.now();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(file, [...prefix, ...args], {
      env: Object.fromEntries(
        Object.entries(options.env).filter((e): e is [string, string] => e[1] !== undefined),
      ),
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    const killChild = () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killChild();
    }, options.timeoutMs ?? 120_000);
    const onAbort = () => killChild();
    options.signal?.addEventListener("abort", onAbort, { once: true });
    // Never leave an OpenClaw behind when this process exits early.
    process.once("exit", killChild);
    child.once("error", (error) => {
      clearTimeout(timer);
      process.off("exit", killChild);
      reject(error);
    });
    child.once("close", (exitCode, signal) => {
      clearTimeout(timer);
      process.off("exit", killChild);
      options.signal?.removeEventListener("abort", onAbort);
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
