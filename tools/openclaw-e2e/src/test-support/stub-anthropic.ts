// Throwaway Anthropic-compatible SSE server, used only until @proxykit/fake-proxy lands on main.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface StubRequest {
  method: string;
  path: string;
  model?: string;
}

export interface StubAnthropic {
  url: string;
  port: number;
  requests(): StubRequest[];
  close(): Promise<void>;
}

export async function startStubAnthropic(replyText: string): Promise<StubAnthropic> {
  const requests: StubRequest[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8").on("data", (chunk: string) => {
      body += chunk;
    });
    req.on("end", () => {
      const json = body ? (JSON.parse(body) as { model?: string }) : {};
      const path = (req.url ?? "/").split("?")[0] ?? "/";
      requests.push({ method: req.method ?? "?", path, model: json.model });
      if (req.method !== "POST" || !path.endsWith("/messages")) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { "content-type": "text/event-stream" });
      const send = (type: string, data: Record<string, unknown>) =>
        res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
      const usage = { input_tokens: 10, output_tokens: 1 };
      send("message_start", {
        message: {
          id: "msg_stub",
          type: "message",
          role: "assistant",
          model: json.model,
          content: [],
          usage,
        },
      });
      send("content_block_start", { index: 0, content_block: { type: "text", text: "" } });
      send("content_block_delta", { index: 0, delta: { type: "text_delta", text: replyText } });
      send("content_block_stop", { index: 0 });
      send("message_delta", {
        delta: { stop_reason: "end_turn", stop_sequence: null },
        usage: { output_tokens: 5 },
      });
      send("message_stop", {});
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests: () => [...requests],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
