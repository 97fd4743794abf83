/**
 * The simulator's command, as a function: what `src/cli.ts` (the `fake-claude-proxy` bin) runs, and what
 * another program's own command can run to be the simulator (the standalone CLI's hidden
 * `proxy-simulator`). Settings come from the environment (see `options.ts`); the start-up lines and
 * failures are Meridian's.
 */
import { checkAuth } from "./auth.ts";
import { writeEnvDump } from "./env-dump.ts";
import { optionsFromEnv } from "./options.ts";
import { type FakeProxy, startFakeProxy } from "./server.ts";
import { runWrapper } from "./wrapper.ts";

/** Where the command writes (a stream or anything with `write`). */
export interface TextSink {
  write(text: string): unknown;
}

/** Options of {@link runFakeProxyCli}. */
export interface RunFakeProxyCliOptions {
  /** The environment with the switches (`MERIDIAN_PORT`, `FAKE_PROXY_*`). */
  env: Readonly<Record<string, string | undefined>>;
  /**
   * The argv that runs this command again: in wrapper mode (`FAKE_PROXY_WRAPPER=1`) the server runs as a
   * child started with it (and the switch removed), like `bunx` runs the real proxy.
   */
  selfCommand: readonly string[];
  /** Default `process.stdout` / `process.stderr`. */
  stdout?: TextSink;
  stderr?: TextSink;
  /** Who simulates Meridian, for the line after the ready line (default `@proxykit/fake-proxy`). */
  simulatedBy?: string;
}

/** What {@link runFakeProxyCli} ended with. */
export interface RunFakeProxyCliResult {
  /** Set when the proxy did not start: the command's exit code. */
  exitCode?: number;
  /** The serving simulator (`close()` stops it). Absent in wrapper mode: the server is the child. */
  proxy?: FakeProxy;
}

/**
 * Runs the simulator as a command: Meridian's start-up (the login check, the ready line
 * `Meridian running at http://HOST:PORT`, `Error: Port N is already in use.`) and the start-up fault
 * switches (`FAKE_PROXY_START_DELAY_MS`, `FAKE_PROXY_NOT_LOGGED_IN`, `FAKE_PROXY_CRASH_AFTER_MS`,
 * `FAKE_PROXY_IGNORE_SIGTERM`, `FAKE_PROXY_WRAPPER`, `FAKE_PROXY_ENV_DUMP`, …).
 *
 * Resolves with `{ exitCode }` when the proxy did not start (not logged in, port in use: 1) — exit with
 * it — or with `{ proxy }` once it serves (`{}` in wrapper mode, once its child runs): the process then
 * lives until a signal ends it, or the simulated crash / the wrapped server's exit ends it.
 */
export async function runFakeProxyCli(options: RunFakeProxyCliOptions): Promise<RunFakeProxyCliResult> {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const settings = optionsFromEnv(options.env);

  if (settings.wrapper) {
    runWrapper(options.selfCommand, settings.ignoreSigterm === true, options.env);
    return {};
  }

  if (settings.envDump !== undefined) writeEnvDump(settings.envDump, { ...options.env });
  if (settings.ignoreSigterm) {
    process.on("SIGTERM", () => void stderr.write("[fake-proxy] ignoring SIGTERM\n"));
  }

  // Meridian runs `claude auth status` before it listens.
  const { startDelayMs, ...serverOptions } = settings;
  if (startDelayMs) await new Promise((resolve) => setTimeout(resolve, startDelayMs));
  const auth = checkAuth(settings);
  if (auth === null) {
    stderr.write(
      "\x1b[33m⚠ Could not verify Claude auth status. If requests fail, run: claude login\x1b[0m\n",
    );
  } else if (!auth.loggedIn) {
    stderr.write("\x1b[31m✗ Not logged in to Claude.\x1b[0m Run: claude login\n");
    return { exitCode: 1 };
  }

  const port = settings.port ?? 3456;
  let proxy: FakeProxy;
  try {
    proxy = await startFakeProxy({ ...serverOptions, port });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") {
      stderr.write(`\nError: Port ${port} is already in use.\n`);
      stderr.write("\nIs another instance of the proxy already running?\n");
      stderr.write(`  Check with: lsof -i :${port}\n`);
      return { exitCode: 1 };
    }
    throw error;
  }

  stdout.write(`Meridian running at http://${proxy.host}:${proxy.port}\n`);
  stdout.write(`Simulated by ${options.simulatedBy ?? "@proxykit/fake-proxy"} (not the real Meridian)\n`);

  if (settings.crashAfterMs !== undefined) {
    setTimeout(() => {
      stderr.write("[fake-proxy] simulated crash\n");
      process.exit(settings.crashExitCode ?? 1);
    }, settings.crashAfterMs);
  }
  return { proxy };
}
