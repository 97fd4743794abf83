import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { OpenClawConfigError } from "./errors.ts";

/** Options of {@link locateConfigFile}. Every input OpenClaw looks at can be injected (tests, other hosts). */
export interface LocateOptions {
  /** Environment to read (`OPENCLAW_CONFIG_PATH`, `OPENCLAW_STATE_DIR`, `OPENCLAW_HOME`, `HOME`, …). Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * The CLI's `--profile <name>` (use `"dev"` for `--dev`). `OPENCLAW_PROFILE` in `env` alone does NOT select a
   * profile directory: OpenClaw only uses it to tell which profile a `--profile` switch leaves.
   */
  profile?: string;
  /** Directory relative paths are resolved against. Default `process.cwd()`. */
  cwd?: string;
  /** OS home used when neither `HOME` nor `USERPROFILE` is set. Default `os.homedir`. */
  homedir?: () => string;
  /** File existence check (OpenClaw prefers existing files among its candidates). Default `fs.existsSync`. */
  exists?: (file: string) => boolean;
}

/** Why {@link locateConfigFile} chose its answer. */
export type ConfigLocationSource =
  | "OPENCLAW_CONFIG_PATH"
  | "profile"
  | "OPENCLAW_STATE_DIR"
  | "existing-default"
  | "existing-legacy"
  | "default";

/** The answer of {@link locateConfigFile}. */
export interface ConfigLocation {
  /** Absolute path of the config file OpenClaw reads and writes (it may not exist yet). */
  path: string;
  /** Whether the file exists now. */
  exists: boolean;
  /** The state directory OpenClaw uses with this environment. */
  stateDir: string;
  /** Which rule decided. */
  source: ConfigLocationSource;
  /** The environment after applying `profile` the way OpenClaw's CLI does (useful to run `openclaw` alike). */
  env: Record<string, string | undefined>;
}

const CONFIG_FILENAME = "openclaw.json";
const LEGACY_CONFIG_FILENAMES = ["clawdbot.json"];
const NEW_STATE_DIRNAME = ".openclaw";
const LEGACY_STATE_DIRNAMES = [".clawdbot"];
const PROFILE_NAME_RE = /^[a-z0-9][a-z0-9_-]{0,63}$/i;

interface Context {
  env: Record<string, string | undefined>;
  cwd: string;
  homedir: () => string;
  exists: (file: string) => boolean;
}

/**
 * Finds the config file exactly as OpenClaw 2026.9.6 does (`openclaw config file`): `OPENCLAW_CONFIG_PATH` wins;
 * else `OPENCLAW_STATE_DIR` (its `openclaw.json`, or a legacy `clawdbot.json` there); else the first existing of
 * `~/.openclaw/{openclaw,clawdbot}.json`, `~/.clawdbot/{openclaw,clawdbot}.json`; else `~/.openclaw/openclaw.json`.
 * `~` is `OPENCLAW_HOME` when set (itself `~`-expanded against `HOME`), otherwise `HOME`/`USERPROFILE`.
 * A `profile` applies first, like `--profile`: it points the state dir and config path at `~/.openclaw-<name>`
 * unless `OPENCLAW_STATE_DIR`/`OPENCLAW_CONFIG_PATH` are already set. Relative paths resolve against `cwd`.
 */
export function locateConfigFile(options: LocateOptions = {}): ConfigLocation {
  const ctx: Context = {
    env: { ...(options.env ?? process.env) },
    cwd: options.cwd ?? process.cwd(),
    homedir: options.homedir ?? os.homedir,
    exists: options.exists ?? ((file) => existsSync(file)),
  };
  const originalConfigPath = ctx.env.OPENCLAW_CONFIG_PATH;
  if (options.profile !== undefined) {
    const profile = options.profile.trim();
    if (!profile) throw new OpenClawConfigError("INVALID_PROFILE", "--profile requires a value");
    if (!PROFILE_NAME_RE.test(profile)) {
      throw new OpenClawConfigError(
        "INVALID_PROFILE",
        `Invalid profile ${JSON.stringify(options.profile)}: use letters, numbers, "_" and "-" only (at most 64).`,
      );
    }
    applyProfileEnv(ctx, profile);
  }
  const { env } = ctx;
  const home = envHomedir(ctx);
  const stateDir = resolveStateDir(ctx, home);
  const file = resolveConfigPath(ctx, home);
  const explicit = trimmed(env.OPENCLAW_CONFIG_PATH);
  let source: ConfigLocationSource;
  if (explicit) source = env.OPENCLAW_CONFIG_PATH !== originalConfigPath ? "profile" : "OPENCLAW_CONFIG_PATH";
  else if (trimmed(env.OPENCLAW_STATE_DIR)) source = "OPENCLAW_STATE_DIR";
  else if (!safeExists(ctx, file)) source = "default";
  else
    source =
      file === path.join(home(), NEW_STATE_DIRNAME, CONFIG_FILENAME) ? "existing-default" : "existing-legacy";
  return { path: file, exists: safeExists(ctx, file), stateDir, source, env };
}

