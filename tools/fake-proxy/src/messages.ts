/**
 * The simulated Claude answer: a Messages API `message` object, or the same answer as the SSE event
 * sequence Anthropic (and Meridian, which forwards it) streams.
 */
import { randomUUID } from "node:crypto";
import type { SseEvent } from "./sse.ts";

/** The default reply text. */
export const DEFAULT_REPLY_TEXT = "Hello from the fake Claude proxy.";

/** A rough token count (about four characters a token), never 0 for non-empty text. */
export function estimateTokens(text: string): number {
  return text.length === 0 ? 0 : Math.max(1, Math.ceil(text.length / 4));
}

export interface Reply {
  id: string;
  model: string;
  text: string;
  inputTokens: number;
  outputTokens: number;
}

/** Builds one reply for a request body (its `model` is echoed back verbatim). */
export function makeReply(body: { model?: unknown; messages: unknown[] }, text: string): Reply {
  return {
    id: `msg_fake_${randomUUID().replaceAll("-", "").slice(0, 24)}`,
    model: typeof body.model === "string" ? body.model : "claude-sonnet-4-6",
    text,
    inputTokens: estimateTokens(JSON.stringify(body.messages)),
    outputTokens: estimateTokens(text),
  };
}

/** The non-streaming answer. */
export function messageJson(reply: Reply): Record<string, unknown> {
  return {
    id: reply.id,
    type: "message",
    role: "assistant",
    content: [{ type: "text", text: reply.text }],
    model: reply.model,
    stop_reason: "end_turn",
    stop_sequence: null,
    usage: { input_tokens: reply.inputTokens, output_tokens: reply.outputTokens },
  };
}

/** Splits text into a few chunks (at word boundaries) so a stream has several text deltas. */
function chunks(text: string): string[] {
  const parts = text.match(/\S+\s*|\s+/g) ?? [];
  return parts.length === 0 ? [""] : parts;
}

/** The streaming answer as events, in Anthropic's order. */
export function messageEvents(reply: Reply): SseEvent[] {
  return [
    {
      event: "message_start",
      data: {
        type: "message_start",
        message: {
          id: reply.id,
          type: "message",
          role: "assistant",
          content: [],
          model: reply.model,
          stop_reason: null,
          stop_sequence: null,
          usage: { input_tokens: reply.inputTokens, output_tokens: 1 },
        },
      },
    },
    {
      event: "content_block_start",
      data: { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } },
    },
    ...chunks(reply.text).map((text) => ({
      event: "content_block_delta",
      data: { type: "content_block_delta", index: 0, delta: { type: "text_delta", text } },
    })),
    { event: "content_block_stop", data: { type: "content_block_stop", index: 0 } },
    {
      event: "message_delta",
      data: {
        type: "message_delta",
        delta: { stop_reason: "end_turn", stop_sequence: null },
        usage: { output_tokens: reply.outputTokens },
      },
    },
    { event: "message_stop", data: { type: "message_stop" } },
  ];
}
