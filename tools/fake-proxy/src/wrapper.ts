/**
 * Wrapper mode: this process only starts the real server as its child and waits, like `bunx` does, so
 * the proxy that holds the port is a grandchild of whoever started the command.
 */
import { spawn } from "node:child_process";
import { FAKE_PROXY_ENV } from "./options.ts";

const FORWARDED = ["SIGTERM", "SIGINT", "SIGHUP"] as const;

/**
 * Runs `argv` (the command itself, with wrapper mode switched off) as a child sharing this process's
 * stdio and process group. Signals are passed on, except SIGTERM when `ignoreSigterm` is set (then the
 * wrapper and, through the inherited switch, the server both survive it). Exits as the child exits.
 */
export function runWrapper(
  argv: readonly string[],
  ignoreSigterm: boolean,
  environment: Readonly<Record<string, string | undefined>> = process.env,
): void {
  const env = { ...environment };
  delete env[FAKE_PROXY_ENV.wrapper];
  const [command, ...args] = argv as [string, ...string[]];
  const child = spawn(command, args, { stdio: "inherit", env });
  for (const signal of FORWARDED) {
    process.on(signal, () => {
      if (signal === "SIGTERM" && ignoreSigterm) {
        console.error("[fake-proxy wrapper] ignoring SIGTERM");
        return;
      }
      child.kill(signal);
    });
  }
  child.on("exit", (code, signal) => {
    if (signal !== null) {
      // Die the way the child died, as a shell or bunx would report it.
      for (const s of FORWARDED) process.removeAllListeners(s);
      process.kill(process.pid, signal);
      return;
    }
    process.exit(code ?? 1);
  });
}
