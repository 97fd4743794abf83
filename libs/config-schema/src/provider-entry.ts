import * as z from "zod/mini";
import { ConfigError, type ConfigIssue, issuesFromZod, type KeyDocs } from "./config-error.ts";
import { hostName, httpBaseUrl, isLoopbackHost, withLoopbackGuard } from "./host.ts";
import { lazySchema } from "./lazy-schema.ts";
import { modelList } from "./model-list.ts";
import { type ModelInput, modelMetadata } from "./model-metadata.ts";
import { port } from "./numbers.ts";

/**
 * The `apiKey` written into the provider entry. The proxy owns the real credentials (the Claude
 * login); OpenClaw still wants a value to send as `x-api-key`. It must never contain `sk-ant-`:
 * a value containing `sk-ant-oat` makes OpenClaw's anthropic-messages transport switch to Claude-Code
 * OAuth headers.
 */
export const PROXY_API_KEY_PLACEHOLDER = "local-proxy-no-key";

/** Matches any casing of `sk-ant-` (Anthropic API keys and Claude OAuth tokens). */
export const ANTHROPIC_SECRET_PATTERN: RegExp = /sk-ant-/i;

/** One model of the provider entry, in OpenClaw's `models.providers.<id>.models[]` shape. */
export interface ProviderModelEntry {
  id: string;
  name: string;
  reasoning: boolean;
  input: ModelInput[];
  cost: { input: number; output: number; cacheRead: number; cacheWrite: number };
  contextWindow: number;
  maxTokens: number;
}

/** OpenClaw's `models.providers.<id>` entry for a local Anthropic-compatible proxy. */
export interface ProviderEntry {
  baseUrl: string;
  apiKey: string;
  api: "anthropic-messages";
  models: ProviderModelEntry[];
}

const hostOf = (url: URL): string => url.hostname.replace(/^\[(.*)\]$/, "$1");

function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

const nonNegative = () => z.number().check(z.gte(0));
const positiveInt = () => z.int().check(z.gte(1));

/** Builds the schema of one model entry (once, on first use: see `lazy-schema.ts`). */
const buildProviderModelEntrySchema = () =>
  z.looseObject({
    id: z.string().check(z.minLength(1)),
    name: z.string().check(z.minLength(1)),
    reasoning: z.boolean(),
    input: z.array(z.enum(["text", "image", "video", "audio"])).check(z.minLength(1)),
    cost: z.object({
      input: nonNegative(),
      output: nonNegative(),
      cacheRead: nonNegative(),
      cacheWrite: nonNegative(),
    }),
    contextWindow: positiveInt(),
    maxTokens: positiveInt(),
  });

const lazyProviderModelEntrySchema = lazySchema(buildProviderModelEntrySchema);

/**
 * Schema: one model entry (extra keys OpenClaw knows, such as `contextTokens`, are kept). Built on first
 * use.
 */
export const providerModelEntrySchema: ReturnType<typeof buildProviderModelEntrySchema> =
  lazyProviderModelEntrySchema.schema;

/**
 * Schema: a `models.providers` entry pointing at a local Anthropic-compatible proxy. `baseUrl` is an
 * http(s) URL on a loopback host (unless `allowNonLoopback`) and never Anthropic's own API; `apiKey`
 * never contains `sk-ant-`; `api` is `anthropic-messages`; at least one model. Unknown keys are kept.
 */
export function providerEntrySchema(options: { allowNonLoopback?: boolean } = {}) {
  return z.looseObject({
    baseUrl: z.string().check(
      z.refine(
        (value: string) => {
          const url = parseUrl(value);
          return (
            url !== undefined &&
            (url.protocol === "http:" || url.protocol === "https:") &&
            url.username === "" &&
            url.password === ""
          );
        },
        { params: { configCode: "invalid_url" } },
      ),
      z.refine(
        (value: string) => {
          const url = parseUrl(value);
          return !url || !/(^|\.)anthropic\.com$/i.test(hostOf(url));
        },
        { params: { configCode: "direct_anthropic" } },
      ),
      z.refine(
        (value: string) => {
          const url = parseUrl(value);
          return !url || options.allowNonLoopback === true || isLoopbackHost(hostOf(url));
        },
        { params: { configCode: "not_loopback" } },
      ),
    ),
    apiKey: z.string().check(
      z.minLength(1),
      z.refine((value: string) => !ANTHROPIC_SECRET_PATTERN.test(value), {
        params: { configCode: "anthropic_secret" },
      }),
    ),
    api: z.literal("anthropic-messages"),
    models: z.array(lazyProviderModelEntrySchema.get()).check(z.minLength(1)),
  });
}

/** Options of `buildProviderEntry`. */
export interface BuildProviderEntryOptions {
  /** Host the proxy listens on (loopback unless `allowNonLoopback`). */
  host: string;
  /** Port the proxy listens on. */
  port: number;
  /** Model ids as configured (dotted or wire form), as an array or a comma-separated string. */
  models: readonly string[] | string;
  /**
   * Which id each model entry gets: `wire` (default) sends Anthropic's id to the proxy
   * (`claude-opus-4-6`); `configured` keeps the id as configured (`claude-opus-4.6`). Entries whose
   * ids end up equal are merged (first wins).
   */
  modelIds?: "wire" | "configured";
  /** Replaces the placeholder key (e.g. when the proxy requires its own key). Never an `sk-ant-` value. */
  apiKey?: string;
  /** Allows a non-loopback host, as the plugin config's `allowNonLoopback`. */
  allowNonLoopback?: boolean;
}

