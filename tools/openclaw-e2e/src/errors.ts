/** Stable error codes of the harness: tests and scripts can branch on `error.code`. */
export type E2EErrorCode =
  | "OPENCLAW_NOT_INSTALLED"
  | "COMMAND_FAILED"
  | "COMMAND_TIMEOUT"
  | "GATEWAY_START_FAILED"
  | "LOG_WAIT_TIMEOUT";

/** Every error the harness throws: a stable `code`, a message naming the problem and the fix, the `cause`. */
export class E2EError extends Error {
  readonly code: E2EErrorCode;

  constructor(code: E2EErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "E2EError";
    this.code = code;
  }
}

/** The last `maxLines` lines of a process's output, indented, for error messages. */
export function tail(text: string, maxLines = 30): string {
  const lines = text.trimEnd().split("\n");
  const shown = lines.slice(-maxLines);
  const prefix = lines.length > shown.length ? `  … (${lines.length - shown.length} earlier lines)\n` : "";
  return prefix + shown.map((line) => `  | ${line}`).join("\n");
}
