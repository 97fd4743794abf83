import { EXIT_ATTENTION, EXIT_USAGE, type ExitCode } from "./exit-codes.ts";

/** Options of {@link CliError}. */
export interface CliErrorOptions {
  /** What the user can do about it (one sentence, a command where possible). */
  fix?: string | undefined;
  /** Exit code (default 1). */
  exitCode?: ExitCode;
  cause?: unknown;
}

/**
 * An error the CLI reports to the user: a stable `code`, the problem, and the fix. Printed on stderr as
 * `anthropic-max-proxy: <problem>` + `fix: <fix>`, and as `{ ok: false, error: { code, message, fix } }`
 * on stdout with `--json`. Never carries a secret.
 */
export class CliError extends Error {
  readonly code: string;
  readonly fix: string | undefined;
  readonly exitCode: ExitCode;

  constructor(code: string, message: string, options: CliErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "CliError";
    this.code = code;
    this.fix = options.fix;
    this.exitCode = options.exitCode ?? EXIT_ATTENTION;
  }
}

/** A wrong command line: exit code 2. */
export class UsageError extends CliError {
  constructor(message: string, fix?: string) {
    super("USAGE", message, { fix, exitCode: EXIT_USAGE });
    this.name = "UsageError";
  }
}

/** Any thrown value as a CliError (unexpected errors keep their message and get code `INTERNAL`). */
export function toCliError(error: unknown): CliError {
  if (error instanceof CliError) return error;
  const code =
    typeof (error as { code?: unknown })?.code === "string" ? (error as { code: string }).code : "INTERNAL";
  const message = error instanceof Error ? error.message : String(error);
  const fix =
    typeof (error as { fix?: unknown })?.fix === "string" ? (error as { fix: string }).fix : undefined;
  return new CliError(code, message, { fix, cause: error });
}
