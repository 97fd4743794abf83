/**
 * `proxy-simulator` (hidden): the Meridian simulator (`@proxykit/fake-proxy`) built into the CLI, so the
 * demo has a proxy to supervise on a machine without a Claude login. It is the simulator's own command
 * (`runFakeProxyCli`): Meridian's contract — host and port from `MERIDIAN_HOST`/`MERIDIAN_PORT` (or
 * `CLAUDE_PROXY_*`), ready line `Meridian running at http://HOST:PORT`, `Error: Port N is already in use.`
 * and exit 1 on a taken port, `✗ Not logged in to Claude. Run: claude login` and exit 1 without a login
 * (`FAKE_PROXY_NOT_LOGGED_IN=1`, or `FAKE_PROXY_CREDENTIALS_FILE` missing) — and every `FAKE_PROXY_*`
 * switch. It answers every request itself and never talks to Anthropic.
 */
import { runFakeProxyCli } from "@proxykit/fake-proxy";
import type { Command } from "commander";
import { action, type Io, type RunState } from "../context.ts";

export function register(program: Command, io: Io, state: RunState): Command {
  return program
    .command("proxy-simulator", { hidden: true })
    .description(
      "run the built-in Meridian simulator (for the demo and tests): host/port from MERIDIAN_HOST/MERIDIAN_PORT, never talks to Anthropic",
    )
    .action(
      action(io, state, async (_options, ctx) => {
        const { exitCode } = await runFakeProxyCli({
          env: ctx.env,
          // Wrapper mode (FAKE_PROXY_WRAPPER=1) runs the server as a child: this command again.
          selfCommand: [process.execPath, ...process.execArgv, process.argv[1] as string, "proxy-simulator"],
          stdout: ctx.out.stdout,
          stderr: ctx.out.stderr,
          simulatedBy: "anthropic-max-proxy proxy-simulator",
        });
        if (exitCode !== undefined) return exitCode;
        // Serve until a signal ends the process (no handler: it dies by SIGTERM like Meridian).
        return new Promise<never>(() => {});
      }),
    );
}
