/**
 * The output layer every command shares: human text or `--json`, colours only where they belong, a
 * spinner for waits over a second (TTY only), and errors on stderr that name the problem and the fix.
 *
 * Rules:
 * - `--json`: stdout holds exactly one JSON document (the command's result, or `{ ok: false, error }`);
 *   human progress and warnings go to stderr; no colours, no spinner.
 * - Colours: only when the stream is a TTY, never with `NO_COLOR` (any non-empty value) or `--no-color`,
 *   never with `TERM=dumb`. `FORCE_COLOR=1` forces them (not over `NO_COLOR`).
 * - Spinner: on stderr, only when stderr is a TTY and `CI` is unset, and only once a wait has lasted a second.
 */
import type { Writable } from "node:stream";
import pc from "picocolors";
import type { CliError } from "./errors.ts";

/** picocolors' colour functions. */
export type Colors = ReturnType<typeof pc.createColors>;

/** Options of {@link Output}. */
export interface OutputOptions {
  json?: boolean;
  /** `false` from `--no-color`. */
  color?: boolean;
  env?: Readonly<Record<string, string | undefined>>;
  stdout?: Writable & { isTTY?: boolean };
  stderr?: Writable & { isTTY?: boolean };
  /** How long a wait lasts before the spinner shows (default 1000 ms). */
  spinnerDelayMs?: number;
}

/** Should text written to `stream` be coloured? */
export function colorEnabled(
  stream: { isTTY?: boolean } | undefined,
  env: Readonly<Record<string, string | undefined>>,
  flag: boolean | undefined,
): boolean {
  if (flag === false) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "" && env.FORCE_COLOR !== "0") return true;
  if (env.TERM === "dumb") return false;
  return stream?.isTTY === true;
}

/** A running wait: say how it ended. */
export interface Wait {
  /** Replace the text while waiting. */
  update(text: string): void;
  /** Stop the spinner (if any) without printing anything. */
  stop(): void;
}

/** The output of one CLI invocation. */
export class Output {
  readonly json: boolean;
  /** Colours for stdout. */
  readonly c: Colors;
  /** Colours for stderr. */
  readonly ec: Colors;
  readonly stdout: Writable & { isTTY?: boolean };
  readonly stderr: Writable & { isTTY?: boolean };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly #spinnerDelayMs: number;
  #emitted = false;

  constructor(options: OutputOptions = {}) {
    this.json = options.json === true;
    this.env = options.env ?? process.env;
    this.stdout = options.stdout ?? process.stdout;
    this.stderr = options.stderr ?? process.stderr;
    this.c = pc.createColors(!this.json && colorEnabled(this.stdout, this.env, options.color));
    this.ec = pc.createColors(colorEnabled(this.stderr, this.env, options.color));
    this.#spinnerDelayMs = options.spinnerDelayMs ?? 1000;
  }

  /** Whether the user can be asked questions: stdin and stdout are terminals and not `--json`. */
  get interactive(): boolean {
    return !this.json && process.stdin.isTTY === true && this.stdout.isTTY === true;
  }

  /** A line of human output on stdout (nothing in `--json` mode). */
  line(text = ""): void {
    if (!this.json) this.stdout.write(`${text}\n`);
  }

  /** A progress or info line on stderr in `--json` mode, on stdout otherwise. */
  info(text: string): void {
    if (this.json) this.stderr.write(`${text}\n`);
    else this.stdout.write(`${text}\n`);
  }

  /** A warning on stderr. */
  warn(text: string): void {
    this.stderr.write(`${this.ec.yellow("!")} ${text}\n`);
  }

  /** The command's machine-readable result (stdout, once, `--json` mode only). */
  emit(value: unknown): void {
    if (!this.json || this.#emitted) return;
    this.#emitted = true;
    this.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  /** Reports an error: problem and fix on stderr; `{ ok: false, error }` on stdout with `--json`. */
  error(error: CliError): void {
    const lines = [`${this.ec.red("✗")} ${error.message}`];
    if (error.fix) lines.push(`  ${this.ec.bold("fix:")} ${error.fix}`);
    this.stderr.write(`${lines.join("\n")}\n`);
    this.emit({
      ok: false,
      error: { code: error.code, message: error.message, ...(error.fix ? { fix: error.fix } : {}) },
    });
  }

  /** ✓ / ! / ✗ / · in the stdout colours. */
  mark(kind: "ok" | "warn" | "fail" | "info" | "skip"): string {
    switch (kind) {
      case "ok":
        return this.c.green("✓");
      case "warn":
        return this.c.yellow("!");
      case "fail":
        return this.c.red("✗");
      case "skip":
        return this.c.dim("-");
      default:
        return this.c.dim("·");
    }
  }

  /**
   * Runs `task` and shows a spinner with `text` on stderr if it takes longer than a second (TTY only,
   * never with `--json`). The spinner is cleared when the task settles.
   */
  async wait<T>(text: string, task: Promise<T> | ((wait: Wait) => Promise<T>)): Promise<T> {
    let current = text;
    let spinner: { message(text: string): void; clear(): void } | undefined;
    let stopped = false;
    const useSpinner = !this.json && this.stderr.isTTY === true && this.env.CI === undefined;
    const timer = useSpinner
      ? setTimeout(() => {
          void import("@clack/prompts").then(({ spinner: create }) => {
            if (stopped) return;
            spinner = create({ output: this.stderr, withGuide: false });
            (spinner as unknown as { start(text: string): void }).start(current);
          });
        }, this.#spinnerDelayMs)
      : undefined;
    timer?.unref();
    const handle: Wait = {
      update: (next) => {
        current = next;
        spinner?.message(next);
      },
      stop: () => {
        stopped = true;
        if (timer) clearTimeout(timer);
        spinner?.clear();
        spinner = undefined;
      },
    };
    try {
      return await (typeof task === "function" ? task(handle) : task);
    } finally {
      handle.stop();
    }
  }
}

/** `1234.5` → `1.2 s`, `12.3` → `12 ms`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}
