/**
 * The work of `setup` without the talking (the questions and what they start from are config-schema's
 * `runSetupPrompts`/`setupStart`, shared with the plugin's auth flow): the ONE patch (built by
 * `@proxykit/openclaw-config`'s `buildProxySetupPatch`, the builder the plugin's auth flow uses too),
 * what it would change, and the write (atomic, locked, backed up, comments kept).
 */
import { applyProxySetup, type ProxySetupInput, type UpdateResult } from "@proxykit/openclaw-config";
import { type ConfigChange, diffConfig } from "./diff.ts";
import { CliError } from "./errors.ts";
import { PLUGIN_ID, PROVIDER_ID } from "./ids.ts";
import { BIN } from "./program.ts";

/** The answers setup needs. */
export interface SetupValues {
  host: string;
  port: number;
  models: string[];
  /** Sets the plugin's `command` (argv) when given. */
  command?: string[];
  /** The plugin config's `allowNonLoopback` (kept as it is; it decides whether a non-loopback host is allowed). */
  allowNonLoopback?: boolean;
}

/** The input of the setup patch for `values` (one builder shared with the plugin's auth flow). */
export function setupInput(values: SetupValues): ProxySetupInput {
  return {
    providerId: PROVIDER_ID,
    pluginId: PLUGIN_ID,
    host: values.host,
    port: values.port,
    models: values.models,
    // Enable the plugin with the same host/port/models (one address), plus the command when given —
    // as the plugin's auth flow does, keeping `allowNonLoopback` when the config has it.
    pluginConfig: {
      ...(values.command ? { command: values.command } : {}),
      ...(values.allowNonLoopback ? { allowNonLoopback: true } : {}),
    },
    ...(values.allowNonLoopback ? { allowNonLoopback: true } : {}),
  };
}

/** A computed change: the patch applied in memory, nothing written. */
export interface SetupPreview {
  result: UpdateResult;
  changes: ConfigChange[];
}

/** Applies the patch in a dry run and lists what would change. */
export async function previewSetup(configPath: string, values: SetupValues): Promise<SetupPreview> {
  const result = await applyProxySetup(configPath, setupInput(values), {
    dryRun: true,
    create: true,
    allowFormattingLoss: true,
  }).catch((error: unknown) => {
    throw toCliError(error, configPath);
  });
  return { result, changes: diffConfig(result.before, result.after) };
}

/** Writes the setup patch. A file whose comments cannot be kept is only rewritten with `allowFormattingLoss`. */
export async function writeSetup(
  configPath: string,
  values: SetupValues,
  options: { allowFormattingLoss?: boolean } = {},
): Promise<UpdateResult> {
  try {
    return await applyProxySetup(configPath, setupInput(values), {
      create: true,
      allowFormattingLoss: options.allowFormattingLoss === true,
    });
  } catch (error) {
    throw toCliError(error, configPath);
  }
}

function toCliError(error: unknown, configPath: string): CliError {
  if (error instanceof CliError) return error;
  {
    const code = (error as { code?: string }).code ?? "WRITE_FAILED";
    const fixes: Record<string, string> = {
      FORMATTING_WOULD_BE_LOST: `pass --allow-formatting-loss to rewrite ${configPath} as plain JSON (a backup is kept), or edit it by hand`,
      LOCK_TIMEOUT: "another program (OpenClaw?) holds the config lock: try again in a moment",
      READ_ONLY: `make ${configPath} writable, or pass --config to write another file`,
      CONFIG_READONLY_MODE: "the config is managed externally: change it where it is managed",
      PARSE_ERROR: "fix the syntax error first: nothing was written",
    };
    return new CliError(code, (error as Error).message, {
      fix: fixes[code] ?? `check ${configPath}; run \`${BIN} doctor\``,
      cause: error,
    });
  }
}
