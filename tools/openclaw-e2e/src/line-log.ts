import { E2EError, tail } from "./errors.ts";

type LineListener = (line: string) => void;

/** Output of a process, split into lines as it arrives, that tests can wait on. */
export class LineLog {
  readonly #lines: string[] = [];
  readonly #partial = new Map<string, string>();
  readonly #listeners = new Set<LineListener>();
  #closed: string | undefined;
  readonly #closeListeners = new Set<(reason: string) => void>();

  /** Appends a chunk of one stream (`stdout`, `stderr`); lines are emitted once complete. */
  push(stream: string, chunk: string): void {
    const text = (this.#partial.get(stream) ?? "") + chunk;
    const parts = text.split(/\r?\n/);
    this.#partial.set(stream, parts.pop() ?? "");
    for (const line of parts) this.#emit(line);
  }

  /** Flushes unterminated lines and marks the log as complete: waiting for a line now fails fast. */
  close(reason: string): void {
    for (const [stream, rest] of this.#partial) {
      if (rest) this.#emit(rest);
      this.#partial.set(stream, "");
    }
    this.#closed = reason;
    for (const listener of this.#closeListeners) listener(reason);
  }

  /** All complete lines so far, joined with `\n`. */
  text(): string {
    return this.#lines.join("\n");
  }

  /** All complete lines so far. */
  lines(): readonly string[] {
    return this.#lines;
  }

  /**
   * Resolves with the first line (already seen or still to come) that matches `pattern`.
   * Rejects with `LOG_WAIT_TIMEOUT` after `timeoutMs`, or at once when the process has ended without it.
   */
  waitFor(pattern: RegExp, timeoutMs: number, what = "the process"): Promise<string> {
    const seen = this.#lines.find((line) => pattern.test(line));
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise<string>((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        this.#listeners.delete(onLine);
        this.#closeListeners.delete(onClose);
      };
      const fail = (why: string) => {
        done();
        reject(
          new E2EError(
            "LOG_WAIT_TIMEOUT",
            `${what} printed no line matching ${pattern} ${why}.\nLast lines:\n${tail(this.text())}`,
          ),
        );
      };
      const onLine = (line: string) => {
        if (!pattern.test(line)) return;
        done();
        resolve(line);
      };
      const onClose = (reason: string) => fail(`before it ended (${reason})`);
      const timer = setTimeout(() => fail(`within ${timeoutMs} ms`), timeoutMs);
      this.#listeners.add(onLine);
      if (this.#closed !== undefined) onClose(this.#closed);
      else this.#closeListeners.add(onClose);
    });
  }

  #emit(line: string): void {
    this.#lines.push(line);
    for (const listener of this.#listeners) listener(line);
  }
}
