import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";

/** Environment variable every process of one home inherits: finds them all, orphans included. */
export const HOME_MARKER_ENV = "PROXYKIT_E2E_HOME";

/**
 * Switches that keep OpenClaw from reaching the network or the machine's own state by accident
 * (documented in OpenClaw's `docs/help/environment.md` unless noted).
 */
export const OFFLINE_ENV: Readonly<Record<string, string>> = {
  /** No automatic update checks or applies (also stops the update-check telemetry request). */
  OPENCLAW_NO_AUTO_UPDATE: "1",
  /** No downloads of the pinned `fd`/`ripgrep` helper binaries. */
  OPENCLAW_OFFLINE: "1",
  /** No mDNS advertising. */
  OPENCLAW_DISABLE_BONJOUR: "1",
  /** Undocumented (src/entry.respawn.ts): no re-spawn of the CLI into a detached child. */
  OPENCLAW_NO_RESPAWN: "1",
  /** Plain output without ANSI colours: stable to match in tests. */
  NO_COLOR: "1",
  /** OpenClaw runs `npm root -g`: keep npm from checking the registry for its own updates. */
  npm_config_update_notifier: "false",
  /**
   * A dead HTTP(S) proxy for every non-loopback request: Node's fetch honours it with NODE_USE_ENV_PROXY=1
   * (and OpenClaw's own proxy-aware clients read it too), so an accidental request to the internet fails
   * fast with "connection refused" instead of leaving the machine. Loopback stays direct.
   */
  NODE_USE_ENV_PROXY: "1",
  HTTP_PROXY: "http://127.0.0.1:9",
  HTTPS_PROXY: "http://127.0.0.1:9",
  NO_PROXY: "localhost,127.0.0.1,::1",
};

/** Variables taken over from the test process; everything else (API keys, VITEST, NODE_OPTIONS…) is left out. */
const INHERITED = ["PATH", "LANG", "LC_ALL", "TZ", "TERM", "USER", "LOGNAME", "SHELL"];

/** Options of `buildIsolatedEnv`. */
export interface IsolatedEnvOptions {
  /** The temp home: `HOME`, `OPENCLAW_HOME`, XDG dirs and `TMPDIR` point inside it. */
  home: string;
  /** Value of `HOME_MARKER_ENV`. */
  marker: string;
  /**
   * Node compile cache shared by every home (saves ~5 s per cold OpenClaw start); `false` leaves OpenClaw's
   * default, a cache inside the home's TMPDIR.
   */
  compileCacheDir?: string | false;
  /** Extra variables; `undefined` removes a variable. */
  extra?: Record<string, string | undefined>;
}

/** The default shared compile cache: `<os tmpdir>/openclaw-e2e-compile-cache`. */
export function defaultCompileCacheDir(): string {
  return join(tmpdir(), "openclaw-e2e-compile-cache");
}

/**
 * A from-scratch environment for OpenClaw processes of one home: nothing of the caller's state
 * (no `ANTHROPIC_*`/`OPENAI_*` keys, no `~/.openclaw`, no VITEST switches that change OpenClaw's
 * behaviour) unless a test passes it in `extra`. The running Node's folder comes first on PATH, so
 * anything OpenClaw or a plugin spawns as `node` is the same Node 24.
 */
export function buildIsolatedEnv(options: IsolatedEnvOptions): Record<string, string> {
  const { home } = options;
  const env: Record<string, string> = {};
  for (const name of INHERITED) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  env.PATH = [dirname(process.execPath), env.PATH ?? "/usr/local/bin:/usr/bin:/bin"].join(delimiter);
  Object.assign(env, {
    HOME: home,
    OPENCLAW_HOME: home,
    XDG_CONFIG_HOME: join(home, ".config"),
    XDG_CACHE_HOME: join(home, ".cache"),
    XDG_DATA_HOME: join(home, ".local", "share"),
    XDG_STATE_HOME: join(home, ".local", "state"),
    TMPDIR: join(home, "tmp"),
    ...OFFLINE_ENV,
    [HOME_MARKER_ENV]: options.marker,
  });
  const cache = options.compileCacheDir ?? defaultCompileCacheDir();
  if (cache !== false) {
    env.NODE_COMPILE_CACHE = cache;
    // Undocumented (openclaw.mjs): with NODE_COMPILE_CACHE set, the launcher re-spawns itself once as a child
    // to move the cache into a versioned subfolder, so the pid the harness started would not be the Gateway.
    // This marks that re-spawn as done; Node keeps the cache in `cache` (it keys entries by file and version).
    env.OPENCLAW_PACKAGED_COMPILE_CACHE_RESPAWNED = "1";
  }
  return withEnv(env, options.extra);
}

/** Applies per-call overrides to an environment (`undefined` removes a variable). */
export function withEnv(
  base: Readonly<Record<string, string>>,
  overrides: Record<string, string | undefined> = {},
): Record<string, string> {
  const env = { ...base };
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}
