/**
 * The Supervisor: one object per child process. Every decision is taken by one run loop (`#main`), so
 * concurrent `start()`/`stop()` calls cannot interleave: the public methods only enqueue commands that
 * start the loop or abort it and wait for it to finish its clean-up.
 */
import { randomBytes } from "node:crypto";
import { EventEmitter } from "node:events";
import { type FSWatcher, statSync, watch } from "node:fs";
import { basename, dirname } from "node:path";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { execa } from "execa";
import {
  type Classification,
  classifyExit,
  DEFAULT_EXIT_PATTERNS,
  type ExitKind,
  type ExitPatterns,
} from "./classify.ts";
import { buildChildEnv, DEFAULT_DROPPED_ENV, expandArgv } from "./env.ts";
import { SupervisorError, type SupervisorErrorCode } from "./errors.ts";
import { groupExists, terminate } from "./group.ts";
import { forgetOnExit, killOnExit } from "./parent-exit.ts";
import {
  describeProcess,
  holdPidFile,
  judgePidFile,
  type OrphanVerdict,
  ownStartTime,
  readPidFile,
  reclaimOrphan,
  releasePidFile,
  removePidFile,
  writePidFile,
} from "./pid-file.ts";
import { isPortInUse, waitPortFree } from "./port.ts";
import { bootId, processInfo } from "./proc.ts";
import { redactSecrets } from "./redact.ts";
import { RestartPolicy } from "./restart-policy.ts";
import { Ring } from "./ring.ts";
import type {
  ExitRecord,
  InspectPort,
  OutputLine,
  Probe,
  ProbeOutcome,
  StateChange,
  SupervisorEvents,
  SupervisorLogger,
  SupervisorOptions,
  SupervisorState,
  SupervisorStatus,
} from "./types.ts";

/** States in which `start()` resolves: the supervisor has reached a verdict. */
const SETTLED: ReadonlySet<SupervisorState> = new Set([
  "ready",
  "adopted",
  "needs-login",
  "failed",
  "stopped",
]);

interface Resolved {
  command: readonly string[];
  name: string;
  host: string;
  port: number | undefined;
  cwd: string | undefined;
  baseEnv: Readonly<Record<string, string | undefined>>;
  dropEnv: readonly string[];
  hostEnv: readonly string[];
  portEnv: readonly string[];
  env: Readonly<Record<string, string | undefined>> | undefined;
  probe: Probe | undefined;
  healthyStates: ReadonlySet<string>;
  inspectPort: InspectPort | undefined;
  readyPattern: RegExp | undefined;
  startupTimeoutMs: number;
  probeTimeoutMs: number;
  livenessIntervalMs: number;
  livenessFailureThreshold: number;
  autoRestart: boolean;
  stopTimeoutMs: number;
  loginRetryMs: number;
  credentialsFile: string | undefined;
  loginHint: string | undefined;
  patterns: ExitPatterns;
  pidFile: string | undefined;
  markerEnv: string;
  logger: SupervisorLogger;
  redact: (line: string) => string;
  killOnParentExit: boolean;
}

interface RawExit {
  exitCode: number | null;
  signal: string | null;
  spawnErrorCode?: string | undefined;
}

interface Run {
  pid: number | undefined;
  file: string;
  argv: string[];
  startedAt: number;
  startedAtHr: number;
  readyAt: number | undefined;
  marker: { name: string; value: string };
  exited: Promise<RawExit>;
  /** This run's output, for the exit classifier. */
  lines: Ring<string>;
  /** Set while someone wants to hear about new output (readiness). */
  onLine: ((text: string) => void) | undefined;
  alive: boolean;
  /** The credentials file as it was at spawn time, to notice a login that happened meanwhile. */
  credentials: string;
  /** Resolves when both output streams ended (every line has been read). */
  drained: Promise<unknown>;
}

interface ProbeVerdict {
  healthy: boolean;
  loggedIn: boolean | undefined;
  reason: string;
}

/** A pid file whose child runs under another live supervisor. */
type SupervisedElsewhere = Extract<OrphanVerdict, { kind: "supervised" }>;

type MonitorOutcome =
  | { kind: "exit" }
  | { kind: "aborted" }
  | { kind: "unresponsive"; exitKind: "hung" | "startup-timeout"; reason: string };

const NOOP_LOGGER: SupervisorLogger = { info() {}, warn() {}, error() {} };

function nonNegative(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new SupervisorError(
      "INVALID_OPTIONS",
      `option "${name}" must be a number ≥ 0, got ${String(value)}`,
    );
  }
  return value;
}

function resolveOptions(o: SupervisorOptions): Resolved {
  if (
    !Array.isArray(o.command) ||
    o.command.length === 0 ||
    o.command.some((a) => typeof a !== "string") ||
    o.command[0] === ""
  ) {
    throw new SupervisorError(
      "INVALID_OPTIONS",
      'option "command" must be a non-empty array of strings (argv, e.g. ["node", "server.js"]), never a shell string',
    );
  }
  if (o.port !== undefined && (!Number.isInteger(o.port) || o.port < 1 || o.port > 65535)) {
    throw new SupervisorError(
      "INVALID_OPTIONS",
      `option "port" must be an integer 1–65535, got ${String(o.port)}`,
    );
  }
  const threshold = nonNegative("livenessFailureThreshold", o.livenessFailureThreshold, 3);
  return {
    command: [...o.command],
    name: o.name ?? basename(o.command[0] as string),
    host: o.host ?? "127.0.0.1",
    port: o.port,
    cwd: o.cwd,
    baseEnv: o.baseEnv ?? process.env,
    dropEnv: o.dropEnv ?? DEFAULT_DROPPED_ENV,
    hostEnv: o.hostEnv ?? [],
    portEnv: o.portEnv ?? [],
    env: o.env,
    probe: o.probe,
    healthyStates: new Set(o.healthyStates ?? ["healthy", "degraded", "ok"]),
    inspectPort: o.inspectPort,
    readyPattern: o.readyPattern,
    startupTimeoutMs: nonNegative("startupTimeoutMs", o.startupTimeoutMs, 30_000),
    probeTimeoutMs: nonNegative("probeTimeoutMs", o.probeTimeoutMs, 2_000),
    livenessIntervalMs: nonNegative("livenessIntervalMs", o.livenessIntervalMs, 5_000),
    livenessFailureThreshold: Math.max(1, Math.round(threshold)),
    autoRestart: o.autoRestart ?? true,
    stopTimeoutMs: nonNegative("stopTimeoutMs", o.stopTimeoutMs, 5_000),
    loginRetryMs: nonNegative("loginRetryMs", o.loginRetryMs, 60_000),
    credentialsFile: o.credentialsFile,
    loginHint: o.loginHint,
    patterns: { ...DEFAULT_EXIT_PATTERNS, ...o.patterns },
    pidFile: o.pidFile,
    markerEnv: o.markerEnv ?? "PROXYKIT_SUPERVISED_BY",
    logger: o.logger ?? NOOP_LOGGER,
    redact: o.redact ?? redactSecrets,
    killOnParentExit: o.killOnParentExit ?? true,
  };
}

