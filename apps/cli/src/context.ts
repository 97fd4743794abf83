import type { Command } from "commander";
import { toCliError } from "./errors.ts";
import { Output } from "./output.ts";

/** Options every command accepts (defined on the program, usable before or after the command name). */
export interface GlobalOptions {
  /** `--json`: one JSON document on stdout. */
  json?: boolean;
  /** `--no-color` sets this to false. */
  color?: boolean;
  /** `--config <path>`: the openclaw.json to use (else located like OpenClaw does). */
  config?: string;
  /** `--profile <name>`: OpenClaw profile (`~/.openclaw-<name>`). */
  profile?: string;
}

/** Where a command's input and output go; injectable for in-process use. */
export interface Io {
  stdout?: NodeJS.WritableStream & { isTTY?: boolean };
  stderr?: NodeJS.WritableStream & { isTTY?: boolean };
  env?: Record<string, string | undefined>;
  cwd?: string;
}

/** What a command handler gets. */
export interface CommandContext {
  out: Output;
  global: GlobalOptions;
  env: Record<string, string | undefined>;
  cwd: string;
}

/** The result of the whole invocation, filled by the action wrapper. */
export interface RunState {
  exitCode: number;
}

/**
 * Wraps a command handler as a commander action: builds the output from the global options, runs the
 * handler, turns a thrown error into problem + fix on stderr (and JSON on stdout), records the exit code.
 */
export function action<O extends object>(
  io: Io,
  state: RunState,
  handler: (options: O & GlobalOptions, ctx: CommandContext, args: string[]) => Promise<number>,
): (...args: unknown[]) => Promise<void> {
  return async (...args: unknown[]) => {
    const command = args[args.length - 1] as Command;
    const options = command.optsWithGlobals() as O & GlobalOptions;
    const positional = args.slice(0, -2).filter((arg): arg is string => typeof arg === "string");
    const env = io.env ?? process.env;
    const out = new Output({
      json: options.json === true,
      ...(options.color === false ? { color: false } : {}),
      env,
      ...(io.stdout ? { stdout: io.stdout as never } : {}),
      ...(io.stderr ? { stderr: io.stderr as never } : {}),
    });
    try {
      state.exitCode = await handler(
        options,
        { out, global: options, env, cwd: io.cwd ?? process.cwd() },
        positional,
      );
    } catch (error) {
      const cliError = toCliError(error);
      out.error(cliError);
      state.exitCode = cliError.exitCode;
    }
  };
}
