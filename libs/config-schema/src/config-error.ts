import type * as z from "zod/mini";
import { placeholdersIn } from "./argv-command.ts";
import { splitModelList } from "./model-list.ts";
import { isSecretKeyName, looksLikeSecret, REDACTED, renderValue } from "./redact.ts";

/** Stable machine-readable kinds of configuration problems. */
export type ConfigIssueCode =
  | "invalid_type"
  | "out_of_range"
  | "empty"
  | "too_long"
  | "invalid_format"
  | "unknown_key"
  | "not_loopback"
  | "duplicate"
  | "reserved_env"
  | "shell_string"
  | "unknown_placeholder"
  | "anthropic_secret"
  | "direct_anthropic"
  | "invalid_url"
  | "invalid_value";

/** One problem in a configuration. */
export interface ConfigIssue {
  /** Where, as a display path relative to the config: `port`, `command[0]`, `env.FOO`; `""` is the config itself. */
  path: string;
  /** The same path as segments: `["command", 0]` (a key that looks like a credential reads `<redacted>`). */
  segments: (string | number)[];
  /** What kind of problem. */
  code: ConfigIssueCode;
  /** What is wrong, in words (`must be an integer from 1 to 65535`). */
  message: string;
  /** The value found there, rendered as JSON, truncated, secrets redacted (`nothing` when absent). */
  received: string;
  /** How to fix it (`set "port" to a free TCP port from 1 to 65535, e.g. 3456`). */
  hint: string;
}

/** What the error mapper may know about each top-level key. */
export interface KeyDocs {
  [key: string]: { rule: string; fix: string };
}

/** Options of `ConfigError`. */
export interface ConfigErrorOptions {
  /** Where the config came from (`plugins.entries.anthropic-max-proxy.config`, a file path). */
  source?: string | undefined;
  /** What is being validated, for the headline (default `config`). */
  subject?: string | undefined;
  /** The underlying error (the zod error). */
  cause?: unknown;
}

/** Renders a path (`["command", 0]` → `command[0]`, `["env", "A B"]` → `env["A B"]`). */
export function formatPath(segments: readonly (string | number | symbol)[]): string {
  let out = "";
  for (const segment of segments) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (typeof segment === "string" && /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(segment)) {
      out += out ? `.${segment}` : segment;
    } else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ");
}

/**
 * A configuration that failed validation. Lists every problem at once: `issues` for programs,
 * `message` (= `format()`) for terminals, `toOneLine()` for logs. Values are redacted where they may
 * be secrets.
 */
export class ConfigError extends Error {
  /** Stable error code. */
  readonly code = "CONFIG_INVALID";
  /** Every problem found, in document order. */
  readonly issues: readonly ConfigIssue[];
  /** Where the config came from, when known. */
  readonly source: string | undefined;
  /** What was validated (`plugin config`). */
  readonly subject: string;

  constructor(issues: readonly ConfigIssue[], options: ConfigErrorOptions = {}) {
    const subject = options.subject ?? "config";
    super(ConfigError.render(issues, subject, options.source), { cause: options.cause });
    this.name = "ConfigError";
    this.issues = Object.freeze([...issues]);
    this.source = options.source;
    this.subject = subject;
  }

  private static headline(count: number, subject: string, source: string | undefined): string {
    const where = source ? ` at ${source}` : "";
    return `invalid ${subject}${where}: ${count} ${count === 1 ? "problem" : "problems"}`;
  }

  private static render(issues: readonly ConfigIssue[], subject: string, source: string | undefined): string {
    const lines = [ConfigError.headline(issues.length, subject, source)];
    for (const issue of issues) {
      lines.push(`  - ${issue.path || "(config)"}: ${issue.message} (received ${issue.received})`);
      lines.push(`    fix: ${issue.hint}`);
    }
    return lines.join("\n");
  }

  /** Multi-line report for a terminal: a headline, then each problem with what was received and the fix. */
  format(): string {
    return this.message;
  }

  /** One issue on one line: `port: must be … (received 0; fix: …)`. */
  issueToOneLine(issue: ConfigIssue): string {
    return oneLine(
      `${issue.path || "(config)"}: ${issue.message} (received ${issue.received}; fix: ${issue.hint})`,
    );
  }

  /** The whole report on one line, for log files. */
  toOneLine(): string {
    const head = ConfigError.headline(this.issues.length, this.subject, this.source);
    return oneLine(`${head}: ${this.issues.map((issue) => this.issueToOneLine(issue)).join("; ")}`);
  }
}

// ---------------------------------------------------------------------------------------------------
// From zod issues to ConfigIssues

const MISSING = Symbol("missing");