// ---------------------------------------------------------------------------------------------------------------
// A port of OpenClaw 2026.9.6's src/infra/home-dir.ts and src/config/paths.ts (resolveConfigPath, the function
// behind `openclaw config file`). The `homedir` thunks are kept as OpenClaw nests them: when neither HOME nor
// USERPROFILE is set, each nesting level re-applies a `~`-relative OPENCLAW_HOME (a quirk the differential test
// found: OPENCLAW_HOME=~/alt then yields <os home>/alt/alt/...).
// ---------------------------------------------------------------------------------------------------------------

type Homedir = () => string;

function safeExists(ctx: Context, file: string): boolean {
  try {
    return ctx.exists(file);
  } catch {
    return false;
  }
}

function trimmed(value: string | undefined): string | undefined {
  const result = value?.trim();
  return result ? result : undefined;
}

/** normalizeHomeDirValue: trimmed, and the strings "undefined"/"null" count as unset. */
function homeValue(value: string | undefined): string | undefined {
  const result = value?.trim();
  return result && result !== "undefined" && result !== "null" ? result : undefined;
}

function normalizeSafe(homedir: Homedir): string | undefined {
  try {
    return homeValue(homedir());
  } catch {
    return undefined;
  }
}

function termuxHome(ctx: Context): string | undefined {
  const prefix = homeValue(ctx.env.PREFIX);
  if (!prefix || !homeValue(ctx.env.ANDROID_DATA)) return undefined;
  if (!/(?:^|\/)com\.termux\/files\/usr\/?$/u.test(prefix.replace(/\\/gu, "/"))) return undefined;
  return path.resolve(ctx.cwd, prefix, "..", "home");
}

function rawOsHome(ctx: Context, homedir: Homedir): string | undefined {
  const { env } = ctx;
  return homeValue(env.HOME) ?? homeValue(env.USERPROFILE) ?? termuxHome(ctx) ?? normalizeSafe(homedir);
}

/** resolveEffectiveHomeDir: OPENCLAW_HOME (a leading `~` is the OS home) or the OS home. */
function effectiveHome(ctx: Context, homedir: Homedir): string | undefined {
  const explicit = homeValue(ctx.env.OPENCLAW_HOME);
  if (!explicit) {
    const raw = rawOsHome(ctx, homedir);
    return raw ? path.resolve(ctx.cwd, raw) : undefined;
  }
  if (explicit === "~" || explicit.startsWith("~/") || explicit.startsWith("~\\")) {
    const osHome = rawOsHome(ctx, homedir);
    if (!osHome) return undefined;
    return path.resolve(
      ctx.cwd,
      explicit.replace(/^~(?=$|[\\/])/, () => osHome),
    );
  }
  return path.resolve(ctx.cwd, explicit);
}

/** resolveRequiredHomeDir: the effective home, else the working directory. */
function requiredHomeDir(ctx: Context, homedir: Homedir): string {
  return path.resolve(ctx.cwd, effectiveHome(ctx, homedir) ?? ctx.cwd);
}

/** envHomedir: `() => resolveRequiredHomeDir(env, os.homedir)`. */
function envHomedir(ctx: Context): Homedir {
  return () => requiredHomeDir(ctx, ctx.homedir);
}

/** resolveHomeRelativePath: trims, expands a leading `~`, `~/` or `~\` with the home, resolves against cwd. */
function resolveUserPath(ctx: Context, input: string, homedir: Homedir): string {
  const value = input.trim();
  if (!value) return value;
  if (value.startsWith("~")) {
    const home = requiredHomeDir(ctx, homedir);
    return path.resolve(
      ctx.cwd,
      value.replace(/^~(?=$|[\\/])/, () => home),
    );
  }
  return path.resolve(ctx.cwd, value);
}

/** resolveStateDir: OPENCLAW_STATE_DIR, else ~/.openclaw if it exists, else an existing ~/.clawdbot, else ~/.openclaw. */
function resolveStateDir(ctx: Context, homedir: Homedir): string {
  const effective: Homedir = () => requiredHomeDir(ctx, homedir);
  const override = trimmed(ctx.env.OPENCLAW_STATE_DIR);
  if (override) return resolveUserPath(ctx, override, effective);
  const newDir = path.join(effective(), NEW_STATE_DIRNAME);
  if (safeExists(ctx, newDir)) return newDir;
  const legacy = LEGACY_STATE_DIRNAMES.map((dir) => path.join(effective(), dir)).find((dir) =>
    safeExists(ctx, dir),
  );
  return legacy ?? newDir;
}

