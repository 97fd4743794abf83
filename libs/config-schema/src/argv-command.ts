import * as z from "zod/mini";
import { withJsonSchema } from "./json-schema.ts";

/** The placeholders `expandArgv` fills in by default. */
export const DEFAULT_PLACEHOLDERS = ["host", "port"] as const;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Pattern for one argv item: no NUL character (a process argument cannot hold one), and every
 * `{name}` is one of the allowed placeholders (so a typo such as `{prot}` is caught). A `{` that does
 * not open a `{name}` is an ordinary character.
 */
export function argvItemPattern(placeholders: readonly string[] = DEFAULT_PLACEHOLDERS): RegExp {
  const allowed = placeholders.map(escapeRegExp).join("|");
  const known = allowed ? `\\{(?:${allowed})\\}|` : "";
  return new RegExp(`^(?:[^{\\u0000]|${known}\\{(?![A-Za-z_][A-Za-z0-9_]*\\}))*$`);
}

/**
 * Pattern for argv[0]: a program name looked up on PATH cannot contain whitespace; a path may, when a
 * `/` or `\` comes before its first whitespace (`/Users/John Smith/bin/proxy`, `C:\Program Files\…`).
 * Catches a shell line pasted as one item, also one whose arguments hold a path
 * (`["npx -y @rynfar/meridian"]`, `["node /opt/proxy.js"]`).
 */
export const PROGRAM_PATTERN: RegExp = /^(?:[^\s/\\]+|\S*[/\\][\s\S]*)$/;

/** The `{name}` placeholders written in an argv item, in order (known or not). */
export function placeholdersIn(item: string): string[] {
  return [...item.matchAll(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g)].map((match) => match[1] as string);
}

/**
 * Schema: a command as an argv array (never a shell string): at least one item, every item a
 * non-empty string, argv[0] a program name without whitespace or a path, and `{name}` placeholders
 * limited to `placeholders` (default `{host}` and `{port}`).
 */
export function argvCommand(
  options: { placeholders?: readonly string[] } = {},
): z.ZodMiniArray<z.ZodMiniString<string>> {
  const allowed = [...(options.placeholders ?? DEFAULT_PLACEHOLDERS)];
  const item = z.string().check(
    z.minLength(1),
    z.refine((text: string) => !text.includes("\u0000"), { params: { configCode: "nul_character" } }),
    z.refine((text: string) => placeholdersIn(text).every((name) => allowed.includes(name)), {
      params: { configCode: "unknown_placeholder", placeholders: allowed },
    }),
  );
  // JSON Schema: the two refinements are one item pattern.
  withJsonSchema(
    item,
    { type: "string", minLength: 1, pattern: argvItemPattern(allowed).source },
    { replace: true },
  );
  const schema = z.array(item).check(
    z.minLength(1),
    z.refine(
      (argv: string[]) =>
        !Array.isArray(argv) || typeof argv[0] !== "string" || PROGRAM_PATTERN.test(argv[0]),
      {
        path: [0],
        params: { configCode: "shell_string" },
        when: () => true,
      },
    ),
  );
  // JSON Schema: argv[0] also matches PROGRAM_PATTERN (kept in an allOf so `items` still covers it).
  return withJsonSchema(schema, {
    allOf: [{ prefixItems: [{ type: "string", pattern: PROGRAM_PATTERN.source }] }],
  });
}

/**
 * Replaces `{name}` placeholders in every argv item (`{host}` and `{port}` by default). IPv6 hosts are
 * inserted as written (`::1`, no brackets): the program receives a host, not a URL. Unknown
 * placeholders are left untouched (the schema rejects them before this point).
 */
export function expandArgv(
  argv: readonly string[],
  values: { host: string; port: number } & Record<string, string | number>,
): string[] {
  return argv.map((item) =>
    item.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (whole, name: string) =>
      Object.hasOwn(values, name) ? String(values[name]) : whole,
    ),
  );
}
