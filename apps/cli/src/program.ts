import { Command, CommanderError, Option } from "commander";
import type { Io, RunState } from "./context.ts";
import { EXIT_CODES_HELP, EXIT_OK, EXIT_USAGE } from "./exit-codes.ts";
import { cliVersion } from "./version.ts";

/** Name of the binary. */
export const BIN = "anthropic-max-proxy";

/** A command module's face: adds its command (options, help, action) to the program. */
export type RegisterCommand = (program: Command, io: Io, state: RunState) => Command;

/**
 * One entry of the command table. The module is imported only when its command runs (or its help is
 * asked for), so `status --json` never loads the prompts, the supervisor or the demo.
 */
export interface CommandEntry {
  name: string;
  /** One line for the root help's command list. */
  summary: string;
  /** Hidden from the root help (internal commands). */
  hidden?: boolean;
  load(): Promise<{ register: RegisterCommand }>;
}

/** Global options that take a value (their value is not a command name). */
const VALUE_OPTIONS = new Set(["--config", "--profile"]);

/** The command named on the command line (the first operand), if it is one of `entries`. */
export function selectedCommand(
  argv: readonly string[],
  entries: readonly CommandEntry[],
): CommandEntry | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--") return undefined;
    if (arg.startsWith("-")) {
      if (VALUE_OPTIONS.has(arg)) i++;
      continue;
    }
    const name = arg === "help" ? argv[i + 1] : arg;
    return entries.find((entry) => entry.name === name);
  }
  return undefined;
}

/**
 * Builds the commander program: global options, the commands (the selected one fully, the others as
 * entries of the help list), help with exit codes. Usage errors surface as `CommanderError`.
 */
export async function createProgram(
  argv: readonly string[],
  io: Io,
  state: RunState,
  entries: readonly CommandEntry[],
): Promise<Command> {
  const program = new Command(BIN)
    .description(
      "Set up, check, repair and run the local Claude proxy (Meridian) that the OpenClaw plugin " +
        "anthropic-max-proxy routes Claude traffic through — with or without the Gateway running.",
    )
    .version(cliVersion(), "-V, --version", "print the version")
    .helpOption("-h, --help", "show help for a command")
    .helpCommand("help [command]", "show help for a command")
    .addOption(new Option("--json", "machine output: one JSON document on stdout"))
    .addOption(new Option("--no-color", "no colours (also NO_COLOR=1; colours are used on a TTY only)"))
    .addOption(
      new Option(
        "--config <path>",
        "the openclaw.json to use (default: located like OpenClaw: OPENCLAW_CONFIG_PATH, OPENCLAW_STATE_DIR, OPENCLAW_HOME, ~/.openclaw)",
      ),
    )
    .addOption(new Option("--profile <name>", "OpenClaw profile: ~/.openclaw-<name>"))
    .configureHelp({ showGlobalOptions: true })
    .showHelpAfterError(`(run \`${BIN} --help\` for usage)`)
    .showSuggestionAfterError(true)
    .exitOverride()
    .addHelpText("after", EXIT_CODES_HELP);
  program.configureOutput({
    ...(io.stdout ? { writeOut: (text: string) => void io.stdout?.write(text) } : {}),
    ...(io.stderr ? { writeErr: (text: string) => void io.stderr?.write(text) } : {}),
  });
  const selected = selectedCommand(argv, entries);
  for (const entry of entries) {
    if (entry === selected) {
      const { register } = await entry.load();
      const command = register(program, io, state);
      command
        .exitOverride()
        .showHelpAfterError(`(run \`${BIN} ${entry.name} --help\` for usage)`)
        .configureOutput(program.configureOutput())
        .addHelpText("after", EXIT_CODES_HELP);
    } else {
      // A placeholder for the help list; never selected, so never run.
      program.command(entry.name, { hidden: entry.hidden === true }).summary(entry.summary);
    }
  }
  return program;
}

/** Runs the CLI on `argv` (without node and script) and returns the exit code. */
export async function runCli(
  argv: readonly string[],
  io: Io,
  entries: readonly CommandEntry[],
): Promise<number> {
  const state: RunState = { exitCode: EXIT_OK };
  const program = await createProgram(argv, io, state, entries);
  if (argv.length === 0) {
    program.outputHelp({ error: true });
    return EXIT_USAGE;
  }
  try {
    await program.parseAsync([...argv], { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    throw error;
  }
  return state.exitCode;
}