/** Waits for `promise`, at most `ms` (the timer does not outlive it). */
function within(promise: Promise<unknown>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    void promise.then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      () => {
        clearTimeout(timer);
        resolve();
      },
    );
  });
}

/** Identity of a file's current version ("" when absent), to tell whether it changed. */
function fileFingerprint(path: string | undefined): string {
  if (!path) return "";
  try {
    const st = statSync(path);
    return `${st.ino}:${st.size}:${st.mtimeMs}`;
  } catch {
    return "";
  }
}

/**
 * What is wrong with `cwd`, if anything. Checked before each spawn: a missing working directory makes the
 * spawn fail with ENOENT, which would otherwise read as a command that is not on PATH.
 */
function cwdProblem(cwd: string | undefined): string | undefined {
  if (cwd === undefined) return undefined;
  try {
    if (statSync(cwd).isDirectory()) return undefined;
    return `working directory "${cwd}" is not a directory (option "cwd"). Set cwd to an existing directory`;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== "ENOENT" && code !== "ENOTDIR") return undefined; // let the spawn report it
    return `working directory "${cwd}" does not exist (option "cwd"). Create it, or set cwd to an existing directory`;
  }
}

function commandText(command: string | readonly string[]): string {
  return typeof command === "string" ? command : command.join(" ");
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Readiness polling between output lines: every 25 ms at first, then a tenth of the time already spent,
 * at most 250 ms. Gentle on purpose: a booting server shares the CPU with its supervisor, and the fast
 * path is the output-line trigger (see `#monitor`).
 */
function readinessInterval(elapsedMs: number): number {
  return Math.min(250, Math.max(25, Math.round(elapsedMs / 10)));
}

/** After an output line: probe at once, then after 5, 10 and 20 ms (servers print around their listen()). */
const LINE_BURST_MS: readonly number[] = [5, 10, 20];

/**
 * Keeps one child process alive, correctly. See the package README for the state diagram.
 *
 * ```ts
 * const sup = new Supervisor({ command: ["node", "server.js"], port: 8080, probe });
 * sup.on("state", (c) => console.log(c.state, c.reason));
 * await sup.start(); // resolves once ready, adopted, needs-login or failed
 * await sup.stop();  // resolves once every process of the group is gone and the port is free
 *                    // (or says STOP_INCOMPLETE in its status when that could not be done)
 * ```
 */
export class Supervisor extends EventEmitter<SupervisorEvents> {
  readonly #o: Resolved;
  readonly #probe: Probe | undefined;
  readonly #policy: RestartPolicy;
  readonly #output: Ring<OutputLine>;
  #state: SupervisorState = "stopped";
  #reason: string | undefined;
  #since = Date.now();
  #queue: Promise<unknown> = Promise.resolve();
  #loop: Promise<void> | undefined;
  #abort: AbortController | undefined;
  #run: Run | undefined;
  /** The marker of the last run, to find its escaped descendants later. */
  #lastMarker: { name: string; value: string } | undefined;
  #spawns = 0;
  #lastExit: ExitRecord | undefined;
  #lastError: string | undefined;
  /** Why the supervisor is `failed` (the code of the last `#fail`), cleared by the next `start()`. */
  #failureCode: SupervisorErrorCode | undefined;
  #adopted: { pid?: number; command?: string; supervisedBy?: { pid: number; command?: string } } | undefined;
  #nextAttemptAt: number | undefined;
  /** The run loop has decided to end and is cleaning up. */
  #finishing = false;
  /** The next cycle follows a crash of our own child (its group reaped): no pre-spawn port check. */
  #restartingAfterCrash = false;
  /** Cuts the current restart delay or login wait short (see `retryNow()`). */
  #wake: (() => void) | undefined;
  /** `waitFor` predicates, re-checked on every state or reason change. */
  readonly #watchers = new Set<() => void>();

  constructor(options: SupervisorOptions) {
    super();
    this.#o = resolveOptions(options);
    const o = this.#o;
    this.#probe = o.probe ?? (o.port !== undefined ? tcpProbe : undefined);
    this.#output = new Ring(Math.max(1, Math.round(options.outputLines ?? 200)));
    this.#policy = new RestartPolicy({
      delayMs: nonNegative("restartDelayMs", options.restartDelayMs, 1_000),
      maxDelayMs: nonNegative("maxRestartDelayMs", options.maxRestartDelayMs, 30_000),
      factor: Math.max(1, nonNegative("backoffFactor", options.backoffFactor, 2)),
      stableAfterMs: nonNegative("stableAfterMs", options.stableAfterMs, 30_000),
      maxCrashes: Math.max(1, Math.round(nonNegative("maxCrashes", options.maxCrashes, 5))),
      windowMs: nonNegative("crashWindowMs", options.crashWindowMs, 60_000),
    });
  }

  /** The name used in log lines. */
  get name(): string {
    return this.#o.name;
  }

  /** The current state (shortcut for `status().state`). */
  get state(): SupervisorState {
    return this.#state;
  }

  /** A snapshot: state, reason, pid, uptime, restarts, last exit, last error, recent output. */
  status(): SupervisorStatus {
    const run = this.#run;
    const now = Date.now();
    return {
      state: this.#state,
      reason: this.#reason,
      since: this.#since,
      name: this.#o.name,
      command: expandArgv(this.#o.command, { host: this.#o.host, port: this.#o.port }),
      host: this.#o.host,
      port: this.#o.port,
      pid: run?.alive ? run.pid : undefined,
      pgid: run?.alive ? run.pid : undefined,
      startedAt: run?.alive ? run.startedAt : undefined,
      readyAt: run?.alive ? run.readyAt : undefined,
      uptimeMs: run?.alive ? now - run.startedAt : undefined,
      restarts: Math.max(0, this.#spawns - 1),
      crashesInWindow: this.#policy.crashesInWindow(now),
      nextAttemptAt: this.#nextAttemptAt,
      lastExit: this.#lastExit,
      lastError: this.#lastError,
      failureCode:
        this.#state === "failed" || (this.#state === "stopped" && this.#failureCode === "STOP_INCOMPLETE")
          ? this.#failureCode
          : undefined,
      adopted: this.#adopted,
      output: this.#output.toArray(),
    };
  }

  /**
   * Starts supervising. A no-op while already running (no second child, ever). Resolves with the status
   * once the supervisor reaches `ready`, `adopted`, `needs-login`, `failed` or `stopped`; never rejects
   * because of the child (the state says what happened).
   */
  async start(): Promise<SupervisorStatus> {
    await this.#enqueue(async () => {
      // A loop that already ended (failed) but is still cleaning up — or has just reached `failed` and is
      // about to return — let it finish, then start anew.
      if (this.#loop && (this.#finishing || this.#state === "failed")) await this.#loop;
      if (!this.#loop) this.#begin();
    });
    return this.#waitSettled();
  }

  /**
   * Stops: TERM to the whole process group (and marked descendants), KILL after `stopTimeoutMs`, then
   * waits until every one of them is gone and the port is free. Idempotent; safe to call concurrently
   * with `start()`. An adopted server is left running (it is not ours). Resolves in `stopped` also when a
   * process survived SIGKILL or the port stayed taken: then `failureCode` is `STOP_INCOMPLETE` and
   * `reason`/`lastError` say what is left.
   */
  async stop(): Promise<SupervisorStatus> {
    await this.#enqueue(async () => {
      if (this.#loop && this.#abort) {
        this.#abort.abort();
        await this.#loop;
      }
      if (this.#state !== "stopped") this.#setState("stopped", "stopped by request");
    });
    return this.status();
  }

  /** `stop()` then `start()`, serialised with other calls. */
  async restart(): Promise<SupervisorStatus> {
    await this.stop();
    return this.start();
  }

  /**
   * Cuts a pending wait short: the backoff delay in `restarting`, or the slow retry in `needs-login`
   * (e.g. after the user logged in where no credentials file can be watched, such as a macOS Keychain).
   * Returns false when nothing was waiting.
   */
  retryNow(): boolean {
    const wake = this.#wake;
    if (!wake) return false;
    this.#o.logger.info(`${this.#o.name}: retrying now (requested)`);
    wake();
    return true;
  }

  /**
   * Resolves with the status as soon as `predicate` holds (checked now and on every state change);
   * rejects with a `TIMEOUT` error after `timeoutMs`, or with `signal.reason` when `signal` aborts (at
   * once when it is already aborted).
   */
  waitFor(
    predicate: SupervisorState | readonly SupervisorState[] | ((status: SupervisorStatus) => boolean),
    options: { timeoutMs?: number; signal?: AbortSignal } = {},
  ): Promise<SupervisorStatus> {
    const test =
      typeof predicate === "function"
        ? predicate
        : (s: SupervisorStatus) =>
            typeof predicate === "string" ? s.state === predicate : predicate.includes(s.state);
    // An abort that already happened fires no event: without this check the wait would never end.
    if (options.signal?.aborted) return Promise.reject(options.signal.reason ?? new Error("aborted"));
    const now = this.status();
    if (test(now)) return Promise.resolve(now);
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const cleanup = () => {
        this.#watchers.delete(onState);
        clearTimeout(timer);
        options.signal?.removeEventListener("abort", onAbort);
      };
      const onState = () => {
        const s = this.status();
        if (test(s)) {
          cleanup();
          resolve(s);
        }
      };
      const onAbort = () => {
        cleanup();
        reject(options.signal?.reason ?? new Error("aborted"));
      };
      this.#watchers.add(onState);
      options.signal?.addEventListener("abort", onAbort, { once: true });
      if (options.timeoutMs !== undefined) {
        timer = setTimeout(() => {
          cleanup();
          const s = this.status();
          reject(
            new SupervisorError(
              "TIMEOUT",
              `${this.#o.name}: still "${s.state}" (${s.reason ?? "no reason"}) after ${options.timeoutMs} ms`,
            ),
          );
        }, options.timeoutMs);
      }
    });
  }

  /** `await using sup = new Supervisor(…)` stops it at the end of the scope. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }

  // ───────────────────────────── serialisation ─────────────────────────────

  #enqueue(op: () => void | Promise<void>): Promise<void> {
    const next = this.#queue.then(op);
    this.#queue = next.catch(() => {});
    return next;
  }

  #waitSettled(): Promise<SupervisorStatus> {
    if (SETTLED.has(this.#state)) return Promise.resolve(this.status());
    return this.waitFor((s) => SETTLED.has(s.state));
  }

  #begin(): void {
    const ctl = new AbortController();
    this.#abort = ctl;
    this.#policy.reset();
    this.#restartingAfterCrash = false;
    this.#spawns = 0;
    this.#lastError = undefined;
    this.#failureCode = undefined;
    this.#nextAttemptAt = undefined;
    this.#setState("starting", "starting");
    this.#loop = this.#main(ctl.signal).finally(() => {
      this.#loop = undefined;
      this.#abort = undefined;
    });
  }

  // ───────────────────────────── the run loop ─────────────────────────────

  async #main(signal: AbortSignal): Promise<void> {
    try {
      await this.#reclaim();
      while (!signal.aborted && (await this.#cycle(signal))) {
        // each cycle: port check → spawn → watch → classify the exit → wait
      }
    } catch (e) {
      if (!signal.aborted) this.#fail("INTERNAL", `internal error: ${message(e)}`);
    } finally {
      this.#finishing = true;
      try {
        await this.#cleanup(signal.aborted);
      } finally {
        this.#finishing = false;
      }
    }
  }

  /** One life of the child. Returns false when the loop must end (failed or stopped). */
  async #cycle(signal: AbortSignal): Promise<boolean> {
    const o = this.#o;
    // Look at the port before spawning, except right after our own child crashed and its whole group
    // was reaped: nobody else is expected there, and a newcomer is still caught by the port-in-use exit.
    const checkPort = !this.#restartingAfterCrash;
    this.#restartingAfterCrash = false;
    // The pid file names a child that another live supervisor runs (a Gateway while `run` starts, say):
    // it is that supervisor's, never ours to kill or to duplicate.
    const elsewhere = checkPort ? this.#supervisedElsewhere() : undefined;
    if (elsewhere) return this.#deferTo(elsewhere, signal);
    if (checkPort && o.port !== undefined && (await isPortInUse(o.host, o.port))) {
      if (signal.aborted) return false;
      const held = await this.#judgePort(signal);
      if (held.kind === "ours") return !signal.aborted;
      if (held.kind === "adopt") {
        await this.#watchAdopted(held.listener, signal);
        return !signal.aborted;
      }
      if (held.kind === "foreign") {
        this.#fail("PORT_IN_USE", held.message);
        return false;
      }
    }
    if (signal.aborted) return false;
    const badCwd = cwdProblem(o.cwd);
    if (badCwd) {
      this.#fail("CWD_NOT_FOUND", badCwd);
      return false;
    }

    const run = this.#spawn();
    const outcome = await this.#monitor(run, signal);
    if (outcome.kind === "aborted") return false;
    if (outcome.kind === "unresponsive") {
      this.#o.logger.warn(`${o.name}: ${outcome.reason}; terminating pid ${run.pid}`);
      await this.#terminateRun(run);
    }
    const raw = await run.exited;
    await this.#reapLeftovers(run);
    // 'exit' can come before the last lines were read; they decide the classification — except for a
    // death by signal, which is a crash whatever was printed (and must not wait: restart latency).
    if (raw.signal === null) await within(run.drained, 250);
    const cls: Classification =
      outcome.kind === "unresponsive"
        ? { kind: outcome.exitKind }
        : classifyExit(
            {
              spawnErrorCode: raw.spawnErrorCode,
              exitCode: raw.exitCode,
              signal: raw.signal,
              lines: run.lines.toArray(),
              wasReady: run.readyAt !== undefined,
            },
            o.patterns,
          );
    const reason =
      outcome.kind === "unresponsive" ? outcome.reason : this.#exitReason(run, raw, cls.kind, cls.evidence);
    const record: ExitRecord = {
      pid: run.pid,
      exitCode: raw.exitCode,
      signal: raw.signal,
      kind: cls.kind,
      reason,
      at: Date.now(),
      uptimeMs: Date.now() - run.startedAt,
    };
    this.#lastExit = record;
    if (this.#run === run) this.#run = undefined;
    this.#emit("exit", record);
    if (signal.aborted) return false;

    switch (cls.kind) {
      case "not-found":
        this.#fail("COMMAND_NOT_FOUND", reason);
        return false;
      case "not-executable":
        this.#fail("COMMAND_NOT_EXECUTABLE", reason);
        return false;
      case "not-logged-in":
        await this.#waitForLogin(reason, run.credentials, signal);
        return !signal.aborted;
      case "port-in-use": {
        if (o.port === undefined) break;
        const held = await this.#judgePort(signal);
        if (held.kind === "adopt") {
          await this.#watchAdopted(held.listener, signal);
          return !signal.aborted;
        }
        if (held.kind === "foreign") {
          this.#fail("PORT_IN_USE", held.message);
          return false;
        }
        break; // freed meanwhile, or ours: an ordinary crash
      }
      default:
        break;
    }

    // An ordinary crash, a hang or a start that took too long: restart with backoff, or give up.
    if (!o.autoRestart) {
      this.#fail("NOT_RESTARTED", `${reason} (autoRestart is off)`);
      return false;
    }
    const now = Date.now();
    const decision = this.#policy.recordCrash(now, run.readyAt !== undefined ? now - run.readyAt : 0);
    if (decision.giveUp) {
      const windowS = Math.round(this.#policy.options.windowMs / 1000);
      const tail = this.#output
        .last(10)
        .map((l) => `  ${l.text}`)
        .join("\n");
      this.#fail(
        "CRASH_LOOP",
        `crash loop: ${decision.crashesInWindow} crashes within ${windowS} s, giving up (last: ${reason}).` +
          (tail ? `\nLast output:\n${tail}` : ""),
      );
      return false;
    }
    const { maxCrashes, windowMs } = this.#policy.options;
    this.#nextAttemptAt = now + decision.delayMs;
    this.#setState(
      "restarting",
      `${reason}; restarting in ${decision.delayMs} ms (crash ${decision.crashesInWindow} of ${maxCrashes} allowed within ${Math.round(windowMs / 1000)} s)`,
    );
    if (decision.delayMs > 0) await this.#pause(decision.delayMs, signal);
    this.#nextAttemptAt = undefined;
    this.#restartingAfterCrash = true;
    return !signal.aborted;
  }

  /** Waits `ms`, or less when aborted or woken by `retryNow()`. */
  #pause(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener("abort", done);
        if (this.#wake === done) this.#wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener("abort", done, { once: true });
      this.#wake = done;
    });
  }

  #exitReason(run: Run, raw: RawExit, kind: ExitKind, evidence: string | undefined): string {
    const how =
      raw.spawnErrorCode !== undefined
        ? raw.spawnErrorCode
        : raw.signal !== null
          ? `killed by ${raw.signal}`
          : `exit code ${raw.exitCode}`;
    const said = evidence !== undefined ? `: "${evidence}"` : "";
    switch (kind) {
      case "not-found":
        return raw.spawnErrorCode === "ENOENT"
          ? `command not found: "${run.file}" is not on PATH (ENOENT). Install it, or set the command to an installed executable`
          : `command not found (${how})${said}. Install it, or set the command to an installed executable`;
      case "not-executable":
        return `command not executable: "${run.file}" (${how})${said}. Fix its permissions, or set the command to an executable`;
      case "port-in-use":
        return `port ${this.#o.port} is already in use (${how})${said}`;
      case "not-logged-in":
        return `not logged in${said}${this.#o.loginHint ? ` — ${this.#o.loginHint}` : ""}`;
      default: {
        const last = run.lines.last(1)[0];
        return `exited (${how})${last !== undefined ? `; last output: "${last}"` : ""}`;
      }
    }
  }

  // ───────────────────────────── spawning and output ─────────────────────────────

  #spawn(): Run {
    const o = this.#o;
    const argv = expandArgv(o.command, { host: o.host, port: o.port });
    const [file, ...args] = argv as [string, ...string[]];
    const marker = { name: o.markerEnv, value: `${process.pid}.${randomBytes(8).toString("hex")}` };
    const env = buildChildEnv({
      base: o.baseEnv,
      drop: o.dropEnv,
      host: o.host,
      port: o.port,
      hostVars: o.hostEnv,
      portVars: o.portEnv,
      extra: o.env,
    });
    env[marker.name] = marker.value;
    this.#spawns++;
    const startedAt = Date.now();
    const startedAtHr = performance.now();
    const sub = execa(file, args, {
      cwd: o.cwd,
      env,
      extendEnv: false,
      detached: true,
      stdin: "ignore",
      stdout: "pipe",
      stderr: "pipe",
      buffer: false,
      reject: false,
      cleanup: false,
      forceKillAfterDelay: false,
      windowsHide: true,
    });
    const child = sub.nodeChildProcess;
    const run: Run = {
      pid: child.pid,
      file,
      argv,
      startedAt,
      startedAtHr,
      readyAt: undefined,
      marker,
      exited: Promise.resolve({ exitCode: null, signal: null }),
      lines: new Ring(50),
      onLine: undefined,
      alive: child.pid !== undefined,
      credentials: fileFingerprint(o.credentialsFile),
      drained: Promise.resolve(),
    };
    run.exited = new Promise<RawExit>((resolve) => {
      let done = false;
      const finish = (x: RawExit) => {
        if (done) return;
        done = true;
        run.alive = false;
        resolve(x);
      };
      child.once("exit", (code, sig) => finish({ exitCode: code, signal: sig }));
      child.once("error", (err: NodeJS.ErrnoException) => {
        if (child.pid === undefined)
          finish({ exitCode: null, signal: null, spawnErrorCode: err.code ?? "ESPAWN" });
      });
      // Execa's own result: covers spawn failures that never emit on the child (EMFILE…).
      sub.then(
        (r) => {
          if (child.pid === undefined) {
            finish({
              exitCode: r.exitCode ?? null,
              signal: r.signal ?? null,
              spawnErrorCode: r.code ?? "ESPAWN",
            });
          }
        },
        () => {},
      );
    });
    this.#run = run;
    this.#lastMarker = marker;
    run.drained = Promise.all([
      this.#readLines(run, child.stdout, "stdout"),
      this.#readLines(run, child.stderr, "stderr"),
    ]);

    if (run.pid !== undefined) {
      if (o.killOnParentExit) killOnExit(run.pid);
      if (o.pidFile) {
        try {
          writePidFile(o.pidFile, {
            version: 1,
            pid: run.pid,
            pgid: run.pid,
            command: argv,
            host: o.host,
            port: o.port,
            startedAt: new Date(startedAt).toISOString(),
            processStartTime: processInfo(run.pid)?.startTime ?? "",
            bootId: bootId(),
            marker,
            supervisorPid: process.pid,
            supervisorStartTime: ownStartTime(),
          });
          holdPidFile(o.pidFile, this);
        } catch (e) {
          o.logger.warn(`${o.name}: could not write the pid file ${o.pidFile}: ${message(e)}`);
        }
      }
    }
    // The argv may carry a key (`--api-key=…`): redacted like output before it reaches a log line.
    this.#setState("starting", `spawned pid ${run.pid ?? "?"}: ${o.redact(argv.join(" "))}`);
    return run;
  }

  #readLines(run: Run, stream: Readable | null | undefined, name: "stdout" | "stderr"): Promise<void> {
    if (!stream) return Promise.resolve();
    const rl = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
    const closed = new Promise<void>((resolve) => rl.once("close", resolve));
    rl.on("line", (raw) => {
      const text = this.#o.redact(raw.length > 4000 ? `${raw.slice(0, 4000)}…` : raw);
      const line: OutputLine = { stream: name, text, at: Date.now() };
      this.#output.push(line);
      run.lines.push(text);
      this.#o.logger.info(`[${this.#o.name}${name === "stderr" ? ":err" : ""}] ${text}`);
      this.#emit("output", line);
      run.onLine?.(text);
    });
    stream.on("error", () => {});
    return closed;
  }

  // ───────────────────────────── readiness and liveness ─────────────────────────────

  async #runProbe(signal: AbortSignal): Promise<ProbeVerdict> {
    const probe = this.#probe;
    if (!probe) return { healthy: true, loggedIn: undefined, reason: "no probe" };
    const o = this.#o;
    const ctl = new AbortController();
    const onOuter = () => ctl.abort(signal.reason);
    signal.addEventListener("abort", onOuter, { once: true });
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<ProbeVerdict>((resolve) => {
        timer = setTimeout(() => {
          ctl.abort(new Error("probe timeout"));
          resolve({ healthy: false, loggedIn: undefined, reason: `no answer within ${o.probeTimeoutMs} ms` });
        }, o.probeTimeoutMs);
      });
      const answer = Promise.resolve()
        .then(() => probe({ host: o.host, port: o.port, signal: ctl.signal, timeoutMs: o.probeTimeoutMs }))
        .then(
          (v) => this.#verdict(v),
          (e: unknown): ProbeVerdict => ({ healthy: false, loggedIn: undefined, reason: message(e) }),
        );
      return await Promise.race([answer, timeout]);
    } finally {
      clearTimeout(timer);
      signal.removeEventListener("abort", onOuter);
    }
  }

  /** `answer` is typed `unknown`: a JavaScript caller's probe can answer anything. */
  #verdict(answer: unknown): ProbeVerdict {
    if (typeof answer === "boolean")
      return { healthy: answer, loggedIn: undefined, reason: answer ? "healthy" : "probe failed" };
    // A JavaScript probe that forgot its `return` answers undefined: a failed probe, never a crash.
    if (typeof answer !== "object" || answer === null) {
      const said = typeof answer === "string" ? JSON.stringify(answer) : String(answer);
      return { healthy: false, loggedIn: undefined, reason: `probe returned ${said}` };
    }
    const v = answer as ProbeOutcome;
    const healthy = this.#o.healthyStates.has(v.state);
    return {
      healthy,
      loggedIn: v.auth?.loggedIn,
      reason: v.reason ? `${v.state}: ${v.reason}` : v.state,
    };
  }

  /**
   * Watches one run until it exits, stops answering, takes too long to start, or we are aborted.
   * Readiness: a probe at once, on every new output line (then 5, 10, 20 ms later: servers print a line
   * around their listen()), and otherwise every 25 ms growing to 250 ms. Liveness: every
   * `livenessIntervalMs` once ready.
   */
  #monitor(run: Run, signal: AbortSignal): Promise<MonitorOutcome> {
    const o = this.#o;
    return new Promise<MonitorOutcome>((resolve, reject) => {
      let finished = false;
      let phase: "starting" | "live" = "starting";
      let timer: NodeJS.Timeout | undefined;
      let startupTimer: NodeJS.Timeout | undefined;
      let inflight: AbortController | undefined;
      let again = false;
      let burst = LINE_BURST_MS.length;
      let failures = 0;
      let unwatch: (() => void) | undefined;

      const finish = (out: MonitorOutcome | { kind: "error"; error: unknown }) => {
        if (finished) return;
        finished = true;
        clearTimeout(timer);
        clearTimeout(startupTimer);
        inflight?.abort();
        unwatch?.();
        this.#wake = undefined;
        run.onLine = undefined;
        signal.removeEventListener("abort", onAbort);
        if (out.kind === "error") reject(out.error);
        else resolve(out);
      };
      const onAbort = () => finish({ kind: "aborted" });
      if (signal.aborted) return finish({ kind: "aborted" });
      signal.addEventListener("abort", onAbort, { once: true });
      void run.exited.then(() => finish({ kind: "exit" }));
      if (!run.alive) return;

      if (o.startupTimeoutMs > 0) {
        startupTimer = setTimeout(
          () =>
            finish({
              kind: "unresponsive",
              exitKind: "startup-timeout",
              reason: `not ready within ${o.startupTimeoutMs} ms`,
            }),
          o.startupTimeoutMs,
        );
      }

      const becomeReady = () => {
        phase = "live";
        clearTimeout(startupTimer);
        unwatch?.();
        unwatch = undefined;
        this.#wake = undefined;
        run.onLine = undefined;
        failures = 0;
        if (run.readyAt === undefined) run.readyAt = Date.now();
        const ms = Math.round(performance.now() - run.startedAtHr);
        this.#setState("ready", `pid ${run.pid} ready (${ms} ms after spawn)`);
        if (this.#probe && o.livenessIntervalMs > 0) schedule(o.livenessIntervalMs);
      };

      const schedule = (ms: number) => {
        clearTimeout(timer);
        timer = setTimeout(tick, ms);
      };
      const tick = () => {
        if (finished) return;
        if (inflight) {
          again = true;
          return;
        }
        again = false;
        const ctl = new AbortController();
        inflight = ctl;
        // Never an unhandled rejection (it would kill the host): a rejected probe run is a failed probe,
        // and a bug past it ends the run loop with INTERNAL (its clean-up ends the child).
        void this.#runProbe(ctl.signal)
          .catch((e: unknown): ProbeVerdict => ({ healthy: false, loggedIn: undefined, reason: message(e) }))
          .then((v) => {
            inflight = undefined;
            if (!finished) handle(v);
          })
          .catch((error: unknown) => finish({ kind: "error", error }));
      };
      const needsLogin = (v: ProbeVerdict) => {
        phase = "live";
        clearTimeout(startupTimer);
        failures = 0;
        this.#setState(
          "needs-login",
          `pid ${run.pid} runs but is not logged in (${v.reason})${o.loginHint ? ` — ${o.loginHint}` : ""}`,
        );
        this.#wake = () => schedule(0);
        if (!unwatch) {
          unwatch = this.#watchCredentials(fileFingerprint(o.credentialsFile), () => {
            unwatch?.();
            unwatch = undefined;
            schedule(0);
          });
        }
        schedule(o.livenessIntervalMs > 0 ? o.livenessIntervalMs : o.loginRetryMs);
      };
      const handle = (v: ProbeVerdict) => {
        if (phase === "starting") {
          if (v.healthy) return becomeReady();
          if (v.loggedIn === false) return needsLogin(v);
          if (again) return schedule(0);
          const next = LINE_BURST_MS[burst];
          burst++;
          schedule(next ?? readinessInterval(performance.now() - run.startedAtHr));
          return;
        }
        if (v.healthy) {
          if (this.#state !== "ready") becomeReady();
          else {
            failures = 0;
            schedule(o.livenessIntervalMs);
          }
          return;
        }
        if (v.loggedIn === false) return needsLogin(v);
        failures++;
        if (failures >= o.livenessFailureThreshold) {
          return finish({
            kind: "unresponsive",
            exitKind: "hung",
            reason: `liveness: ${failures} probe${failures > 1 ? "s" : ""} in a row failed (${v.reason})`,
          });
        }
        this.#setState(
          "unhealthy",
          `liveness probe failed (${failures} of ${o.livenessFailureThreshold}): ${v.reason}`,
        );
        schedule(o.livenessIntervalMs > 0 ? o.livenessIntervalMs : 1000);
      };
      // `readyPattern` without an explicit probe: the pattern decides readiness (a port that accepts
      // connections may not be ready yet); the default TCP probe, if any, watches liveness afterwards.
      const pattern = o.probe ? undefined : o.readyPattern;
      if (pattern) {
        run.onLine = (text) => {
          pattern.lastIndex = 0;
          if (phase === "starting" && pattern.test(text)) becomeReady();
        };
        return;
      }
      if (!this.#probe) return becomeReady();
      run.onLine = () => {
        if (phase !== "starting") return;
        burst = 0;
        if (inflight) again = true;
        else schedule(0);
      };
      schedule(0);
    });
  }

  // ───────────────────────────── the port ─────────────────────────────

  async #judgePort(
    signal: AbortSignal,
  ): Promise<
    | { kind: "free" }
    | { kind: "ours" }
    | { kind: "adopt"; listener: { pid?: number; command?: string } }
    | { kind: "foreign"; message: string }
  > {
    const o = this.#o;
    const port = o.port as number;
    // A descendant of our previous run that escaped its group (setsid) may hold the port: it is ours.
    if (this.#lastMarker) {
      const r = await terminate({ marker: this.#lastMarker }, { graceMs: o.stopTimeoutMs });
      if (r.found.length > 0) {
        o.logger.warn(
          `${o.name}: terminated ${r.found.length} leftover process(es) of the previous run holding port ${port}`,
        );
        await waitPortFree(o.host, port, o.stopTimeoutMs);
        return { kind: "ours" };
      }
    }
    let listener: { pid?: number; command?: string } = {};
    if (o.inspectPort) {
      try {
        const seen = await o.inspectPort(o.host, port);
        if (seen.free) return { kind: "free" };
        if (seen.listener)
          listener = { pid: seen.listener.pid, command: o.redact(commandText(seen.listener.command)) };
      } catch (e) {
        o.logger.debug?.(`${o.name}: inspectPort failed: ${message(e)}`);
      }
    }
    if (signal.aborted) return { kind: "free" };
    const v = await this.#runProbe(signal);
    if (v.healthy || v.loggedIn === false) return { kind: "adopt", listener };
    if (!(await isPortInUse(o.host, port))) return { kind: "free" };
    const who =
      listener.pid !== undefined
        ? `pid ${listener.pid}${listener.command ? ` (${listener.command})` : ""}`
        : "another process (pass inspectPort to name it)";
    return {
      kind: "foreign",
      message: `port ${port} on ${o.host} is in use by ${who}, which does not answer as a healthy server (${v.reason}). It was left untouched: stop it, or choose another port`,
    };
  }

  async #watchAdopted(
    listener: { pid?: number; command?: string },
    signal: AbortSignal,
    supervisedBy?: { pid: number; command?: string },
  ): Promise<void> {
    const o = this.#o;
    const who =
      (listener.pid !== undefined
        ? ` (pid ${listener.pid}${listener.command ? `: ${listener.command}` : ""})`
        : "") +
      (supervisedBy ? `, supervised by ${describeProcess(supervisedBy.pid, supervisedBy.command)}` : "");
    this.#adopted = supervisedBy ? { ...listener, supervisedBy } : listener;
    this.#setState(
      "adopted",
      `port ${o.port} is served by a healthy server we did not start${who}; watching it`,
    );
    const interval = o.livenessIntervalMs > 0 ? o.livenessIntervalMs : 5_000;
    let failures = 0;
    try {
      while (!signal.aborted) {
        await sleep(interval, undefined, { signal });
        const v = await this.#runProbe(signal);
        if (signal.aborted) break;
        if (v.healthy) {
          failures = 0;
          if (this.#state !== "adopted") {
            this.#setState(
              "adopted",
              `port ${o.port} is served by a healthy server we did not start${who}; watching it`,
            );
          }
        } else if (v.loggedIn === false) {
          failures = 0;
          this.#setState(
            "needs-login",
            `the adopted server${who} is not logged in (${v.reason})${o.loginHint ? ` — ${o.loginHint}` : ""}`,
          );
        } else if (++failures >= o.livenessFailureThreshold) {
          o.logger.warn(
            `${o.name}: the adopted server${who} stopped answering (${v.reason}); starting our own`,
          );
          break;
        }
      }
    } catch {
      // aborted
    } finally {
      this.#adopted = undefined;
    }
    if (!signal.aborted) this.#setState("starting", "the adopted server went away");
  }

  /** The pid file's child, when another live supervisor (another process, or a sibling here) runs it. */
  #supervisedElsewhere(): SupervisedElsewhere | undefined {
    const path = this.#o.pidFile;
    if (!path) return undefined;
    try {
      const v = judgePidFile(readPidFile(path), { path, holder: this });
      return v.kind === "supervised" && v.leaderAlive ? v : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * Another live supervisor runs the child of our pid file: adopt it when it answers as healthy (watched,
   * never signalled), otherwise fail with `ALREADY_SUPERVISED` naming that supervisor. Nothing is killed
   * and the pid file stays its own. Returns whether the run loop goes on.
   */
  async #deferTo(v: SupervisedElsewhere, signal: AbortSignal): Promise<boolean> {
    const o = this.#o;
    const supervisor = {
      pid: v.supervisor.pid,
      command: o.redact(v.supervisor.self ? "another Supervisor of this process" : v.supervisor.command),
    };
    let why = "it has no port to check";
    if (o.port !== undefined) {
      const held = await this.#judgePort(signal);
      if (signal.aborted) return false;
      if (held.kind === "adopt") {
        await this.#watchAdopted(held.listener, signal, supervisor);
        return !signal.aborted;
      }
      if (held.kind === "ours") return true;
      why =
        held.kind === "free"
          ? `nothing answers on ${o.host}:${o.port} yet`
          : `it does not answer as a healthy server on ${o.host}:${o.port}`;
    }
    const child = `pid ${v.record.pid} (${o.redact(v.record.command.join(" "))})`;
    this.#fail(
      "ALREADY_SUPERVISED",
      `${o.name} ${child} is already supervised by ${describeProcess(supervisor.pid, supervisor.command)} and ${why}; it was left alone. Use that supervisor, or stop it and start again`,
    );
    return false;
  }

  // ───────────────────────────── login ─────────────────────────────

  async #waitForLogin(reason: string, credentialsAtSpawn: string, signal: AbortSignal): Promise<void> {
    const o = this.#o;
    this.#nextAttemptAt = Date.now() + o.loginRetryMs;
    const watching = o.credentialsFile
      ? `; retrying in ${Math.round(o.loginRetryMs / 1000)} s or when ${o.credentialsFile} changes`
      : `; retrying in ${Math.round(o.loginRetryMs / 1000)} s`;
    this.#setState("needs-login", `${reason}${watching}`);
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        unwatch();
        signal.removeEventListener("abort", done);
        if (this.#wake === done) this.#wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, o.loginRetryMs);
      this.#wake = done;
      const unwatch = this.#watchCredentials(credentialsAtSpawn, () => {
        o.logger.info(`${o.name}: ${o.credentialsFile} changed; retrying now`);
        done();
      });
      signal.addEventListener("abort", done, { once: true });
    });
    this.#nextAttemptAt = undefined;
  }

  /**
   * Calls `onChange` (debounced, once) when the credentials file differs from `baseline` (its fingerprint
   * when the child last checked the login): created, rewritten, replaced or removed. Directory events make
   * it prompt; a 1 s poll covers a directory that does not exist yet and filesystems without events.
   */
  #watchCredentials(baseline: string, onChange: () => void): () => void {
    const file = this.#o.credentialsFile;
    if (!file) return () => {};
    let fired = false;
    let debounce: NodeJS.Timeout | undefined;
    const check = () => {
      if (fired || fileFingerprint(file) === baseline) return;
      fired = true;
      debounce = setTimeout(onChange, 50);
    };
    let watcher: FSWatcher | undefined;
    try {
      const base = basename(file);
      watcher = watch(dirname(file), { persistent: false }, (_event, name) => {
        if (!name || name === base) check();
      });
      watcher.on("error", () => {});
    } catch {
      // the directory does not exist (yet): the poll covers it
    }
    const poll = setInterval(check, 1_000);
    poll.unref();
    check();
    return () => {
      clearTimeout(debounce);
      clearInterval(poll);
      watcher?.close();
    };
  }

  // ───────────────────────────── ending processes ─────────────────────────────

  /**
   * TERM → grace → KILL for the run's group and marked descendants; resolves when all are gone, or with
   * what survived SIGKILL (also kept as `lastError`).
   */
  async #terminateRun(run: Run): Promise<string | undefined> {
    if (run.pid === undefined) return undefined;
    const o = this.#o;
    const result = await terminate(
      { pgid: run.pid, marker: run.marker },
      {
        graceMs: o.stopTimeoutMs,
        onForce: (alive) =>
          o.logger.warn(
            `${o.name}: ${alive.map((p) => p.pid).join(", ")} still running ${o.stopTimeoutMs} ms after SIGTERM; sending SIGKILL`,
          ),
      },
    );
    let survived: string | undefined;
    if (result.survivors.length > 0) {
      survived = `pids ${result.survivors.map((p) => p.pid).join(", ")} survived SIGKILL (uninterruptible?)`;
      this.#lastError = survived;
      o.logger.error(`${o.name}: ${survived}`);
    }
    // The direct child is reaped by Node: wait for its exit event so the run is really over.
    await within(run.exited, 2_000);
    return survived;
  }

  /** After the child exited by itself: whatever it left in its group (a wrapper's grandchild) goes too. */
  async #reapLeftovers(run: Run): Promise<void> {
    if (run.pid === undefined) return;
    if (groupExists(run.pid)) {
      await terminate({ pgid: run.pid, marker: run.marker }, { graceMs: this.#o.stopTimeoutMs });
    }
    forgetOnExit(run.pid);
    if (this.#o.pidFile) {
      releasePidFile(this.#o.pidFile, this);
      try {
        removePidFile(this.#o.pidFile, run.pid);
      } catch {
        // best effort
      }
    }
  }

  async #reclaim(): Promise<void> {
    const o = this.#o;
    if (!o.pidFile) return;
    try {
      const r = await reclaimOrphan(o.pidFile, o.stopTimeoutMs, this);
      const v = r.verdict;
      if (v.kind === "supervised") {
        o.logger.info(
          `${o.name}: pid file ${o.pidFile} was written by ${o.redact(describeProcess(v.supervisor.pid, v.supervisor.command))}, which still runs; nothing reclaimed`,
        );
      } else if (v.kind === "unrelated") {
        o.logger.info(
          `${o.name}: pid file ${o.pidFile} points at pid ${v.pid}, now an unrelated process (${o.redact(v.command) || "?"}); left untouched`,
        );
      } else if (v.kind === "stale") {
        o.logger.info(`${o.name}: ignored a stale pid file (${v.reason})`);
      }
      if (r.terminated) {
        const pids = r.terminated.found.map((p) => p.pid).join(", ");
        o.logger.warn(
          `${o.name}: reclaimed processes left behind by a previous supervisor (pids ${pids}${r.terminated.forced ? ", needed SIGKILL" : ""})`,
        );
        if (o.port !== undefined) await waitPortFree(o.host, o.port, o.stopTimeoutMs);
      }
    } catch (e) {
      o.logger.warn(`${o.name}: could not check the pid file ${o.pidFile}: ${message(e)}`);
    }
  }

  async #cleanup(stopping: boolean): Promise<void> {
    const o = this.#o;
    const run = this.#run;
    let hadRun = false;
    /** What `stop()` could not do: it resolves anyway, its status says `STOP_INCOMPLETE` and why. */
    let incomplete: string | undefined;
    if (run && run.pid !== undefined) {
      hadRun = true;
      if (run.alive || groupExists(run.pid)) {
        if (stopping) this.#setState("stopping", `stopping pid ${run.pid}`);
        const wasAlive = run.alive;
        incomplete = await this.#terminateRun(run);
        if (wasAlive && !run.alive) {
          const raw = await run.exited;
          const record: ExitRecord = {
            pid: run.pid,
            exitCode: raw.exitCode,
            signal: raw.signal,
            kind: "stopped",
            reason: stopping ? "stopped by request" : "ended while the supervisor gave up",
            at: Date.now(),
            uptimeMs: Date.now() - run.startedAt,
          };
          this.#lastExit = record;
          this.#emit("exit", record);
        }
      }
      await this.#reapLeftovers(run);
    }
    this.#run = undefined;
    this.#adopted = undefined;
    this.#nextAttemptAt = undefined;
    if (hadRun && o.port !== undefined) {
      const free = await waitPortFree(o.host, o.port, o.stopTimeoutMs);
      if (!free) {
        let who = "another process";
        if (o.inspectPort) {
          try {
            const seen = await o.inspectPort(o.host, o.port);
            if (seen.listener)
              who = `pid ${seen.listener.pid} (${o.redact(commandText(seen.listener.command))})`;
          } catch {
            // keep the generic wording
          }
        }
        this.#lastError = `port ${o.port} is still in use by ${who} after our processes ended; it is not ours and was left alone`;
        o.logger.warn(`${o.name}: ${this.#lastError}`);
        incomplete ??= this.#lastError;
      }
    }
    if (!stopping) return;
    if (incomplete) {
      this.#failureCode = "STOP_INCOMPLETE";
      this.#setState("stopped", `stopped by request, but ${incomplete}`, "STOP_INCOMPLETE");
    } else {
      this.#setState("stopped", "stopped by request");
    }
  }

  // ───────────────────────────── state ─────────────────────────────

  /**
   * Calls each listener on its own: a throwing one (the caller's bug) neither silences the others nor
   * breaks the run loop; its error is re-thrown asynchronously, like a throwing timer callback's.
   */
  #emit<K extends keyof SupervisorEvents>(event: K, ...args: SupervisorEvents[K]): void {
    // rawListeners: `once` wrappers remove themselves when called.
    for (const listener of this.rawListeners(event) as Array<(...a: SupervisorEvents[K]) => void>) {
      try {
        listener.apply(this, args);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  #fail(code: SupervisorErrorCode, reason: string): void {
    this.#lastError = reason;
    this.#failureCode = code;
    this.#nextAttemptAt = undefined;
    this.#setState("failed", reason, code);
  }

  #setState(state: SupervisorState, reason: string | undefined, code?: SupervisorErrorCode): void {
    const previous = this.#state;
    const changedReason = reason !== this.#reason;
    this.#reason = reason;
    const o = this.#o;
    if (previous === state) {
      if (changedReason && reason) o.logger.debug?.(`${o.name} ${state}: ${reason}`);
      for (const w of [...this.#watchers]) w();
      return;
    }
    this.#state = state;
    this.#since = Date.now();
    const line = `${o.name} ${state}${reason ? `: ${reason}` : ""}${code ? ` [${code}]` : ""}`;
    if (state === "failed") o.logger.error(line);
    else if (state === "needs-login" || state === "unhealthy" || state === "restarting" || code)
      o.logger.warn(line);
    else o.logger.info(line);
    const change: StateChange = { state, previous, reason, at: this.#since, ...(code ? { code } : {}) };
    this.#emit("state", change);
    for (const w of [...this.#watchers]) w();
  }
}

/** The default probe when a port is known but no probe was given: a TCP connect. */
const tcpProbe: Probe = async ({ host, port, timeoutMs }) => {
  if (port === undefined) return true;
  return (await isPortInUse(host, port, timeoutMs))
    ? { state: "healthy" }
    : { state: "unreachable", reason: `nothing accepts connections on ${host}:${port}` };
};

/** Creates a {@link Supervisor}. */
export function createSupervisor(options: SupervisorOptions): Supervisor {
  return new Supervisor(options);
}
