/** Stable codes of {@link SupervisorError}. */
export type SupervisorErrorCode =
  | "INVALID_OPTIONS"
  | "COMMAND_NOT_FOUND"
  | "COMMAND_NOT_EXECUTABLE"
  | "CWD_NOT_FOUND"
  | "PORT_IN_USE"
  | "ALREADY_SUPERVISED"
  | "CRASH_LOOP"
  | "NOT_RESTARTED"
  | "STOP_INCOMPLETE"
  | "TIMEOUT"
  | "INTERNAL";

/**
 * The one error class of this package: a stable `code`, the underlying `cause`, and a message that
 * names the problem and the fix.
 */
export class SupervisorError extends Error {
  override readonly name = "SupervisorError";
  readonly code: SupervisorErrorCode;

  constructor(code: SupervisorErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
