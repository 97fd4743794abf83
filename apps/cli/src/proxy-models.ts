/**
 * The models a running proxy lists: `GET {baseUrl}/v1/models` (OpenAI-style `{ data: [{ id }] }`).
 * `undefined` when nothing answers in time or the answer is not a model list; never throws.
 * (The plugin's auth flow offers the same list: apps/plugin/src/proxy-models.ts.)
 */
export async function listProxyModels(baseUrl: string, timeoutMs = 1500): Promise<string[] | undefined> {
  try {
    const response = await fetch(`${baseUrl}/v1/models`, {
      signal: AbortSignal.timeout(timeoutMs),
      headers: { accept: "application/json" },
    });
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
