import { existsSync, readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { E2EError, tail } from "./errors.ts";
import {
  descendantsOf,
  isAlive,
  killProcesses,
  listProcesses,
  type ProcessInfo,
  signalGroup,
  signalProcess,
  waitForExit,
} from "./process-tree.ts";
import type { ProcessExit, TrackedProcess } from "./tracked-process.ts";

/** How a Gateway stop went. */
export interface GatewayStopResult extends ProcessExit {
  /** From sending the signal until the process had exited. */
  durationMs: number;
  /** True when the Gateway outlived the stop timeout and was SIGKILLed (with its process group). */
  forced: boolean;
}

/** What `Gateway` needs from its home. */
export interface GatewayOptions {
  process: TrackedProcess;
  port: number;
  logFile: string;
  /** How often to record the Gateway's descendants while it runs (`seenDescendants()`). */
  watchIntervalMs?: number;
}

/**
 * A running `openclaw gateway run`, started by `OpenClawHome.startGateway()`. Its stdout and stderr are
 * captured line by line; its descendants are recorded while it runs, so a child that outlives it can still
 * be found (and is killed by `cleanup()`).
 */
export class Gateway {
  /** Pid of the Gateway process (also its process group id). */
  readonly pid: number;
  readonly port: number;
  /** `http://127.0.0.1:<port>`: `/healthz`, `/readyz` and the WebSocket live here. */
  readonly url: string;
  /** The file log (JSON lines) this Gateway writes, per home. */
  readonly logFile: string;
  /** Milliseconds from spawn until `/readyz` answered 200 (set once ready). */
  readyMs: number | undefined;
  readonly #process: TrackedProcess;
  readonly #seen = new Map<number, ProcessInfo>();
  readonly #watch: NodeJS.Timeout;

  constructor(options: GatewayOptions) {
    this.#process = options.process;
    this.pid = options.process.pid;
    this.port = options.port;
    this.url = `http://127.0.0.1:${options.port}`;
    this.logFile = options.logFile;
    this.#watch = setInterval(() => this.#recordDescendants(), options.watchIntervalMs ?? 500);
    this.#watch.unref();
    void this.#process.exited.then(() => clearInterval(this.#watch));
  }

  /** Resolves when the Gateway process has exited, however that happened. */
  get exited(): Promise<ProcessExit> {
    return this.#process.exited;
  }

  /** True until the Gateway process has exited. */
  get running(): boolean {
    return this.#process.running;
  }

  /** Everything the Gateway printed (stdout and stderr, by line). With `verbose`, plugin logs are in it. */
  logs(): string {
    return this.#process.log.text();
  }

  /** The Gateway's file log (JSON lines), or "" before it exists. */
  fileLog(): string {
    return existsSync(this.logFile) ? readFileSync(this.logFile, "utf8") : "";
  }

  /**
   * Resolves with the first printed line matching `pattern` (already printed or still to come); rejects
   * with `LOG_WAIT_TIMEOUT` after `timeoutMs` or as soon as the Gateway exits without printing it.
   */
  waitForLog(pattern: RegExp, timeoutMs = 30_000): Promise<string> {
    return this.#process.log.waitFor(pattern, timeoutMs, "the Gateway");
  }

  /** The Gateway's live descendants right now (children, grandchildren, …). */
  descendants(): ProcessInfo[] {
    return this.running ? descendantsOf(this.pid) : [];
  }

  /**
   * Every descendant seen while the Gateway ran (sampled every 500 ms and at stop), alive or not:
   * check them with `isAlive(info)` after a stop to find processes the Gateway left behind.
   */
  seenDescendants(): ProcessInfo[] {
    this.#recordDescendants();
    return [...this.#seen.values()];
  }

  /**
   * Sends `signal` to the Gateway process only (as a service manager would) and waits for it to exit.
   * Children it leaves behind are not touched, so a test can check them; `cleanup()` kills them.
   * After `timeoutMs` the Gateway and its process group are SIGKILLed (`forced: true`).
   */
  async stop(
    signal: NodeJS.Signals = "SIGTERM",
    options: { timeoutMs?: number } = {},
  ): Promise<GatewayStopResult> {
    const started = Date.now();
    this.#recordDescendants();
    if (!this.running) return { ...(await this.exited), durationMs: 0, forced: false };
    signalProcess({ pid: this.pid }, signal);
    const timeoutMs = options.timeoutMs ?? 30_000;
    const timer = new AbortController();
    const outcome = await Promise.race([
      this.exited,
      sleep(timeoutMs, "timeout" as const, { signal: timer.signal }).catch(() => "timeout" as const),
    ]);
    timer.abort(); // a pending timer would keep the process alive for the rest of timeoutMs
    if (outcome !== "timeout") return { ...outcome, durationMs: Date.now() - started, forced: false };
    signalGroup(this.pid, "SIGKILL");
    signalProcess({ pid: this.pid }, "SIGKILL");
    return { ...(await this.exited), durationMs: Date.now() - started, forced: true };
  }

  /** SIGKILLs the Gateway process only, like a crash: its children are orphaned, not killed. */
  async kill(): Promise<GatewayStopResult> {
    return this.stop("SIGKILL");
  }

  /** Kills the Gateway, its group and every descendant ever seen (used by `cleanup()`). */
  async destroy(graceMs: number): Promise<ProcessInfo[]> {
    const seen = this.seenDescendants();
    if (this.running) {
      signalProcess({ pid: this.pid }, "SIGTERM");
      await waitForExit([{ pid: this.pid }], graceMs);
    }
    const self = this.#process.info();
    const { killed } = await killProcesses(
      [...(self ? [self] : []), ...seen.filter((info) => isAlive(info))],
      {
        groups: [this.pid],
      },
    );
    await this.exited;
    return killed;
  }

  #recordDescendants(): void {
    if (!this.running) return;
    for (const info of descendantsOf(this.pid, listProcesses())) this.#seen.set(info.pid, info);
  }
}

/**
 * Polls `GET /readyz` until it answers 200 (startup done, agents admitted: OpenClaw's own readiness
 * decision) or the process exits. Throws `GATEWAY_START_FAILED` with the Gateway's output otherwise.
 */
export async function waitUntilGatewayReady(
  gateway: Gateway,
  timeoutMs: number,
  started: number,
): Promise<void> {
  const deadline = started + timeoutMs;
  let lastAnswer = "no answer yet";
  while (gateway.running) {
    try {
      const response = await fetch(`${gateway.url}/readyz`, { signal: AbortSignal.timeout(2_000) });
      const body = await response.text();
      if (response.status === 200) {
        gateway.readyMs = Date.now() - started;
        return;
      }
      lastAnswer = `HTTP ${response.status} ${body.slice(0, 300)}`;
    } catch (error) {
      lastAnswer =
        error instanceof Error
          ? ((error.cause as Error | undefined)?.message ?? error.message)
          : String(error);
    }
    if (Date.now() >= deadline) {
      throw new E2EError(
        "GATEWAY_START_FAILED",
        `the Gateway on port ${gateway.port} was not ready within ${timeoutMs} ms (last /readyz: ${lastAnswer}).\n` +
          `Gateway output:\n${tail(gateway.logs())}`,
      );
    }
    await Promise.race([sleep(100), gateway.exited]);
  }
  const exit = await gateway.exited;
  throw new E2EError(
    "GATEWAY_START_FAILED",
    `the Gateway exited before it was ready (${exit.signal ?? `exit code ${exit.exitCode}`}).\n` +
      `Gateway output:\n${tail(gateway.logs())}`,
  );
}
