import { randomUUID } from "node:crypto";
import { type FakeProxy, startFakeProxy } from "@proxykit/fake-proxy";
import { buildProxySetupPatch } from "@proxykit/openclaw-config";
import { createOpenClawHome, type OpenClawHome } from "@proxykit/openclaw-e2e";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtPlugin } from "../test-support/built-plugin.ts";

const REPLY = "PONG from the Meridian simulator";
const SESSION = "agent:main:main";

let home: OpenClawHome;
let proxy: FakeProxy;

beforeAll(async () => {
  proxy = await startFakeProxy({ replyText: REPLY });
  home = await createOpenClawHome();
  await home.installPlugin(builtPlugin().folder);
  await home.enablePlugin("anthropic-max-proxy");
  home.mergeConfig(
    buildProxySetupPatch({
      providerId: "anthropic-max-proxy",
      host: proxy.host,
      port: proxy.port,
      models: ["claude-opus-4.6", "claude-sonnet-4.5", "claude-3.7-sonnet"],
      pluginConfig: true,
    }),
  );
  await home.startGateway();
}, 240_000);

afterAll(async () => {
  await home?.cleanup();
  await proxy?.close();
});

const messageModels = () =>
  proxy
    .requests()
    .filter((request) => request.method === "POST" && request.path.endsWith("/messages"))
    .map((request) => request.model);

/** Sends a chat message through the Gateway like a chat client (`chat.send`): slash commands included. */
async function chatSend(message: string): Promise<void> {
  const params = JSON.stringify({ sessionKey: SESSION, message, idempotencyKey: randomUUID() });
  const result = await home.openclaw(["gateway", "call", "chat.send", "--json", "--params", params]);
  expect(result.exitCode, result.stderr).toBe(0);
}

async function transcript(): Promise<string> {
  const params = JSON.stringify({ sessionKey: SESSION });
  const history = await home.openclaw(["gateway", "call", "chat.history", "--json", "--params", params]);
  expect(history.exitCode, history.stderr).toBe(0);
  return history.stdout;
}

const count = (text: string, needle: string) => text.split(needle).length - 1;

/** Polls the session transcript (each poll is one `openclaw gateway call`) until `done` says so. */
async function waitForTranscript(
  done: (text: string) => boolean,
  what: string,
  timeoutMs = 90_000,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = await transcript();
    if (done(text)) return text;
    if (Date.now() > deadline) throw new Error(`${what} not in the transcript:\n${text.slice(-3000)}`);
  }
}

describe("the provider inside a running Gateway", () => {
  it("an agent turn reaches the simulator with the canonical model id and returns its text", async () => {
    const turn = await home.agentTurn("Say PONG");
    expect(turn.exitCode, turn.stderr).toBe(0);
    expect(turn.text).toContain(REPLY);
    expect(messageModels()).toContain("claude-opus-4-6");
    expect(messageModels()).not.toContain("claude-opus-4.6");
  });

  it("`/model anthropic-max-proxy/claude-sonnet-4.5` works as typed and sends claude-sonnet-4-5", async () => {
    await chatSend("/model anthropic-max-proxy/claude-sonnet-4.5");
    const before = messageModels().length;
    const replies = count(await transcript(), REPLY);
    await chatSend("Say PONG again");
    await waitForTranscript((text) => count(text, REPLY) > replies, "the reply to the second message");
    expect(messageModels().slice(before)).toContain("claude-sonnet-4-5");
    expect(messageModels()).not.toContain("claude-sonnet-4.5");
  });

  it("`/model status` in chat shows the provider's models", async () => {
    await chatSend("/model status");
    const answered = (t: string) =>
      t.slice(t.lastIndexOf("/model status")).includes("Default: anthropic-max-proxy/claude-opus-4.6");
    const text = await waitForTranscript(answered, "the /model status answer");
    const answer = text.slice(text.lastIndexOf("/model status"));
    for (const id of ["claude-opus-4.6", "claude-sonnet-4.5", "claude-3.7-sonnet"])
      expect(answer).toContain(id);
  });

  it("/maxproxy answers with the address, the proxy's state and the fail-closed audit, without the model", async () => {
    const before = messageModels().length;
    await chatSend("/maxproxy");
    const text = await waitForTranscript(
      (t) => t.includes("anthropic-max-proxy status"),
      "the /maxproxy answer",
    );
    expect(text).toContain(proxy.url);
    expect(text).toMatch(/Proxy\s*: healthy/);
    expect(text).toMatch(/Fail-closed : yes/);
    expect(messageModels().length).toBe(before);
  });
});
