import { stripVTControlCharacters } from "node:util";
import { spawn as spawnPty } from "@lydell/node-pty";

/** A program running in a real pseudo-terminal, read as a person would read the screen. */
export interface PtySession {
  /** Everything printed so far, with terminal escape sequences removed. */
  text(): string;
  /** Resolves with the text printed since the last `waitFor` once `pattern` matches it; rejects after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Types keys (`"\r"` is Enter). */
  type(keys: string): void;
  /** Resolves with the exit code. */
  readonly exited: Promise<number>;
  /** SIGKILLs the program if it still runs. */
  kill(): void;
  pid: number;
}

/** Keys for clack prompts. */
export const KEYS = {
  enter: "\r",
  down: "\x1b[B",
  /** Clears a pre-filled text input (Ctrl-U does not, in clack: backspace enough times for any value here). */
  clear: "\x7f".repeat(400),
} as const;

/** The text a person sees: terminal escape sequences (colours, cursor moves of clack's redraws) removed. */
export function stripAnsi(text: string): string {
  return stripVTControlCharacters(text);
}

/**
 * Starts `argv` in a pseudo-terminal (80×… is too narrow for clack's boxes: 120 columns). The caller must
 * `kill()` it in a `finally`/`afterEach`.
 */
export function startPty(argv: string[], options: { env: Record<string, string>; cwd: string }): PtySession {
  const [file, ...args] = argv;
  if (!file) throw new Error("startPty: empty argv");
  const pty = spawnPty(file, args, {
    name: "xterm-256color",
    cols: 120,
    rows: 50,
    cwd: options.cwd,
    env: options.env,
  });
  let raw = "";
  let mark = 0;
  let done = false;
  const waiters = new Set<() => void>();
  pty.onData((data) => {
    raw += data;
    for (const wake of waiters) wake();
  });
  const exited = new Promise<number>((resolve) => {
    pty.onExit(({ exitCode }) => {
      done = true;
      for (const wake of waiters) wake();
      resolve(exitCode);
    });
  });
  return {
    pid: pty.pid,
    text: () => stripAnsi(raw),
    type: (keys) => pty.write(keys),
    exited,
    kill: () => {
      if (!done) pty.kill("SIGKILL");
    },
    waitFor(pattern, timeoutMs = 60_000) {
      return new Promise<string>((resolve, reject) => {
        const check = () => {
          const fresh = stripAnsi(raw.slice(mark));
          if (pattern.test(fresh)) {
            cleanup();
            mark = raw.length;
            resolve(fresh);
          } else if (done) {
            cleanup();
            reject(
              new Error(
                `program exited before ${pattern} appeared; it printed:\n${stripAnsi(raw).slice(-3000)}`,
              ),
            );
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(
            new Error(
              `${pattern} did not appear within ${timeoutMs} ms; the screen shows:\n${stripAnsi(raw).slice(-3000)}`,
            ),
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