const BUILD_DOCS: KeyDocs = {
  host: {
    rule: "a loopback host: 127.0.0.1, ::1 or localhost",
    fix: 'use "127.0.0.1", "::1" or "localhost"',
  },
  port: { rule: "an integer from 1 to 65535", fix: "use a TCP port from 1 to 65535, e.g. 3456" },
  models: {
    rule: "a non-empty list of unique model ids",
    fix: 'give model ids such as ["claude-opus-4.6", "claude-sonnet-4.5"]',
  },
  apiKey: {
    rule: "a placeholder that does not contain sk-ant-",
    fix: `leave it out (the placeholder "${PROXY_API_KEY_PLACEHOLDER}" is used); the proxy holds the Claude credentials`,
  },
};

const buildInputSchema = () =>
  withLoopbackGuard(
    z.object({
      host: hostName(),
      port: port(),
      models: modelList(),
      apiKey: z.optional(
        z.string().check(
          z.minLength(1),
          z.refine((value: string) => !ANTHROPIC_SECRET_PATTERN.test(value), {
            params: { configCode: "anthropic_secret" },
          }),
        ),
      ),
      allowNonLoopback: z.boolean(),
    }),
  );

/**
 * Builds the `models.providers` entry for a local Anthropic-compatible proxy:
 * `{ baseUrl: "http://127.0.0.1:3456", apiKey: PROXY_API_KEY_PLACEHOLDER, api: "anthropic-messages",
 * models: [...] }`, each model with its metadata (`modelMetadata`) and zero cost. IPv6 hosts are
 * bracketed in `baseUrl`; wildcard bind addresses become loopback. Throws `ConfigError` on bad input.
 */
export function buildProviderEntry(options: BuildProviderEntryOptions): ProviderEntry {
  const allowNonLoopback = options.allowNonLoopback === true;
  const input = {
    host: options.host,
    port: options.port,
    models: options.models,
    ...(options.apiKey !== undefined ? { apiKey: options.apiKey } : {}),
    allowNonLoopback,
  };
  const parsed = z.safeParse(buildInputSchema(), input, { reportInput: true });
  if (!parsed.success) {
    const issues: ConfigIssue[] = issuesFromZod(parsed.error.issues, input, {
      docs: BUILD_DOCS,
      knownKeys: Object.keys(BUILD_DOCS),
    });
    throw new ConfigError(issues, { subject: "provider entry options", cause: parsed.error });
  }
  const { host, port: portNumber, models, apiKey } = parsed.data;
  const byId = new Map<string, ProviderModelEntry>();
  for (const configured of models) {
    const meta = modelMetadata(configured);
    const id = options.modelIds === "configured" ? meta.id : meta.wireId;
    if (byId.has(id)) continue;
    byId.set(id, {
      id,
      name: meta.displayName,
      reasoning: meta.reasoning,
      input: [...meta.input],
      cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
      contextWindow: meta.contextWindow,
      maxTokens: meta.maxTokens,
    });
  }
  return {
    baseUrl: httpBaseUrl(host, portNumber),
    apiKey: apiKey ?? PROXY_API_KEY_PLACEHOLDER,
    api: "anthropic-messages",
    models: [...byId.values()],
  };
}

const ENTRY_DOCS: KeyDocs = {
  baseUrl: {
    rule: "an http(s) URL of the local proxy",
    fix: 'point "baseUrl" at the local proxy, e.g. "http://127.0.0.1:3456"',
  },
  apiKey: BUILD_DOCS.apiKey as KeyDocs[string],
  api: { rule: '"anthropic-messages"', fix: 'set "api" to "anthropic-messages"' },
  models: {
    rule: "a non-empty array of model entries",
    fix: "list the proxy's models with id, name, reasoning, input, cost, contextWindow and maxTokens",
  },
};

/**
 * Checks an existing `models.providers` entry (e.g. read from `openclaw.json`) against
 * `providerEntrySchema`. Never throws; the error lists every problem, secrets redacted.
 */
export function safeParseProviderEntry(
  value: unknown,
  options: { allowNonLoopback?: boolean; source?: string } = {},
): { success: true; data: ProviderEntry } | { success: false; error: ConfigError } {
  const parsed = z.safeParse(providerEntrySchema(options), value, { reportInput: true });
  if (parsed.success) return { success: true, data: parsed.data as ProviderEntry };
  const issues = issuesFromZod(parsed.error.issues, value, {
    docs: ENTRY_DOCS,
    knownKeys: Object.keys(ENTRY_DOCS),
  });
  return {
    success: false,
    error: new ConfigError(issues, {
      subject: "provider entry",
      source: options.source,
      cause: parsed.error,
    }),
  };
}
