/**
 * Which OpenClaw config file and state directory a command works on: `--config <path>` wins, else the
 * file OpenClaw itself would use (`OPENCLAW_CONFIG_PATH`, `--profile`, `OPENCLAW_STATE_DIR`,
 * `OPENCLAW_HOME`, `~/.openclaw/openclaw.json`), found by `@proxykit/openclaw-config`.
 */
import { resolve } from "node:path";
import { locateConfigFile } from "@proxykit/openclaw-config";
import type { GlobalOptions } from "./context.ts";
import { UsageError } from "./errors.ts";

/** The config file and state directory a command works on. */
export interface Target {
  /** Absolute path of `openclaw.json` (it may not exist yet). */
  configPath: string;
  /** The state directory OpenClaw uses with this environment (pid files live below it). */
  stateDir: string;
  /** Why this file: `--config`, `OPENCLAW_CONFIG_PATH`, `profile`, `OPENCLAW_STATE_DIR`, `default`, … */
  source: string;
  /** Environment for `openclaw` commands so that they use the same file and profile. */
  openclawEnv: Record<string, string | undefined>;
}

/** Resolves the target of a command from the global options and the environment. */
export function resolveTarget(
  global: GlobalOptions,
  env: Record<string, string | undefined>,
  cwd: string,
): Target {
  let location: ReturnType<typeof locateConfigFile>;
  try {
    location = locateConfigFile({
      env,
      cwd,
      ...(global.profile !== undefined ? { profile: global.profile } : {}),
    });
  } catch (error) {
    if ((error as { code?: string }).code === "INVALID_PROFILE") {
      throw new UsageError((error as Error).message, "use a profile name of letters, digits, _ and -");
    }
    throw error;
  }
  if (global.config !== undefined) {
    const configPath = resolve(cwd, global.config);
    return {
      configPath,
      stateDir: location.stateDir,
      source: "--config",
      openclawEnv: { ...location.env, OPENCLAW_CONFIG_PATH: configPath },
    };
  }
  return {
    configPath: location.path,
    stateDir: location.stateDir,
    source: location.source,
    openclawEnv: location.env,
  };
}
