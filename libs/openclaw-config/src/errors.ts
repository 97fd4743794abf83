/** Stable codes of {@link OpenClawConfigError}. */
export type OpenClawConfigErrorCode =
  | "INVALID_PROFILE"
  | "NO_HOME"
  | "CONFIG_NOT_FOUND"
  | "DIRECTORY_NOT_FOUND"
  | "NOT_A_FILE"
  | "SYMLINK_UNSUPPORTED"
  | "READ_FAILED"
  | "PARSE_ERROR"
  | "NOT_AN_OBJECT"
  | "READ_ONLY"
  | "CONFIG_READONLY_MODE"
  | "INCLUDE_UNSUPPORTED"
  | "INVALID_PATCH"
  | "MERGE_CONFLICT"
  | "DESTRUCTIVE_REPLACEMENT"
  | "FORMATTING_WOULD_BE_LOST"
  | "LOCK_TIMEOUT"
  | "LOCK_NOT_HELD"
  | "WRITE_FAILED";

/**
 * The one error class of this package. `code` is stable; `message` names the file, the problem and the fix;
 * `path` is the config file concerned (when there is one); `cause` keeps the underlying error.
 */
export class OpenClawConfigError extends Error {
  override name = "OpenClawConfigError";
  readonly code: OpenClawConfigErrorCode;
  readonly path: string | undefined;

  constructor(
    code: OpenClawConfigErrorCode,
    message: string,
    options: { path?: string; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.path = options.path;
  }
}

/** Where a config file failed to parse: 1-based line and column, what the parser expected and found. */
export class ConfigParseError extends OpenClawConfigError {
  override name = "ConfigParseError";
  readonly line: number;
  readonly column: number;
  readonly expected: string;
  readonly found: string;

  constructor(details: {
    path: string;
    line: number;
    column: number;
    expected: string;
    found: string;
    excerpt: string;
    cause?: unknown;
  }) {
    super(
      "PARSE_ERROR",
      `${details.path}:${details.line}:${details.column}: invalid JSON5: expected ${details.expected}, found ${details.found}\n` +
        `${details.excerpt}\n` +
        "Nothing was written. Fix the file by hand (or restore a backup such as openclaw.json.bak), then retry.",
      { path: details.path, cause: details.cause },
    );
    this.line = details.line;
    this.column = details.column;
    this.expected = details.expected;
    this.found = details.found;
  }
}