function lookup(root: unknown, segments: readonly PropertyKey[]): unknown {
  let current = root;
  for (const segment of segments) {
    if (current === null || typeof current !== "object" || !Object.hasOwn(current, segment)) return MISSING;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

function typeName(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "number") return Number.isInteger(value) ? "an integer" : "a number";
  if (typeof value === "object") return "an object";
  return `a ${typeof value}`;
}

function expectedName(expected: string): string {
  switch (expected) {
    case "int":
      return "an integer";
    case "array":
      return "an array";
    case "object":
      return "an object";
    case "string":
      return "a string";
    case "number":
      return "a number";
    case "boolean":
      return "true or false";
    default:
      return expected;
  }
}

/** Optimal-string-alignment distance (Levenshtein plus adjacent transpositions). */
function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const dist: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number): number => dist[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, at(i - 2, j - 2) + 1);
      (dist[i] as number[])[j] = best;
    }
  }
  return at(a.length, b.length);
}

/** The known name closest to `name`, if it is close enough to be a typo. */
export function suggestName(name: string, known: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  let best: { key: string; score: number } | undefined;
  for (const key of known) {
    const keyLower = key.toLowerCase();
    let score: number;
    if (keyLower === lower) score = 0;
    else if (lower.length >= 4 && (keyLower.startsWith(lower) || lower.startsWith(keyLower))) score = 1;
    else {
      const distance = editDistance(lower, keyLower);
      const allowed = lower.length <= 4 ? 1 : lower.length <= 8 ? 2 : 3;
      if (distance > allowed) continue;
      score = distance + 1;
    }
    if (!best || score < best.score) best = { key, score };
  }
  return best?.key;
}

interface IssueContext {
  docs: KeyDocs;
  knownKeys: readonly string[];
  /** Explanations for reserved environment variable names. */
  reservedEnv?: Readonly<Record<string, string>>;
}

function isSecretPath(segments: readonly PropertyKey[]): boolean {
  // Everything under `env`, and any value under a key that names a secret.
  return segments.some(
    (segment, index) =>
      (index === 0 && segment === "env") || (typeof segment === "string" && isSecretKeyName(segment)),
  );
}

/**
 * The value an issue is about. A path into a value the schema transformed (an item of a comma-separated
 * model list) does not exist in the input: the issue carries the value it was raised for when the parse
 * reported inputs, else the item is read from the list as the transform split it.
 */
function valueAt(root: unknown, segments: readonly PropertyKey[], issue?: { input?: unknown }): unknown {
  const found = lookup(root, segments);
  if (found !== MISSING) return found;
  if (issue && "input" in issue && issue.input !== undefined) return issue.input;
  const last = segments.at(-1);
  const parent = lookup(root, segments.slice(0, -1));
  if (typeof parent === "string" && typeof last === "number") return splitModelList(parent)[last];
  return issue?.input;
}

function received(root: unknown, segments: readonly PropertyKey[], fallback?: { input?: unknown }): string {
  return renderValue(valueAt(root, segments, fallback), { secretContext: isSecretPath(segments) });
}

function topKey(segments: readonly PropertyKey[]): string | undefined {
  const first = segments[0];
  return typeof first === "string" ? first : undefined;
}

function docFor(ctx: IssueContext, segments: readonly PropertyKey[]) {
  const key = topKey(segments);
  return key !== undefined && Object.hasOwn(ctx.docs, key) ? ctx.docs[key] : undefined;
}

function fixFor(ctx: IssueContext, segments: readonly PropertyKey[]): string {
  return docFor(ctx, segments)?.fix ?? "correct the value or remove the key";
}

function ruleFor(ctx: IssueContext, segments: readonly PropertyKey[], fallback: string): string {
  // The key's own rule describes the key's value; an item inside it gets the generic wording.
  return segments.length === 1 ? (docFor(ctx, segments)?.rule ?? fallback) : fallback;
}

function shellSplitSuggestion(text: string): string {
  return `[${text
    .trim()
    .split(/\s+/)
    .map((part) => renderValue(part, { max: 60 }))
    .join(", ")}]`;
}

function toSegments(path: readonly PropertyKey[]): (string | number)[] {
  return path.map((segment) => (typeof segment === "symbol" ? String(segment) : segment));
}

