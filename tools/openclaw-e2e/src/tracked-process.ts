import { type ChildProcess, spawn } from "node:child_process";
import { LineLog } from "./line-log.ts";
import { type ProcessInfo, readProcess } from "./process-tree.ts";

/** How a process ended. */
export interface ProcessExit {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
}

/** Options of `spawnTracked`. */
export interface SpawnTrackedOptions {
  env: Record<string, string>;
  cwd: string;
  /** Written to stdin, which is then closed; without it stdin is `/dev/null`. */
  input?: string;
}

/**
 * A child process started by the harness: its own process group (pgid = pid, so `kill(-pid)` reaches the
 * whole group), stdout and stderr captured as text and as a line log, identity pinned by start time.
 */
export class TrackedProcess {
  readonly argv: readonly string[];
  readonly pid: number;
  /** Clock ticks since boot at start (`/proc/<pid>/stat`), to tell this process from a later pid reuse. */
  readonly startTime: number | undefined;
  /** `Date.now()` at spawn. */
  readonly startedAt: number;
  /** stdout and stderr, interleaved by line in arrival order. */
  readonly log = new LineLog();
  /** Resolves when the process has exited (never rejects). */
  readonly exited: Promise<ProcessExit>;
  #stdout = "";
  #stderr = "";
  #exit: ProcessExit | undefined;
  readonly #child: ChildProcess;

  constructor(argv: readonly string[], options: SpawnTrackedOptions) {
    const [command, ...args] = argv;
    if (!command) throw new TypeError("spawnTracked: empty argv");
    this.argv = argv;
    this.startedAt = Date.now();
    this.#child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: [options.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
    });
    if (this.#child.pid === undefined) {
      // spawn failed synchronously (ENOENT…): the error event follows.
      this.pid = -1;
      this.startTime = undefined;
    } else {
      this.pid = this.#child.pid;
      this.startTime = readProcess(this.pid)?.startTime;
    }
    this.#child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      this.#stdout += chunk;
      this.log.push("stdout", chunk);
    });
    this.#child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
      this.#stderr += chunk;
      this.log.push("stderr", chunk);
    });
    if (options.input !== undefined) this.#child.stdin?.end(options.input);
    this.exited = new Promise<ProcessExit>((resolve) => {
      const finish = (exit: ProcessExit, reason: string) => {
        if (this.#exit) return;
        this.#exit = exit;
        this.log.close(reason);
        resolve(exit);
      };
      this.#child.once("error", (error) => {
        this.#stderr += `${error.message}\n`;
        this.log.push("stderr", `${error.message}\n`);
        if (this.pid === -1) finish({ exitCode: null, signal: null }, `failed to start: ${error.message}`);
      });
      // "close": the process exited and its stdout/stderr are fully read.
      this.#child.once("close", (exitCode, signal) =>
        finish({ exitCode, signal }, signal ? `killed by ${signal}` : `exit code ${exitCode}`),
      );
    });
  }

  /** Everything written to stdout so far. */
  get stdout(): string {
    return this.#stdout;
  }

  /** Everything written to stderr so far. */
  get stderr(): string {
    return this.#stderr;
  }

  /** How it ended, once it has. */
  get exit(): ProcessExit | undefined {
    return this.#exit;
  }

  /** True until the process has exited. */
  get running(): boolean {
    return this.#exit === undefined && this.pid !== -1;
  }

  /** The process as `/proc` sees it now (`undefined` once gone). */
  info(): ProcessInfo | undefined {
    return this.running ? readProcess(this.pid) : undefined;
  }
}

/** Starts `argv` (no shell) as a tracked process in its own process group. */
export function spawnTracked(argv: readonly string[], options: SpawnTrackedOptions): TrackedProcess {
  return new TrackedProcess(argv, options);
}
