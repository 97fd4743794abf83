/**
 * Fixtures for the CLI's end-to-end tests: temp homes with an OpenClaw config, a fake `claude` on PATH,
 * a simulator proxy, a foreign listener. Everything is stopped/removed when the test finishes.
 */
import { spawn } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import {
  type FakeProxy,
  type FakeProxyServerOptions,
  getFreePort,
  startFakeProxy,
} from "@proxykit/fake-proxy";
import { onTestFinished } from "vitest";
import { baseEnv, runCli } from "./cli.ts";

/** A temp folder removed when the current test finishes. */
export function tempDir(prefix = "amp-cli-test-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A fake OpenClaw home: `HOME` = `OPENCLAW_HOME` = a temp dir, config at `.openclaw/openclaw.json`. */
export interface TestHome {
  dir: string;
  stateDir: string;
  configPath: string;
  binDir: string;
  /** Environment for the CLI: this home, a `bin/` with the fake `claude` first on PATH, no colours. */
  env: Record<string, string | undefined>;
  writeConfig(config: unknown): void;
  writeConfigText(text: string): void;
  readConfigText(): string;
  /** The config as `setup` writes it (the keys the tests look at). */
  readConfig(): SetUpConfig;
}

/** The parts of a config written by `setup` that tests read or change. */
export interface SetUpConfig {
  models: {
    providers: {
      "anthropic-max-proxy": { baseUrl: string; apiKey: string; api: string; models: Array<{ id: string }> };
    } & Record<string, unknown>;
  };
  agents: {
    defaults: {
      model: { primary: string; fallbacks: string[] };
      models: Record<string, { alias?: string }>;
    };
  };
  plugins: {
    entries: {
      "anthropic-max-proxy": {
        enabled?: boolean;
        config: {
          host?: string;
          port?: number;
          restartDelayMs?: number;
          command?: string[];
          allowNonLoopback?: boolean;
        };
      };
    };
  };
}

/** Whether text holds an ANSI escape sequence (colour). */
export function hasAnsi(text: string): boolean {
  return text.includes("\u001b[");
}

/** What the fake `claude auth status` answers. */
export type FakeClaude = "logged-in" | "logged-out" | "missing";

/** Creates a test home; `claude` says `logged-in` unless told otherwise. */
export function testHome(options: { claude?: FakeClaude } = {}): TestHome {
  const dir = tempDir();
  const stateDir = join(dir, ".openclaw");
  const binDir = join(dir, "bin");
  mkdirSync(stateDir, { recursive: true });
  mkdirSync(binDir, { recursive: true });
  const configPath = join(stateDir, "openclaw.json");
  setFakeClaude(binDir, options.claude ?? "logged-in");
  const env = baseEnv({
    HOME: dir,
    OPENCLAW_HOME: dir,
    PATH: [binDir, process.env.PATH ?? ""].join(delimiter),
    NO_COLOR: "1",
    CLAUDE_CONFIG_DIR: join(dir, ".claude"),
  });
  return {
    dir,
    stateDir,
    configPath,
    binDir,
    env,
    writeConfig: (config) => writeFileSync(configPath, `${JSON.stringify(config, null, 2)}\n`),
    writeConfigText: (text) => writeFileSync(configPath, text),
    readConfigText: () => readFileSync(configPath, "utf8"),
    readConfig: () => JSON.parse(readFileSync(configPath, "utf8")) as SetUpConfig,
  };
}

/** Writes (or removes) a fake `claude` executable in `binDir` answering `claude auth status`. */
export function setFakeClaude(binDir: string, state: FakeClaude): void {
  const file = join(binDir, "claude");
  if (state === "missing") {
    rmSync(file, { force: true });
    return;
  }
  const json =
    state === "logged-in"
      ? '{"loggedIn":true,"authMethod":"claude.ai","subscriptionType":"max","email":"test@example.com"}'
      : '{"loggedIn":false,"authMethod":"none"}';
  writeFileSync(file, `#!/bin/sh\necho '${json}'\nexit ${state === "logged-in" ? 0 : 1}\n`);
  chmodSync(file, 0o755);
}

/** An in-process simulator on a free port, closed when the test finishes. */
export async function fakeProxy(options: FakeProxyServerOptions = {}): Promise<FakeProxy> {
  const proxy = await startFakeProxy({ port: 0, ...options });
  onTestFinished(() => proxy.close());
  return proxy;
}

/** Runs `setup --yes` for a proxy at `port` in `home` (the real command), and checks it succeeded. */
export async function setUp(home: TestHome, port: number, args: string[] = []): Promise<void> {
  const result = await runCli(["setup", "--yes", "--port", String(port), "--no-install-plugin", ...args], {
    env: home.env,
  });
  if (result.exitCode !== 0) throw new Error(`setup failed (${result.exitCode}): ${result.stderr}`);
}

/**
 * A process that listens on `port` and is not the proxy (a raw TCP server that never answers HTTP), in
 * its own process; killed when the test finishes. Resolves with its pid once it listens.
 */
export async function foreignListener(port: number): Promise<number> {
  const child = spawn(
    process.execPath,
    [
      "-e",
      `require("node:net").createServer(() => {}).listen(${port}, "127.0.0.1", () => console.log("listening"))`,
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  onTestFinished(() => {
    child.kill("SIGKILL");
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout.once("data", () => resolve());
    child.once("exit", (code) => reject(new Error(`foreign listener exited ${code}`)));
  });
  return child.pid as number;
}

export { getFreePort };
