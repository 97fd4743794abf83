// Runs the real, pinned OpenClaw (tools/openclaw-e2e/host) for the differential tests: as a CLI, or — to batch
// many cases in one process — through the very functions its CLI commands call (see the *-runner.ts files).
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, "../../../..");

/** The installed `openclaw` package directory; throws with the fix when it is missing. */
export function openclawPackageDir(): string {
  const dir = path.join(repoRoot, "tools/openclaw-e2e/host/node_modules/openclaw");
  if (!existsSync(path.join(dir, "openclaw.mjs"))) {
    throw new Error(
      `real OpenClaw not found at ${dir}: run \`npm ci\` at the repository root (its postinstall installs the pinned OpenClaw).`,
    );
  }
  return dir;
}

/** Path of a runner script in this folder. */
export function runnerPath(name: string): string {
  return path.join(here, name);
}

/**
 * An environment for an OpenClaw child: the parent's PATH (Node 24 first), none of the test runner's variables
 * (OpenClaw switches to test shortcuts when it sees VITEST / NODE_ENV=test) and no OPENCLAW_* leaking in.
 */
export function cleanEnv(extra: Record<string, string | undefined>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined) continue;
    if (
      key.startsWith("VITEST") ||
      key === "NODE_ENV" ||
      key.startsWith("OPENCLAW_") ||
      key.startsWith("CLAWDBOT")
    ) {
      continue;
    }
    if (key === "HOME" || key === "USERPROFILE" || key === "TEST" || key === "NODE_OPTIONS") continue;
    env[key] = value;
  }
  env.NO_COLOR = "1";
  env.FORCE_COLOR = "0";
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

/** Result of a finished child process. */
export interface RunResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `node <args>` with Node 24 (this process's executable); kills it after `timeoutMs`. */
export function runNode(
  args: string[],
  options: { env: Record<string, string>; cwd?: string; timeoutMs?: number; input?: string },
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      env: options.env,
      cwd: options.cwd,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 120_000);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (exitCode, signal) => {
      clearTimeout(timer);
      resolve({ exitCode, signal, stdout, stderr });
    });
    child.stdin.end(options.input ?? "");
  });
}

/** Runs the real `openclaw` CLI. */
export function runOpenClaw(
  args: string[],
  options: { env: Record<string, string>; cwd?: string; timeoutMs?: number },
): Promise<RunResult> {
  return runNode([path.join(openclawPackageDir(), "openclaw.mjs"), ...args], options);
}

/** Maps `items` through `fn` with at most `limit` running at once (2 cores are shared: keep it small). */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  });
  await Promise.all(workers);
  return results;
}
