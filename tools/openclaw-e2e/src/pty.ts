/**
 * A program in a real pseudo-terminal (`@lydell/node-pty`), read as a person reads the screen: for the
 * interactive paths of OpenClaw (`openclaw models auth login`) and of our own CLI (`anthropic-max-proxy
 * setup`) — prompts, colours, spinners. Exported as `@proxykit/openclaw-e2e/pty`, apart from the main
 * entry, so nothing else loads the native module.
 */
import { stripVTControlCharacters } from "node:util";
import { spawn } from "@lydell/node-pty";

/** A program running in a pseudo-terminal. */
export interface PtySession {
  pid: number;
  /** Everything printed so far, raw (with escape sequences). */
  raw(): string;
  /** Everything printed so far, as a person reads it: escape sequences (colours, clack's redraws) removed. */
  text(): string;
  /**
   * Resolves with the text printed since the previous match once `pattern` matches it; rejects when the
   * program exits first, or after `timeoutMs` (default: the session's `waitTimeoutMs`), with the screen.
   */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Types keys (see {@link PTY_KEYS}). */
  type(keys: string): void;
  /** Resolves with the exit code. */
  readonly exited: Promise<number>;
  /** SIGKILLs the program if it still runs. Call it in a `finally`/`afterEach`. */
  kill(): void;
}

/** Options of {@link spawnInPty}. */
export interface SpawnInPtyOptions {
  /** The whole environment of the program (`undefined` values are left out). */
  env: Readonly<Record<string, string | undefined>>;
  cwd?: string;
  /** Terminal size: 80 columns are too narrow for clack's boxes (default 120 × 50). */
  cols?: number;
  rows?: number;
  /** Default deadline of `waitFor` (60 s). */
  waitTimeoutMs?: number;
}

/** Keys for clack prompts (OpenClaw's prompter is clack too). */
export const PTY_KEYS = Object.freeze({
  enter: "\r",
  down: "\x1b[B",
  ctrlC: "\x03",
  /** Clears a pre-filled text input (Ctrl-U does not, in clack: backspace enough times for any value). */
  clear: "\x7f".repeat(400),
});

/** Starts `argv` (no shell) in a pseudo-terminal. */
export function spawnInPty(argv: readonly string[], options: SpawnInPtyOptions): PtySession {
  const [file, ...args] = argv;
  if (!file) throw new TypeError("spawnInPty: empty argv");
  const pty = spawn(file, args, {
    name: "xterm-256color",
    cols: options.cols ?? 120,
    rows: options.rows ?? 50,
    ...(options.cwd ? { cwd: options.cwd } : {}),
    env: Object.fromEntries(
      Object.entries(options.env).filter((entry): entry is [string, string] => entry[1] !== undefined),
    ),
  });
  let raw = "";
  let mark = 0;
  let done = false;
  const waiters = new Set<() => void>();
  const wake = () => {
    for (const waiter of waiters) waiter();
  };
  pty.onData((data) => {
    raw += data;
    wake();
  });
  const exited = new Promise<number>((resolve) => {
    pty.onExit(({ exitCode }) => {
      done = true;
      wake();
      resolve(exitCode);
    });
  });
  const screen = () => stripVTControlCharacters(raw).slice(-3000);
  return {
    pid: pty.pid,
    raw: () => raw,
    text: () => stripVTControlCharacters(raw),
    type: (keys) => pty.write(keys),
    exited,
    kill: () => {
      if (!done) pty.kill("SIGKILL");
    },
    waitFor(pattern, timeoutMs = options.waitTimeoutMs ?? 60_000) {
      return new Promise<string>((resolve, reject) => {
        const check = () => {
          const fresh = stripVTControlCharacters(raw.slice(mark));
          if (pattern.test(fresh)) {
            cleanup();
            mark = raw.length;
            resolve(fresh);
          } else if (done) {
            cleanup();
            reject(new Error(`the program exited before ${pattern} appeared; it printed:\n${screen()}`));
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(
            new Error(`${pattern} did not appear within ${timeoutMs} ms; the screen shows:\n${screen()}`),
          );
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
  };
}
