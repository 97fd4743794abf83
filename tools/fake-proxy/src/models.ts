/** The model list `GET /v1/models` answers, OpenAI-style, as Meridian builds it. */

/** One entry of the list. */
export interface ModelListEntry {
  id: string;
  object: "model";
  created: number;
  owned_by: "anthropic";
  display_name: string;
  context_window: number;
}

const MODELS: { id: string; display_name: string; maxContext: number }[] = [
  { id: "claude-sonnet-4-6", display_name: "Claude Sonnet 4.6", maxContext: 200_000 },
  { id: "claude-opus-4-6", display_name: "Claude Opus 4.6", maxContext: 1_000_000 },
  { id: "claude-opus-4-7", display_name: "Claude Opus 4.7", maxContext: 1_000_000 },
  { id: "claude-opus-4-8", display_name: "Claude Opus 4.8", maxContext: 1_000_000 },
  { id: "claude-haiku-4-5", display_name: "Claude Haiku 4.5", maxContext: 200_000 },
];

/** The list; a Max subscription gets the 1M context window on Opus. */
export function modelList(isMax: boolean, now = Math.floor(Date.now() / 1000)): ModelListEntry[] {
  return MODELS.map((m) => ({
    id: m.id,
    object: "model",
    created: now,
    owned_by: "anthropic",
    display_name: m.display_name,
    context_window: isMax ? m.maxContext : 200_000,
  }));
}
