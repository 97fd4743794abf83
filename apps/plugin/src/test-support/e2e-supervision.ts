import { setTimeout as sleep } from "node:timers/promises";
import { inspectPort } from "@proxykit/health";
import type { AgentTurnResult, Gateway, OpenClawHome, ProcessInfo } from "@proxykit/openclaw-e2e";

/** Processes of the home that run the Meridian simulator (wrapper and server alike). */
export function proxyProcesses(home: OpenClawHome): ProcessInfo[] {
  return home.processes().filter((p) => p.argv.some((arg) => arg.endsWith("fake-proxy/src/cli.ts")));
}

/** The pid listening on `port` (Linux), or undefined when the port is free. */
export async function listenerPid(port: number): Promise<number | undefined> {
  const seen = await inspectPort("127.0.0.1", port);
  return seen.free ? undefined : (seen.listener?.pid ?? -1);
}

/** Waits until `port` is free; resolves with how long it took. */
export async function waitPortFree(port: number, timeoutMs = 15_000): Promise<number> {
  const started = Date.now();
  while ((await listenerPid(port)) !== undefined) {
    if (Date.now() - started > timeoutMs) throw new Error(`port ${port} still in use after ${timeoutMs} ms`);
    await sleep(25);
  }
  return Date.now() - started;
}

/** Epoch ms of a Gateway log line (`2026-11-26T01:31:37.175+00:00 [plugins] …`). */
export function lineTime(line: string): number {
  const stamp = /^(\S+)\s/.exec(line)?.[1];
  const time = stamp ? Date.parse(stamp) : Number.NaN;
  if (!Number.isFinite(time)) throw new Error(`no timestamp in log line: ${line}`);
  return time;
}

/** Gateway log lines matching `pattern`. */
export function logLines(gateway: Gateway, pattern: RegExp): string[] {
  return gateway
    .logs()
    .split("\n")
    .filter((line) => pattern.test(line));
}

/**
 * Waits for the `n`-th (1-based) log line matching `pattern`, polling the Gateway's output; resolves
 * with that line. Fails early when the Gateway exits.
 */
export async function waitForNthLog(
  gateway: Gateway,
  pattern: RegExp,
  n: number,
  timeoutMs = 30_000,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const lines = logLines(gateway, pattern);
    if (lines.length >= n) return lines[n - 1] as string;
    if (!gateway.running) throw new Error(`the Gateway exited before log line #${n} matching ${pattern}`);
    if (Date.now() > deadline) {
      throw new Error(
        `log line #${n} matching ${pattern} did not come within ${timeoutMs} ms; plugin lines:\n${logLines(
          gateway,
          /anthropic-max-proxy/,
        )
          .slice(-30)
          .join("\n")}`,
      );
    }
    await sleep(50);
  }
}

/** Everything a turn printed, and every `message` in its JSON (`meta.error.message`, `error.message`). */
export function turnText(turn: AgentTurnResult): string {
  const messages: string[] = [];
  const walk = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value !== null && typeof value === "object") {
      for (const [key, inner] of Object.entries(value)) {
        if (key === "message" && typeof inner === "string") messages.push(inner);
        else walk(inner);
      }
    }
  };
  walk(turn.json);
  return [...messages, turn.stdout, turn.stderr].join("\n");
}

/** One agent turn, timed. */
export async function timedTurn(
  home: OpenClawHome,
  message: string,
  options: Parameters<OpenClawHome["agentTurn"]>[1] = {},
): Promise<AgentTurnResult & { ms: number }> {
  const started = Date.now();
  const turn = await home.agentTurn(message, { timeoutMs: 120_000, ...options });
  return { ...turn, ms: Date.now() - started };
}

/** Measured figures, printed at the end of the file (the closing note quotes them). */
export class Figures {
  readonly #rows: Array<[string, string]> = [];

  add(name: string, value: number | string, unit = "ms"): void {
    this.#rows.push([name, typeof value === "number" ? `${Math.round(value)} ${unit}` : value]);
    console.log(`[figure] ${name}: ${typeof value === "number" ? `${Math.round(value)} ${unit}` : value}`);
  }

  print(title: string): void {
    const width = Math.max(...this.#rows.map(([name]) => name.length));
    console.log(`\n${title}\n${this.#rows.map(([n, v]) => `  ${n.padEnd(width)}  ${v}`).join("\n")}\n`);
  }
}
