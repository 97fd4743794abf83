import type { ProviderWrapStreamFnContext } from "openclaw/plugin-sdk/plugin-entry";
import { describe, expect, it } from "vitest";
import { rewritePayloadModel, wireModelIdHook, wrapStreamWithWireModelId } from "./wire-model-id.ts";

type StreamFn = NonNullable<ProviderWrapStreamFnContext["streamFn"]>;

// A stand-in transport: builds a payload from the model, lets `onPayload` patch it, returns what it sent.
function recordingTransport(sent: unknown[]): StreamFn {
  return (async (
    model: { id: string },
    _context: unknown,
    options?: { onPayload?: (payload: unknown, model: unknown) => unknown },
  ) => {
    const payload = { model: model.id, max_tokens: 8, stream: true };
    const replaced = await options?.onPayload?.(payload, model);
    sent.push(replaced ?? payload);
    return {} as never;
  }) as unknown as StreamFn;
}

const model = (id: string) => ({ id, provider: "anthropic-max-proxy", api: "anthropic-messages" }) as never;

describe("wire model id", () => {
  it("sends the canonical Anthropic id for the seed's dotted ids", async () => {
    const sent: Array<{ model: string }> = [];
    const stream = wrapStreamWithWireModelId(recordingTransport(sent));
    await stream(model("claude-opus-4.6"), {} as never, {});
    await stream(model("claude-sonnet-4.5"), {} as never, undefined);
    expect(sent.map((p) => p.model)).toEqual(["claude-opus-4-6", "claude-sonnet-4-5"]);
  });

  it("leaves canonical ids as they are", async () => {
    const sent: Array<{ model: string }> = [];
    await wrapStreamWithWireModelId(recordingTransport(sent))(model("claude-opus-4-6"), {} as never, {});
    expect(sent[0]?.model).toBe("claude-opus-4-6");
  });

  it("keeps a callback OpenClaw already set and runs it after the rewrite", async () => {
    const sent: unknown[] = [];
    const seen: string[] = [];
    const stream = wrapStreamWithWireModelId(recordingTransport(sent));
    await stream(
      model("claude-opus-4.6"),
      {} as never,
      {
        onPayload: (payload: unknown) => {
          seen.push((payload as { model: string }).model);
          return { ...(payload as object), patchedByHost: true };
        },
      } as never,
    );
    expect(seen).toEqual(["claude-opus-4-6"]);
    expect(sent[0]).toMatchObject({ model: "claude-opus-4-6", patchedByHost: true });
  });

  it("ignores payloads without a string model", () => {
    const payload = { model: 42 };
    const toWire = (id: string) => `wire:${id}`;
    rewritePayloadModel(payload, toWire);
    rewritePayloadModel(null, toWire);
    rewritePayloadModel("text", toWire);
    expect(payload.model).toBe(42);
  });

  it("the hook wraps the stream OpenClaw prepared, and declines when there is none", async () => {
    expect(wireModelIdHook({ provider: "anthropic-max-proxy", modelId: "claude-opus-4.6" })).toBeUndefined();
    const sent: Array<{ model: string }> = [];
    const wrapped = wireModelIdHook({
      provider: "anthropic-max-proxy",
      modelId: "claude-opus-4.6",
      streamFn: recordingTransport(sent),
    });
    await wrapped?.(model("claude-opus-4.6"), {} as never, {});
    expect(sent[0]?.model).toBe("claude-opus-4-6");
  });

  it("asks the gate first, with the model's baseUrl: a refusal stops the request before it is sent", async () => {
    const sent: Array<{ model: string }> = [];
    const asked: Array<string | undefined> = [];
    let refuse = false;
    const stream = wrapStreamWithWireModelId(recordingTransport(sent), async (check) => {
      asked.push(check.baseUrl);
      if (refuse) throw new Error("anthropic-max-proxy: Claude is not logged in: run `claude login`");
    });
    const withUrl = { ...(model("claude-opus-4.6") as object), baseUrl: "http://127.0.0.1:4000" } as never;
    await stream(withUrl, {} as never, {});
    refuse = true;
    await expect(stream(withUrl, {} as never, {})).rejects.toThrow(/run `claude login`/);
    expect(asked).toEqual(["http://127.0.0.1:4000", "http://127.0.0.1:4000"]);
    expect(sent.map((p) => p.model)).toEqual(["claude-opus-4-6"]);
  });
});
