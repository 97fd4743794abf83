import type { ProviderWrapStreamFnContext } from "openclaw/plugin-sdk/plugin-entry";

type StreamFn = NonNullable<ProviderWrapStreamFnContext["streamFn"]>;
type StreamOptions = Parameters<StreamFn>[2];
type WireIds = typeof import("./wire-ids.ts");

let wireIds: Promise<WireIds> | undefined;
const loadWireIds = (): Promise<WireIds> => {
  wireIds ??= import("./wire-ids.ts");
  return wireIds;
};

/**
 * Rewrites the `model` field of the outgoing Messages payload to the canonical Anthropic id
 * (`claude-opus-4.6` → `claude-opus-4-6`) just before it is sent.
 *
 * Only the wire changes: OpenClaw keeps the id the user configured and typed (`/model
 * anthropic-max-proxy/claude-opus-4.6`) for sessions, status, aliases and traces. The rewrite goes
 * through the transport's `onPayload` callback and chains any callback already set.
 */
export function wrapStreamWithWireModelId(inner: StreamFn): StreamFn {
  return async (model, context, options) => {
    const { toWireModelId } = await loadWireIds();
    const previous = options?.onPayload;
    const next: StreamOptions = {
      ...options,
      onPayload: (payload, payloadModel) => {
        rewritePayloadModel(payload, toWireModelId);
        return previous?.(payload, payloadModel);
      },
    };
    return inner(model, context, next);
  };
}

/** Sets `payload.model` to its wire id; leaves anything that is not a payload with a string model alone. */
export function rewritePayloadModel(payload: unknown, toWireModelId: (id: string) => string): void {
  if (payload === null || typeof payload !== "object") return;
  const record = payload as { model?: unknown };
  if (typeof record.model === "string") record.model = toWireModelId(record.model);
}

/**
 * The provider's `wrapStreamFn` / `wrapSimpleCompletionStreamFn` hook: wraps whatever stream OpenClaw
 * prepared (its own wrappers included), so the rewrite is the last thing before the transport.
 */
export function wireModelIdHook(ctx: ProviderWrapStreamFnContext): StreamFn | undefined {
  return ctx.streamFn ? wrapStreamWithWireModelId(ctx.streamFn) : undefined;
}
