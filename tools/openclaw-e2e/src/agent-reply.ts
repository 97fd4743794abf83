/** The parts of one agent turn the tests read: its payloads and its meta (the real object has many more fields). */
export interface AgentTurnJson {
  payloads?: Array<{ text?: string | null; mediaUrl?: string | null }>;
  meta?: {
    durationMs?: number;
    agentMeta?: { provider?: string; model?: string; [key: string]: unknown };
    error?: { message?: string; [key: string]: unknown };
    [key: string]: unknown;
  };
}

/**
 * What `openclaw agent --json` prints. Through the Gateway the turn is wrapped:
 * `{ runId, status: "ok", summary, result: { payloads, meta } }`; with `--local` (embedded, no Gateway)
 * `payloads` and `meta` are at the top level, without `result`. {@link agentTurnOf} reads either.
 */
export interface AgentJsonReply extends AgentTurnJson {
  runId?: string;
  /** "ok" on success. */
  status?: string;
  summary?: string;
  result?: AgentTurnJson;
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

/** The turn of a reply, in either shape: `result` through the Gateway, the reply itself with `--local`. */
export function agentTurnOf(reply: AgentJsonReply | undefined): AgentTurnJson | undefined {
  if (reply === undefined) return undefined;
  return typeof reply.result === "object" && reply.result !== null ? reply.result : reply;
}

/** The reply text: every payload's text, joined by newlines (`undefined` without payloads), in either shape. */
export function replyText(reply: AgentJsonReply | undefined): string | undefined {
  const texts = (agentTurnOf(reply)?.payloads ?? [])
    .map((payload) => payload.text)
    .filter((text): text is string => typeof text === "string");
  return texts.length > 0 ? texts.join("\n") : undefined;
}

/** Who answered the turn (`meta.agentMeta`: provider, model, usage…), in either shape. */
export function replyAgentMeta(
  reply: AgentJsonReply | undefined,
): NonNullable<AgentTurnJson["meta"]>["agentMeta"] {
  return agentTurnOf(reply)?.meta?.agentMeta;
}
