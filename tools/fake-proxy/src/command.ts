/** The argv that starts the simulator like the real proxy is started. */
import { resolve } from "node:path";

/** Absolute path of the command's entry file (`src/cli.ts`; Node 24 runs it without a build). */
export const CLI_PATH: string = resolve(import.meta.dirname, "../src/cli.ts");

/** `[node, <absolute path of src/cli.ts>]`: put it in the plugin's `command` to supervise the simulator. */
export function fakeProxyCommand(): string[] {
  return [process.execPath, CLI_PATH];
}
