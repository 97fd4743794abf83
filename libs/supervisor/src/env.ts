/**
 * Variables removed from the child's environment unless the caller says otherwise: a local proxy that
 * answers with a login must never be handed an API key, a token or a base URL that points elsewhere.
 */
export const DEFAULT_DROPPED_ENV: readonly string[] = Object.freeze([
  "ANTHROPIC_API_KEY",
  "ANTHROPIC_AUTH_TOKEN",
  "ANTHROPIC_BASE_URL",
]);

export interface ChildEnvOptions {
  /** The environment to start from (the parent's, usually). */
  base: Readonly<Record<string, string | undefined>>;
  /** Names removed from `base` (case-sensitive, exact). */
  drop: readonly string[];
  host: string;
  port?: number | undefined;
  /** Names set to the host, e.g. `["CLAUDE_PROXY_HOST", "MERIDIAN_HOST"]`. */
  hostVars: readonly string[];
  /** Names set to the port. */
  portVars: readonly string[];
  /** Set last, so it wins over everything above; `undefined` removes a name. */
  extra?: Readonly<Record<string, string | undefined>> | undefined;
}

/**
 * Builds the child's complete environment. Order: `base` minus `drop`, then host/port variables, then
 * `extra` (an explicit value in `extra` is the caller's decision and is kept even if its name is in `drop`).
 */
export function buildChildEnv(o: ChildEnvOptions): Record<string, string> {
  const dropped = new Set(o.drop);
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(o.base)) {
    if (value === undefined || dropped.has(key)) continue;
    env[key] = value;
  }
  for (const key of o.hostVars) env[key] = o.host;
  if (o.port !== undefined) for (const key of o.portVars) env[key] = String(o.port);
  if (o.extra) {
    for (const [key, value] of Object.entries(o.extra)) {
      if (value === undefined) delete env[key];
      else env[key] = value;
    }
  }
  return env;
}

/** Replaces `{host}` and `{port}` in every argument; other braces are left alone. */
export function expandArgv(
  argv: readonly string[],
  vars: { host: string; port?: number | undefined },
): string[] {
  return argv.map((arg) =>
    arg.replace(/\{(host|port)\}/g, (whole, name: string) => {
      if (name === "host") return vars.host;
      return vars.port === undefined ? whole : String(vars.port);
    }),
  );
}
