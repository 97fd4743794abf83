import type { ProviderWrapStreamFnContext } from "openclaw/plugin-sdk/plugin-entry";

type StreamFn = NonNullable<ProviderWrapStreamFnContext["streamFn"]>;
type StreamOptions = Parameters<StreamFn>[2];
type WireIds = typeof import("./wire-ids.ts");

let wireIds: Promise<WireIds> | undefined;
const loadWireIds = (): Promise<WireIds> => {
  wireIds ??= import("./wire-ids.ts");
  return wireIds;
};

/** What the stream wrapper asks before a request leaves (see `request-gate.ts`). */
export interface RequestCheck {
  /** The base URL the request goes to (the runtime model's `baseUrl`). */
  baseUrl: string | undefined;
  /** The request's abort signal. */
  signal: AbortSignal | undefined;
}

/** Resolves when the request may go; rejects (e.g. `ProxyNotReadyError`) to refuse it. */
export type RequestGate = (check: RequestCheck) => Promise<void>;

/**
 * Wraps the stream OpenClaw prepared for this provider. Just before the payload is sent (the transport's
 * `onPayload` callback, chained with any callback already set):
 *
 * 1. `gate` decides whether the request may go: a proxy that is not ready refuses it with the reason
 *    (after a short wait for one that is starting or restarting) — fail fast, and never anywhere else;
 * 2. the payload's `model` becomes the canonical Anthropic id (`claude-opus-4.6` → `claude-opus-4-6`).
 *
 * Only the wire changes: OpenClaw keeps the id the user configured and typed (`/model
 * anthropic-max-proxy/claude-opus-4.6`) for sessions, status, aliases and traces.
 */
export function wrapStreamWithWireModelId(inner: StreamFn, gate?: RequestGate): StreamFn {
  return async (model, context, options) => {
    const { toWireModelId } = await loadWireIds();
    const previous = options?.onPayload;
    const next: StreamOptions = {
      ...options,
      onPayload: async (payload, payloadModel) => {
        if (gate) {
          const baseUrl = (payloadModel as { baseUrl?: unknown } | undefined)?.baseUrl ?? model.baseUrl;
          await gate({ baseUrl: typeof baseUrl === "string" ? baseUrl : undefined, signal: options?.signal });
        }
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
 * prepared (its own wrappers included), so the gate and the rewrite are the last things before the
 * transport sends.
 */
export function createStreamHook(
  gate?: (ctx: ProviderWrapStreamFnContext) => RequestGate,
): (ctx: ProviderWrapStreamFnContext) => StreamFn | undefined {
  return (ctx) => (ctx.streamFn ? wrapStreamWithWireModelId(ctx.streamFn, gate?.(ctx)) : undefined);
}

/** The hook without a gate (wire ids only). */
export const wireModelIdHook: (ctx: ProviderWrapStreamFnContext) => StreamFn | undefined = createStreamHook();
