/**
 * Reading the OpenClaw config for a command, with the CLI's error messages: a malformed file is named
 * with its line and column and nothing is written; a missing file is an empty config unless required.
 */
import { type ConfigFile, readConfigFile } from "@proxykit/openclaw-config";
import { CliError } from "./errors.ts";
import { BIN } from "./program.ts";

/** Reads `path`; a missing file gives `{}` (`exists: false`) unless `required`. */
export async function readOpenClawConfig(
  path: string,
  options: { required?: boolean } = {},
): Promise<ConfigFile> {
  try {
    return await readConfigFile(path, { allowMissing: options.required !== true });
  } catch (error) {
    const code = (error as { code?: string }).code ?? "READ_FAILED";
    if (code === "CONFIG_NOT_FOUND") {
      throw new CliError(code, `no OpenClaw config at ${path}`, {
        fix: `run \`${BIN} setup\` (or \`openclaw onboard\`), or point --config at your openclaw.json`,
        cause: error,
      });
    }
    throw new CliError(code, (error as Error).message, {
      fix:
        code === "PARSE_ERROR"
          ? "correct the file at the line and column shown"
          : `check ${path} and its permissions`,
      cause: error,
    });
  }
}
