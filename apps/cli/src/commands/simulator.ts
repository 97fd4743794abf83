/**
 * `proxy-simulator` (hidden): the Meridian simulator (`@proxykit/fake-proxy`) built into the CLI, so the
 * demo has a proxy to supervise on a machine without a Claude login. It follows Meridian's contract: host
 * and port from `MERIDIAN_HOST`/`MERIDIAN_PORT` (or `CLAUDE_PROXY_*`), ready line
 * `Meridian running at http://HOST:PORT`, `Error: Port N is already in use.` and exit 1 on a taken port.
 * Not logged in (`FAKE_PROXY_NOT_LOGGED_IN=1`, or `FAKE_PROXY_CREDENTIALS_FILE` missing) → Meridian's
 * `✗ Not logged in to Claude. Run: claude login` and exit 1. It answers every request itself and never
 * talks to Anthropic.
 */
import { existsSync } from "node:fs";
import { optionsFromEnv, startFakeProxy } from "@proxykit/fake-proxy";
import type { Command } from "commander";
import { action, type Io, type RunState } from "../context.ts";
import { EXIT_ATTENTION } from "../exit-codes.ts";

export function register(program: Command, io: Io, state: RunState): Command {
  return program
    .command("proxy-simulator", { hidden: true })
    .description(
      "run the built-in Meridian simulator (for the demo and tests): host/port from MERIDIAN_HOST/MERIDIAN_PORT, never talks to Anthropic",
    )
    .action(
      action(io, state, async (_options, ctx) => {
        const options = optionsFromEnv(ctx.env);
        const port = options.port ?? 3456;
        // Meridian checks the Claude login before it listens and exits 1 without one.
        const loggedIn =
          options.notLoggedIn !== true &&
          (options.credentialsFile === undefined || existsSync(options.credentialsFile));
        if (!loggedIn && options.degraded !== true) {
          ctx.out.stderr.write("✗ Not logged in to Claude. Run: claude login\n");
          return EXIT_ATTENTION;
        }
        try {
          const proxy = await startFakeProxy({ ...options, port });
          ctx.out.stdout.write(`Meridian running at http://${proxy.host}:${proxy.port}\n`);
          ctx.out.stdout.write("Simulated by anthropic-max-proxy proxy-simulator (not the real Meridian)\n");
          await new Promise<never>(() => {
            // Serve until a signal ends the process (no handler: it dies by SIGTERM like Meridian).
          });
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") {
            ctx.out.stderr.write(`\nError: Port ${port} is already in use.\n`);
            return EXIT_ATTENTION;
          }
          throw error;
        }
        return EXIT_ATTENTION;
      }),
    );
}
