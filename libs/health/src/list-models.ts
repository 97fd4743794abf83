/**
 * `listServerModels(baseUrl)`: the model ids a local server lists at `GET <baseUrl>/v1/models`.
 */
import { httpGet } from "./http-get.ts";

/** Options of {@link listServerModels}. */
export interface ListServerModelsOptions {
  /** Deadline for connect + answer, in ms (default 1500). */
  timeoutMs?: number | undefined;
  /** Aborting rejects with `signal.reason` (the only way `listServerModels` rejects). */
  signal?: AbortSignal | undefined;
  /**
   * The list's path below the base URL (default `/v1/models`). A base URL that already ends in `/v1`
   * (`http://127.0.0.1:8080/v1`, as OpenAI clients take it) is not given a second one.
   */
  path?: string | undefined;
  /** A longer list is not read (`undefined`): default 1 MiB. */
  maxBodyBytes?: number | undefined;
}

/** Default deadline of {@link listServerModels}. */
export const DEFAULT_LIST_MODELS_TIMEOUT_MS = 1500;
/** Default path of the model list. */
export const DEFAULT_MODELS_PATH = "/v1/models";

/** The URL of the model list below `baseUrl`; a URL that is not `http:`/`https:` throws a TypeError. */
export function modelsUrl(baseUrl: string | URL, path: string = DEFAULT_MODELS_PATH): URL {
  const url = typeof baseUrl === "string" ? new URL(baseUrl) : new URL(baseUrl.href);
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new TypeError(`cannot list the models of ${url.href}: only http: and https: URLs are supported`);
  }
  const base = url.pathname.replace(/\/+$/, "");
  const rest = path.startsWith("/") ? path : `/${path}`;
  url.pathname =
    base.endsWith("/v1") && rest.startsWith("/v1/") ? `${base}${rest.slice(3)}` : `${base}${rest}`;
  url.search = "";
  return url;
}

/**
 * The ids of the models a local server lists: `GET <baseUrl>/v1/models`, read as an OpenAI-style list
 * (`{ "object": "list", "data": [{ "id": … }] }`, what Meridian, LiteLLM, vLLM, Ollama's OpenAI API answer) or
 * an Anthropic-style one (`{ "data": [{ "type": "model", "id": … }], "has_more": … }`): the ids in order,
 * each once. `undefined` when nothing answers in time, the answer is not a 2xx, not JSON, or lists no
 * model — never an exception for an expected failure. It rejects only when `signal` aborts (with
 * `signal.reason`) and throws a `TypeError` for a URL that is not `http:`/`https:`.
 */
export async function listServerModels(
  baseUrl: string | URL,
  options: ListServerModelsOptions = {},
): Promise<string[] | undefined> {
  const url = modelsUrl(baseUrl, options.path);
  const outcome = await httpGet(url, {
    timeoutMs: options.timeoutMs ?? DEFAULT_LIST_MODELS_TIMEOUT_MS,
    signal: options.signal,
    maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
  });
  if (outcome.kind !== "answer" || outcome.statusCode < 200 || outcome.statusCode >= 300) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(outcome.body);
  } catch {
    return undefined;
  }
  const data = (body as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) return undefined;
  const ids = data
    .map((entry: unknown) =>
      entry !== null && typeof entry === "object" ? (entry as { id?: unknown }).id : undefined,
    )
    .filter((id): id is string => typeof id === "string" && id.length > 0);
  return ids.length > 0 ? [...new Set(ids)] : undefined;
}