/** resolveDefaultConfigCandidates: ~/.openclaw/{openclaw,clawdbot}.json, then ~/.clawdbot/… */
function defaultCandidates(ctx: Context, homedir: Homedir): string[] {
  const effective: Homedir = () => requiredHomeDir(ctx, homedir);
  const candidates: string[] = [];
  const stateOverride = trimmed(ctx.env.OPENCLAW_STATE_DIR);
  if (stateOverride) {
    const resolved = resolveUserPath(ctx, stateOverride, effective);
    for (const name of [CONFIG_FILENAME, ...LEGACY_CONFIG_FILENAMES])
      candidates.push(path.join(resolved, name));
  }
  for (const dir of [NEW_STATE_DIRNAME, ...LEGACY_STATE_DIRNAMES]) {
    for (const name of [CONFIG_FILENAME, ...LEGACY_CONFIG_FILENAMES])
      candidates.push(path.join(effective(), dir, name));
  }
  return candidates;
}

/** resolveConfigPath(env), exactly what `openclaw config file` prints. */
function resolveConfigPath(ctx: Context, homedir: Homedir): string {
  const override = trimmed(ctx.env.OPENCLAW_CONFIG_PATH);
  if (override) return resolveUserPath(ctx, override, homedir);
  const selected = resolveStateDir(ctx, envHomedir(ctx));
  const existing = [CONFIG_FILENAME, ...LEGACY_CONFIG_FILENAMES]
    .map((name) => path.join(selected, name))
    .find((candidate) => safeExists(ctx, candidate));
  if (existing) return existing;
  if (trimmed(ctx.env.OPENCLAW_STATE_DIR)) return path.join(selected, CONFIG_FILENAME);
  const defaultStateDir = resolveStateDir(ctx, homedir);
  if (path.resolve(selected) !== path.resolve(defaultStateDir)) return path.join(selected, CONFIG_FILENAME);
  // resolveConfigPathCandidate(env, homedir)
  const candidate = defaultCandidates(ctx, homedir).find((file) => safeExists(ctx, file));
  if (candidate) return candidate;
  return path.join(resolveStateDir(ctx, homedir), CONFIG_FILENAME);
}

function profileStateDir(ctx: Context, profile: string): string {
  if (!PROFILE_NAME_RE.test(profile)) {
    throw new OpenClawConfigError("INVALID_PROFILE", `Invalid profile name: ${JSON.stringify(profile)}`);
  }
  const suffix = profile.toLowerCase() === "default" ? "" : `-${profile}`;
  return path.join(requiredHomeDir(ctx, ctx.homedir), `${NEW_STATE_DIRNAME}${suffix}`);
}

function isGatewayServiceEnv(env: Context["env"]): boolean {
  if (env.OPENCLAW_SERVICE_MARKER?.trim() !== "openclaw") return false;
  const kind = env.OPENCLAW_SERVICE_KIND?.trim();
  return !kind || kind === "gateway";
}

const SERVICE_SELECTOR_KEYS = [
  "OPENCLAW_STATE_DIR",
  "OPENCLAW_CONFIG_PATH",
  "OPENCLAW_PROFILE",
  "OPENCLAW_GATEWAY_PORT",
  "OPENCLAW_LAUNCHD_LABEL",
  "OPENCLAW_SYSTEMD_UNIT",
  "OPENCLAW_WINDOWS_TASK_NAME",
];

/**
 * Port of OpenClaw's `applyCliProfileEnv` (src/cli/profile.ts), limited to what moves the config file: an
 * explicit state dir / config path is kept, unless it is the one of the profile being switched away from
 * (`OPENCLAW_PROFILE`), in which case it follows the new profile.
 */
function applyProfileEnv(ctx: Context, profile: string): void {
  const { env } = ctx;
  const inheritedProfile = trimmed(env.OPENCLAW_PROFILE) ?? "default";
  const existingStateDir = trimmed(env.OPENCLAW_STATE_DIR);
  const existingConfigPath = trimmed(env.OPENCLAW_CONFIG_PATH);
  const inheritedDir = profileStateDir(ctx, inheritedProfile);
  const selectedDir = profileStateDir(ctx, profile);
  const switches = inheritedDir !== selectedDir;
  const switchesState = Boolean(
    existingStateDir && switches && resolveUserPath(ctx, existingStateDir, ctx.homedir) === inheritedDir,
  );
  const replacesConfig = Boolean(
    switches &&
      (!existingStateDir || switchesState) &&
      existingConfigPath &&
      resolveUserPath(ctx, existingConfigPath, ctx.homedir) === path.join(inheritedDir, CONFIG_FILENAME),
  );
  const managedSelectors = switches && isGatewayServiceEnv(env) && switchesState && replacesConfig;
  if (managedSelectors) for (const key of SERVICE_SELECTOR_KEYS) delete env[key];
  env.OPENCLAW_PROFILE = profile;
  const retainedStateDir = managedSelectors ? undefined : existingStateDir;
  const stateDir = retainedStateDir && !switchesState ? retainedStateDir : selectedDir;
  if (!retainedStateDir || switchesState) env.OPENCLAW_STATE_DIR = stateDir;
  if (!managedSelectors && (!existingConfigPath || replacesConfig)) {
    env.OPENCLAW_CONFIG_PATH = path.join(stateDir, CONFIG_FILENAME);
  }
}
