/**
 * Asks a proxy which models it serves: `GET {baseUrl}/v1/models` (Meridian answers an OpenAI-style
 * `{ data: [{ id }] }`). Returns the ids, or `undefined` when nothing answers in time or the answer
 * is not a model list. Never throws for a missing or odd proxy: the auth flow only offers the list.
 */
export async function listProxyModels(
  baseUrl: string,
  options: { timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<string[] | undefined> {
  const timeout = AbortSignal.timeout(options.timeoutMs ?? 1500);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  try {
    const response = await fetch(`${baseUrl}/v1/models`, { signal, headers: { accept: "application/json" } });
    if (!response.ok) {
      await response.body?.cancel();
      return undefined;
    }
    const body = (await response.json()) as { data?: unknown };
    if (!Array.isArray(body.data)) return undefined;
    const ids = body.data
      .map((entry) =>
        entry !== null && typeof entry === "object" ? (entry as { id?: unknown }).id : undefined,
      )
      .filter((id): id is string => typeof id === "string" && id.length > 0);
    return ids.length > 0 ? [...new Set(ids)] : undefined;
  } catch {
    return undefined;
  }
}