function mapIssue(issue: z.core.$ZodIssue, root: unknown, ctx: IssueContext): ConfigIssue[] {
  const segments = toSegments(issue.path);
  const make = (
    code: ConfigIssueCode,
    message: string,
    hint = fixFor(ctx, segments),
    at = segments,
  ): ConfigIssue => ({
    path: formatPath(at),
    segments: at,
    code,
    message,
    received: received(root, at, at === segments ? (issue as { input?: unknown }) : undefined),
    hint,
  });
  const value = valueAt(root, segments, issue as { input?: unknown });
  const params = (issue as { params?: Record<string, unknown> }).params ?? {};

  switch (issue.code) {
    case "unrecognized_keys":
      return issue.keys.map((key) => {
        const at = [...segments, key];
        const suggestion = segments.length === 0 ? suggestName(key, ctx.knownKeys) : undefined;
        const hint = suggestion
          ? `did you mean "${suggestion}"? Otherwise remove "${key}"`
          : `remove "${key}"${segments.length === 0 ? `; known keys: ${ctx.knownKeys.join(", ")}` : ""}`;
        return make("unknown_key", "unknown key", hint, at);
      });

    case "invalid_key": {
      const key = String(segments.at(-1));
      const reserved = issue.issues.some(
        (inner) => (inner as { params?: Record<string, unknown> }).params?.configCode === "reserved_env",
      );
      const base = make("invalid_format", "", undefined);
      base.received = renderValue(key);
      if (reserved) {
        const why = ctx.reservedEnv?.[key];
        return [
          {
            ...base,
            code: "reserved_env",
            message: `"${key}" cannot be set here${why ? `: ${why}` : ""}`,
            hint: `remove "${key}" from "${formatPath(segments.slice(0, -1))}"`,
          },
        ];
      }
      return [
        {
          ...base,
          message: `"${key}" is not a valid environment variable name`,
          hint: "use letters, digits and _ only, not starting with a digit",
        },
      ];
    }

    case "custom": {
      switch (params.configCode) {
        case "not_loopback":
          return [
            make(
              "not_loopback",
              topKey(segments) === "baseUrl"
                ? "does not point at a loopback host"
                : `${renderValue(value)} is not a loopback address`,
            ),
          ];
        case "anthropic_secret":
          return [
            make(
              "anthropic_secret",
              "looks like an Anthropic API key or Claude OAuth token (contains sk-ant-)",
              'never put an Anthropic credential here: the proxy holds the Claude login, and a value containing sk-ant-oat switches OpenClaw to Claude-Code OAuth headers; use a placeholder such as "local-proxy-no-key"',
            ),
          ];
        case "direct_anthropic":
          return [
            make(
              "direct_anthropic",
              "points at Anthropic's API: requests would bypass the local proxy",
              fixFor(ctx, segments),
            ),
          ];
        case "nul_character":
          return [
            make(
              "invalid_format",
              "contains a NUL character, which a process cannot receive",
              "remove the NUL character",
            ),
          ];
        case "unknown_placeholder": {
          const allowed = Array.isArray(params.placeholders) ? (params.placeholders as string[]) : [];
          const unknown =
            typeof value === "string" ? placeholdersIn(value).filter((name) => !allowed.includes(name)) : [];
          const guess = unknown[0] === undefined ? undefined : suggestName(unknown[0], allowed);
          const known =
            allowed.length > 0
              ? `only ${allowed.map((name) => `{${name}}`).join(" and ")} are replaced`
              : "no placeholders are replaced";
          return [
            make(
              "unknown_placeholder",
              `unknown placeholder ${unknown.map((name) => `{${name}}`).join(", ")}`,
              `${known}${guess ? `; did you mean {${guess}}?` : ""}`,
            ),
          ];
        }
        case "not_integer":
          return [
            make("invalid_type", `must be ${ruleFor(ctx, segments, "an integer")}, not ${typeName(value)}`),
          ];
        case "invalid_url":
          return [make("invalid_url", "is not an http(s) URL (without user name or password)")];
        case "duplicate":
          return [
            make("duplicate", `${renderValue(value)} is listed more than once`, "list each model id once"),
          ];
        case "shell_string":
          return [
            make(
              "shell_string",
              "the program contains whitespace before any / or \\: this looks like a shell command line, but the command is an argv array",
              `split it into an argv array: ${typeof value === "string" ? shellSplitSuggestion(value) : '["npx", "-y", "@rynfar/meridian"]'} (a program path may contain spaces when it starts with its directory, e.g. "/opt/My Proxy/proxy")`,
            ),
          ];
        default:
          return [
            make(
              "invalid_value",
              issue.message && issue.message !== "Invalid input" ? issue.message : "is invalid",
            ),
          ];
      }
    }

    case "invalid_type": {
      if (segments.length === 0) {
        return [
          make(
            "invalid_type",
            `must be an object of settings, not ${typeName(value)}`,
            'write the config as an object, e.g. { "port": 3456 }',
          ),
        ];
      }
      const key = topKey(segments);
      if (key === "command" && segments.length === 1 && typeof value === "string") {
        return [
          make(
            "invalid_type",
            "must be an argv array, not a shell string",
            `write it as an array: ${shellSplitSuggestion(value)}`,
          ),
        ];
      }
      const rule = ruleFor(ctx, segments, expectedName(issue.expected));
      return [make("invalid_type", `must be ${rule}, not ${typeName(value)}`)];
    }

    case "too_small":
    case "too_big": {
      if (issue.origin === "array" || issue.origin === "string" || issue.origin === "set") {
        if (issue.code === "too_small" && Number(issue.minimum) <= 1) {
          return [
            make("empty", issue.origin === "array" ? "must not be empty" : "must not be an empty string"),
          ];
        }
        const limit = issue.code === "too_big" ? `at most ${issue.maximum}` : `at least ${issue.minimum}`;
        const unit = issue.origin === "array" ? "items" : "characters";
        return [make(issue.code === "too_big" ? "too_long" : "invalid_value", `must have ${limit} ${unit}`)];
      }
      const bound = issue.code === "too_big" ? `at most ${issue.maximum}` : `at least ${issue.minimum}`;
      return [make("out_of_range", `must be ${ruleFor(ctx, segments, bound)}`)];
    }

    case "invalid_format": {
      const key = topKey(segments);
      if (typeof value === "string" && value.includes("\u0000")) {
        return [
          make(
            "invalid_format",
            "contains a NUL character, which a process cannot receive",
            "remove the NUL character",
          ),
        ];
      }
      if (key === "models" && segments.length === 2) {
        if (typeof value === "string" && /\s/.test(value.trim())) {
          return [
            make(
              "invalid_format",
              `${renderValue(value)} is not a valid model id: it contains a space`,
              'separate model ids with commas, e.g. "claude-opus-4.6, claude-sonnet-4.5"',
            ),
          ];
        }
        return [
          make(
            "invalid_format",
            `${renderValue(value)} is not a valid model id (letters and digits, then also . _ : @ -; no spaces or "/")`,
            'write the bare model id, e.g. "claude-opus-4.6" (not "anthropic/claude-opus-4.6")',
          ),
        ];
      }
      if (key === "host") {
        return [make("invalid_format", `${renderValue(value)} is not a valid host name or IP address`)];
      }
      return [make("invalid_format", `must be ${ruleFor(ctx, segments, "in the expected format")}`)];
    }

    default:
      return [make("invalid_value", `must be ${ruleFor(ctx, segments, "a valid value")}`)];
  }
}

