/**
 * Server-sent events as the Anthropic Messages API writes them (`event: <type>` + `data: <json>`), and a
 * small parser for tests that read such a stream.
 */

/** One SSE event: its `event:` name and its `data:` payload (parsed as JSON when it is JSON). */
export interface SseEvent {
  event: string;
  data: unknown;
}

/** Encodes one event as its wire text, ending with the blank line. */
export function encodeSseEvent(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * Parses a complete SSE text into events. Comment lines (`: ping`) are skipped; an event without an
 * `event:` line is named `message`; multi-line `data:` is joined with newlines, then parsed as JSON if it can be.
 */
export function parseSse(text: string): SseEvent[] {
  const events: SseEvent[] = [];
  for (const block of text.replace(/\r\n?/g, "\n").split("\n\n")) {
    let event: string | undefined;
    const data: string[] = [];
    for (const line of block.split("\n")) {
      if (line === "" || line.startsWith(":")) continue;
      const colon = line.indexOf(":");
      const field = colon === -1 ? line : line.slice(0, colon);
      let value = colon === -1 ? "" : line.slice(colon + 1);
      if (value.startsWith(" ")) value = value.slice(1);
      if (field === "event") event = value;
      else if (field === "data") data.push(value);
    }
    if (event === undefined && data.length === 0) continue;
    const raw = data.join("\n");
    let parsed: unknown = raw;
    try {
      parsed = JSON.parse(raw);
    } catch {
      // not JSON: keep the text
    }
    events.push({ event: event ?? "message", data: parsed });
  }
  return events;
}
