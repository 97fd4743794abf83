/**
 * Installing and enabling the plugin with the user's `openclaw` (the verified non-interactive sequence:
 * `plugins install <source> --force --accept-capabilities`, then `plugins enable <id>`).
 */
import { CliError } from "./errors.ts";
import { PLUGIN_ID } from "./ids.ts";
import { type OpenClawBin, type OpenClawResult, runOpenClaw } from "./openclaw.ts";
import type { PluginSource } from "./plugin-source.ts";

/** What the install did. */
export interface PluginInstallResult {
  source: string;
  installMs: number;
  enableMs: number;
}

function tail(result: OpenClawResult): string {
  const lines = `${result.stderr}\n${result.stdout}`
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "");
  return lines.slice(-3).join(" | ");
}

/** Installs the plugin from `source` and enables it; throws `CliError` naming OpenClaw's complaint. */
export async function installAndEnablePlugin(
  bin: OpenClawBin,
  source: PluginSource,
  env: Readonly<Record<string, string | undefined>>,
  timeoutMs = 180_000,
): Promise<PluginInstallResult> {
  const install = await runOpenClaw(
    bin,
    ["plugins", "install", source.locator, "--force", "--accept-capabilities"],
    {
      env,
      timeoutMs,
    },
  );
  if (install.exitCode !== 0) {
    throw new CliError(
      "PLUGIN_INSTALL_FAILED",
      `openclaw plugins install ${source.locator} failed (${install.timedOut ? "timed out" : `exit ${install.exitCode}`}): ${tail(install)}`,
      {
        fix: "run that command yourself to see the whole output; the config change above was written already",
      },
    );
  }
  const enable = await runOpenClaw(bin, ["plugins", "enable", PLUGIN_ID], { env, timeoutMs });
  if (enable.exitCode !== 0) {
    throw new CliError(
      "PLUGIN_ENABLE_FAILED",
      `openclaw plugins enable ${PLUGIN_ID} failed (exit ${enable.exitCode}): ${tail(enable)}`,
      { fix: `run \`openclaw plugins enable ${PLUGIN_ID}\` yourself to see the whole output` },
    );
  }
  return { source: source.path, installMs: install.durationMs, enableMs: enable.durationMs };
}