/**
 * Turns zod issues into `ConfigIssue`s: one per path (the first problem found there), in the order of
 * `knownKeys` (unknown keys last),
 * wording and fixes from `docs`, received values read from `input` and redacted.
 */
export function issuesFromZod(
  issues: readonly z.core.$ZodIssue[],
  input: unknown,
  context: IssueContext,
): ConfigIssue[] {
  const seen = new Set<string>();
  const out: ConfigIssue[] = [];
  for (const issue of issues) {
    for (const mapped of mapIssue(issue, input, context)) {
      const id = JSON.stringify(mapped.segments);
      if (seen.has(id)) continue;
      seen.add(id);
      out.push(mapped);
    }
  }
  // Key order (problems of the config itself first, unknown keys last); stable within a key.
  const rank = (issue: ConfigIssue): number => {
    if (issue.segments.length === 0) return -1;
    const index = context.knownKeys.indexOf(String(issue.segments[0]));
    return index === -1 ? context.knownKeys.length : index;
  };
  return out
    .map((issue, position) => ({ issue, position }))
    .sort((a, b) => rank(a.issue) - rank(b.issue) || a.position - b.position)
    .map(({ issue }) => redactKeys(issue));
}

/**
 * A key that looks like a credential (`"MERIDIAN_API_KEY=sk-proj-…"` pasted as a name) is shown as
 * `<redacted>` in the path, the segments, the message and the hint. Done after de-duplication, which
 * needs the real keys.
 */
function redactKeys(issue: ConfigIssue): ConfigIssue {
  const isSecret = (segment: string | number): segment is string =>
    typeof segment === "string" && looksLikeSecret(segment);
  const secrets = issue.segments.filter(isSecret);
  if (secrets.length === 0) return issue;
  const hide = (text: string) => secrets.reduce((out, key) => out.replaceAll(key, REDACTED), text);
  const segments = issue.segments.map((segment) => (isSecret(segment) ? REDACTED : segment));
  return {
    ...issue,
    path: formatPath(segments),
    segments,
    message: hide(issue.message),
    hint: hide(issue.hint),
  };
}

/**
 * Builds a `ConfigError` from a failed zod parse of any schema (for plugins that compose their own
 * schema from this package's building blocks). `docs` gives each top-level key's rule and fix.
 */
export function configErrorFromZod(
  error: { issues: readonly z.core.$ZodIssue[] },
  input: unknown,
  options: ConfigErrorOptions & Partial<IssueContext> = {},
): ConfigError {
  const docs = options.docs ?? {};
  const issues = issuesFromZod(error.issues, input, {
    docs,
    knownKeys: options.knownKeys ?? Object.keys(docs),
    ...(options.reservedEnv ? { reservedEnv: options.reservedEnv } : {}),
  });
  return new ConfigError(issues, { source: options.source, subject: options.subject, cause: error });
}
