/**
 * One tiny Anthropic Messages request to the proxy: what `verify` sends to prove the path works, and
 * what answered. Never carries a real credential: the provider's placeholder key is sent.
 */

/** What one Messages request came back with. */
export interface MessagesRoundTrip {
  url: string;
  ok: boolean;
  status?: number;
  /** Milliseconds from sending to the full answer. */
  latencyMs: number;
  /** The `model` the answer names. */
  model?: string;
  /** The reply's text (first 200 characters). */
  text?: string;
  /** Anthropic-shaped error (`error.type`, `error.message`) or a network error. */
  error?: { type: string; message: string };
}

/** Sends `POST {baseUrl}/v1/messages` with a one-word prompt and `max_tokens` 16. Never throws. */
export async function sendTinyMessage(
  baseUrl: string,
  model: string,
  options: { apiKey?: string; timeoutMs?: number; prompt?: string } = {},
): Promise<MessagesRoundTrip> {
  const url = `${baseUrl.replace(/\/+$/, "").replace(/\/v1$/, "")}/v1/messages`;
  const started = performance.now();
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "anthropic-version": "2023-06-01",
        "x-api-key": options.apiKey ?? "local-proxy-no-key",
      },
      body: JSON.stringify({
        model,
        max_tokens: 16,
        messages: [{ role: "user", content: options.prompt ?? "Reply with the single word: pong" }],
      }),
      signal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
    });
    const body = (await response.json().catch(() => undefined)) as Record<string, unknown> | undefined;
    const latencyMs = performance.now() - started;
    if (!response.ok || body?.type === "error") {
      const error = (body?.error ?? {}) as { type?: unknown; message?: unknown };
      return {
        url,
        ok: false,
        status: response.status,
        latencyMs,
        error: {
          type: typeof error.type === "string" ? error.type : `http_${response.status}`,
          message: typeof error.message === "string" ? error.message : `HTTP ${response.status}`,
        },
      };
    }
    const content = Array.isArray(body?.content)
      ? (body.content as Array<{ type?: unknown; text?: unknown }>)
      : [];
    const text = content
      .filter((block) => block.type === "text" && typeof block.text === "string")
      .map((block) => block.text as string)
      .join("");
    return {
      url,
      ok: true,
      status: response.status,
      latencyMs,
      ...(typeof body?.model === "string" ? { model: body.model } : {}),
      text: text.slice(0, 200),
    };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    const name = (error as Error).name;
    return {
      url,
      ok: false,
      latencyMs: performance.now() - started,
      error: {
        type: name === "TimeoutError" ? "timeout" : (cause?.code ?? "network_error"),
        message:
          name === "TimeoutError"
            ? "no answer in time"
            : cause?.code === "ECONNREFUSED"
              ? `nothing listens at ${url}`
              : (error as Error).message,
      },
    };
  }
}
