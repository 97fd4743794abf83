/** Runs the CLI on this process's arguments (loaded by `cli.ts` once the compile cache is on). */
import { COMMANDS } from "./commands/index.ts";
import { runCli } from "./program.ts";

process.exitCode = await runCli(process.argv.slice(2), {}, COMMANDS);
