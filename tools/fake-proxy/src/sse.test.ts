import { describe, expect, it } from "vitest";
import { encodeSseEvent, parseSse } from "./sse.ts";

describe("parseSse", () => {
  it("parses what encodeSseEvent writes", () => {
    const text =
      encodeSseEvent("message_start", { type: "message_start" }) + encodeSseEvent("ping", { type: "ping" });
    expect(parseSse(text)).toEqual([
      { event: "message_start", data: { type: "message_start" } },
      { event: "ping", data: { type: "ping" } },
    ]);
  });

  it("skips comments, accepts CRLF, joins multi-line data and keeps non-JSON text", () => {
    const text = ": ping\r\n\r\nevent: a\r\ndata: line1\r\ndata: line2\r\n\r\ndata: [DONE]\n\n";
    expect(parseSse(text)).toEqual([
      { event: "a", data: "line1\nline2" },
      { event: "message", data: "[DONE]" },
    ]);
  });
});
