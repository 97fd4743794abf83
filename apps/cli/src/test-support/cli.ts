/**
 * Runs the built CLI (`dist/cli.js`, what users get) as a real child process. The `test` target depends
 * on `build`, so the bundle is fresh.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { runCommand } from "@proxykit/openclaw-e2e";
import { onTestFinished } from "vitest";

/** Absolute path of the bundle under test. */
export const CLI_BUNDLE = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "dist", "cli.js");

export interface CliResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  durationMs: number;
}

export interface RunCliOptions {
  /** The whole environment of the child (default: a copy of this process's, without colour switches). */
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Written to stdin, then closed. */
  input?: string;
  timeoutMs?: number;
}

/** A copy of `process.env` without the variables that change the CLI's colours or point at a config. */
export function baseEnv(extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env };
  // CI turns the spinner off: tests state it when they want it, so a run under CI tests the same thing.
  for (const name of [
    "CI",
    "NO_COLOR",
    "FORCE_COLOR",
    "OPENCLAW_CONFIG_PATH",
    "OPENCLAW_STATE_DIR",
    "OPENCLAW_HOME",
    "OPENCLAW_PROFILE",
  ]) {
    delete env[name];
  }
  return { ...env, ...extra };
}

/**
 * Runs `node dist/cli.js ...args` to completion, with the harness's `runCommand` (its own process group;
 * the CLI and everything it started are killed after `timeoutMs`, which then fails the test).
 */
export async function runCli(args: readonly string[], options: RunCliOptions = {}): Promise<CliResult> {
  if (!existsSync(CLI_BUNDLE)) {
    throw new Error(`${CLI_BUNDLE} is missing: run \`npx nx build cli\` (the test target does it first).`);
  }
  const { exitCode, signal, stdout, stderr, durationMs } = await runCommand(
    [process.execPath, CLI_BUNDLE, ...args],
    {
      env: options.env ?? baseEnv(),
      ...(options.cwd ? { cwd: options.cwd } : {}),
      input: options.input ?? "",
      timeoutMs: options.timeoutMs ?? 60_000,
    },
  );
  return { exitCode, signal, stdout, stderr, durationMs };
}

function definedOnly(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

/** A long-running CLI process (e.g. `run`), killed when the test finishes if still running. */
export interface CliProcess {
  pid: number;
  output(): string;
  stdout(): string;
  /** Resolves when `pattern` appears in stdout+stderr (rejects after `timeoutMs` or on exit). */
  waitFor(pattern: RegExp | string, timeoutMs?: number): Promise<void>;
  exited: Promise<{ exitCode: number | null; signal: NodeJS.Signals | null }>;
  kill(signal?: NodeJS.Signals): void;
}

/** Starts `node dist/cli.js ...args` and returns at once. */
export function startCli(args: readonly string[], options: RunCliOptions = {}): CliProcess {
  const child = spawn(process.execPath, [CLI_BUNDLE, ...args], {
    env: definedOnly(options.env ?? baseEnv()),
    cwd: options.cwd,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let all = "";
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const listener of listeners) listener();
  };
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
    all += chunk;
    notify();
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    all += chunk;
    notify();
  });
  const exited = new Promise<{ exitCode: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once("close", (exitCode, signal) => {
      notify();
      resolve({ exitCode, signal });
    });
  });
  let done = false;
  void exited.then(() => {
    done = true;
  });
  onTestFinished(async () => {
    if (!done) {
      child.kill("SIGKILL");
      await exited;
    }
  });
  return {
    pid: child.pid as number,
    output: () => all,
    stdout: () => stdout,
    exited,
    kill: (signal = "SIGTERM") => {
      child.kill(signal);
    },
    waitFor: (pattern, timeoutMs = 20_000) =>
      new Promise<void>((resolve, reject) => {
        const test = () => (typeof pattern === "string" ? all.includes(pattern) : pattern.test(all));
        const check = () => {
          if (test()) {
            cleanup();
            resolve();
          } else if (done) {
            cleanup();
            reject(new Error(`exited before ${pattern}; output:\n${all}`));
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`no ${pattern} within ${timeoutMs} ms; output:\n${all}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      }),
  };
}
