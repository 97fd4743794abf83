import { E2EError, tail } from "./errors.ts";
import { descendantsOf, killProcesses } from "./process-tree.ts";
import { spawnTracked, type TrackedProcess } from "./tracked-process.ts";

/** The outcome of one finished command. */
export interface CommandResult {
  argv: readonly string[];
  /** `null` when a signal ended it. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Wall time from spawn to exit. */
  durationMs: number;
}

/**
 * Waits for a tracked process to finish. After `timeoutMs` it SIGKILLs the process, its group and every
 * descendant, then throws `COMMAND_TIMEOUT` with the output so far.
 */
export async function runToCompletion(
  proc: TrackedProcess,
  timeoutMs: number,
  label: string,
): Promise<CommandResult> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), timeoutMs);
  });
  const outcome = await Promise.race([proc.exited, timedOut]);
  clearTimeout(timer);
  if (outcome === "timeout") {
    const self = proc.info();
    await killProcesses([...(self ? [self] : []), ...descendantsOf(proc.pid)], { groups: [proc.pid] });
    await proc.exited;
    throw new E2EError(
      "COMMAND_TIMEOUT",
      `${label} did not finish within ${timeoutMs} ms and was killed (pass a larger timeoutMs if it is expected to be slow).\n` +
        `stdout:\n${tail(proc.stdout)}\nstderr:\n${tail(proc.stderr)}`,
    );
  }
  return {
    argv: proc.argv,
    exitCode: outcome.exitCode,
    signal: outcome.signal,
    stdout: proc.stdout,
    stderr: proc.stderr,
    durationMs: Date.now() - proc.startedAt,
  };
}

/** Throws `COMMAND_FAILED` (with the output) unless the command exited with code 0. */
export function assertSucceeded(result: CommandResult, label: string): CommandResult {
  if (result.exitCode === 0) return result;
  const how = result.signal ? `was killed by ${result.signal}` : `exited with code ${result.exitCode}`;
  throw new E2EError(
    "COMMAND_FAILED",
    `${label} ${how}.\nstdout:\n${tail(result.stdout)}\nstderr:\n${tail(result.stderr)}`,
  );
}

/** Options of {@link runCommand}. */
export interface RunCommandOptions {
  /** The whole environment of the command (`undefined` values are left out). */
  env: Readonly<Record<string, string | undefined>>;
  /** Default: this process's working directory. */
  cwd?: string;
  /** Written to stdin, which is then closed; without it stdin is `/dev/null`. */
  input?: string;
  /** Default 300 s; then the command, its process group and its descendants are killed. */
  timeoutMs?: number;
}

/**
 * Runs `argv` (no shell) to completion in its own process group, the way the harness runs `openclaw`:
 * stdout and stderr captured, a non-zero exit returned (not thrown). After `timeoutMs` the command, its
 * group and every descendant are SIGKILLed and `COMMAND_TIMEOUT` is thrown with the output so far.
 */
export function runCommand(argv: readonly string[], options: RunCommandOptions): Promise<CommandResult> {
  const env = Object.fromEntries(
    Object.entries(options.env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  const proc = spawnTracked(argv, {
    env,
    cwd: options.cwd ?? process.cwd(),
    ...(options.input !== undefined ? { input: options.input } : {}),
  });
  return runToCompletion(proc, options.timeoutMs ?? 300_000, argv.join(" "));
}
