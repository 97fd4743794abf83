/** The parts of `openclaw agent --json` output the tests read (the real object has many more fields). */
export interface AgentJsonReply {
  runId?: string;
  /** "ok" on success. */
  status?: string;
  summary?: string;
  result?: {
    payloads?: Array<{ text?: string | null; mediaUrl?: string | null }>;
    meta?: {
      durationMs?: number;
      agentMeta?: { provider?: string; model?: string; [key: string]: unknown };
      [key: string]: unknown;
    };
  };
  [key: string]: unknown;
}

/**
 * Parses the JSON object `openclaw agent --json` prints on stdout. Tolerates lines printed before it
 * (warnings): parsing starts at the first line that opens an object. `undefined` when there is none.
 */
export function parseAgentJson(stdout: string): AgentJsonReply | undefined {
  const lines = stdout.split("\n");
  for (let index = 0; index < lines.length; index++) {
    if (!lines[index]?.startsWith("{")) continue;
    try {
      const parsed: unknown = JSON.parse(lines.slice(index).join("\n"));
      if (typeof parsed === "object" && parsed !== null) return parsed as AgentJsonReply;
    } catch {
      // Not the start of the JSON document: keep looking.
    }
  }
  return undefined;
}

/** The reply text: every payload's text, joined by newlines (`undefined` without payloads). */
export function replyText(reply: AgentJsonReply | undefined): string | undefined {
  const texts = (reply?.result?.payloads ?? [])
    .map((payload) => payload.text)
    .filter((text): text is string => typeof text === "string");
  return texts.length > 0 ? texts.join("\n") : undefined;
}
