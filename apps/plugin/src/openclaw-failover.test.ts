/**
 * Our refusals must not look transient to OpenClaw. Its embedded runner retries a failed model request
 * up to 8 times within 90 s when its failover classifier says rate_limit / overloaded / server_error /
 * timeout, or when the message carries "transient evidence" ("connection refused", "timed out", …) —
 * the ~74 s of silent retries this plugin replaces with a refusal in seconds. This test runs OpenClaw's
 * own classifier (from the pinned host package) over every refusal the gate can produce.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { explainProxyProbe, explainProxyStatus } from "@proxykit/config-schema";
import { describe, expect, it } from "vitest";
import { PROVIDER_ID } from "./constants.ts";

const dist = join(import.meta.dirname, "../../../tools/openclaw-e2e/host/node_modules/openclaw/dist");

/** Imports the function `name` from the one dist chunk that defines it (chunk names are hashed). */
async function openclawFunction<T>(prefix: string, signature: string, name: string): Promise<T> {
  for (const file of readdirSync(dist).filter((f) => f.startsWith(prefix) && f.endsWith(".mjs"))) {
    const text = readFileSync(join(dist, file), "utf8");
    if (!text.includes(signature)) continue;
    const alias = new RegExp(`\\b${name} as ([\\w$]+)`).exec(text)?.[1];
    if (!alias) continue;
    const module = (await import(pathToFileURL(join(dist, file)).href)) as Record<string, unknown>;
    return module[alias] as T;
  }
  throw new Error(`${name} not found in ${dist} (is the pinned OpenClaw installed? run \`npm ci\`)`);
}

function everyRefusal(): string[] {
  const context = {
    address: { host: "127.0.0.1", port: 3456 },
    command: ["bunx", "opencode-claude-max-proxy"],
    maxCrashes: 5,
    crashWindowMs: 300_000,
    portHolder: { pid: 4242, command: "python3 -m http.server" },
    now: 10_000,
  };
  const statuses = [
    { state: "starting", since: 2_000 },
    { state: "restarting", crashesInWindow: 2, nextAttemptAt: 16_000 },
    { state: "needs-login" },
    { state: "stopping" },
    { state: "stopped" },
    { state: "failed", failureCode: "COMMAND_NOT_FOUND", lastExit: { kind: "not-found", exitCode: null } },
    { state: "failed", failureCode: "COMMAND_NOT_FOUND", lastExit: { kind: "not-found", exitCode: 1 } },
    { state: "failed", failureCode: "COMMAND_NOT_EXECUTABLE" },
    { state: "failed", failureCode: "PORT_IN_USE" },
    { state: "failed", failureCode: "CRASH_LOOP" },
    {
      state: "failed",
      failureCode: "NOT_RESTARTED",
      lastExit: { kind: "crash", exitCode: null, signal: "SIGKILL" },
    },
    { state: "failed", failureCode: "NOT_RESTARTED", lastExit: { kind: "crash", exitCode: 1 } },
    { state: "failed", failureCode: "INTERNAL" },
  ];
  const messages = statuses.map((status) => explainProxyStatus(status, context).message);
  for (const state of ["unreachable", "timeout", "unhealthy", "error", "unexpected"]) {
    messages.push(explainProxyProbe({ state }, context).message);
    messages.push(explainProxyProbe({ state, auth: { loggedIn: false } }, context).message);
  }
  messages.push(
    "anthropic-max-proxy: the proxy at 127.0.0.1:3456 is being restarted with new settings (plugin reload); send the message again in a moment",
  );
  return messages;
}

describe("OpenClaw 2026.9.6 classifies our refusals as final, not transient", () => {
  it("no failover reason, no retryable assistant error, for every refusal message", async () => {
    const classify = await openclawFunction<(raw: string, opts?: { provider?: string }) => string | null>(
      "classify-",
      "function classifyFailoverReason(raw, opts)",
      "classifyFailoverReason",
    );
    const isRetryable = await openclawFunction<(message: object) => boolean>(
      "retry-",
      "function isRetryableAssistantError(message)",
      "isRetryableAssistantError",
    );
    // The guard itself works: OpenClaw's own transport error text is transient.
    expect(classify("connect ECONNREFUSED 127.0.0.1:3456", { provider: PROVIDER_ID })).toBe("timeout");
    const refusals = everyRefusal();
    expect(refusals.length).toBeGreaterThan(20);
    for (const message of refusals) {
      expect([message, classify(message, { provider: PROVIDER_ID })]).toEqual([message, null]);
      const assistant = {
        role: "assistant",
        stopReason: "error",
        errorMessage: message,
        errorCode: "ANTHROPIC_MAX_PROXY_NOT_READY",
        provider: PROVIDER_ID,
        content: [],
      };
      expect([message, isRetryable(assistant)]).toEqual([message, false]);
    }
  });
});
