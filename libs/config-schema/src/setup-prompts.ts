/**
 * The set-up questions for the local proxy, shared by the OpenClaw plugin's auth flow (rendered with
 * OpenClaw's `ctx.prompter`) and the standalone CLI's `setup` (rendered with @clack/prompts): what is
 * asked, in which order, pre-filled with what, checked how, and the "the running proxy lists these
 * models" choice. UI-agnostic: the caller renders each prompt with its own prompter and brings the
 * function that asks a running proxy for its models (e.g. `@proxykit/health`'s `listServerModels`).
 */
import { ConfigError } from "./config-error.ts";
import { parsePort } from "./numbers.ts";
import { DEFAULT_PLUGIN_CONFIG, safeParsePluginConfig } from "./plugin-config.ts";
import {
  type PromptValidator,
  parseModelListText,
  validateHostText,
  validateModelListText,
  validatePortText,
} from "./prompt-validators.ts";
import { PROXY_ID, type ProxyIds, proxyBaseUrl, readProxySettings } from "./proxy-policy.ts";

/** The answers of the set-up: where the proxy listens and which models it serves (the first is the default). */
export interface SetupAnswers {
  host: string;
  port: number;
  models: string[];
}

/** What the questions start from: the config's current values (a re-run keeps them), else the defaults. */
export interface SetupStart extends SetupAnswers {
  /** The plugin config's `allowNonLoopback`: without it only a loopback host is accepted. */
  allowNonLoopback: boolean;
}

/** A text question. `validate` returns `undefined` or one line naming the key and the fix. */
export interface SetupTextPrompt {
  key: "host" | "port" | "models";
  message: string;
  initialValue: string;
  placeholder: string;
  validate: PromptValidator;
}

/** A choice between a few values. */
export interface SetupSelectPrompt<T extends string> {
  message: string;
  options: Array<{ value: T; label: string }>;
  initialValue: T;
}

/** The prompt texts (the host and port labels are the manifest's `uiHints` labels too). */
export const SETUP_PROMPT_MESSAGES: Readonly<Record<SetupTextPrompt["key"], string>> = Object.freeze({
  host: "Proxy host",
  port: "Proxy port",
  models: "Model IDs (comma-separated; the first is the default)",
});

// A prompt's message starts with the config key it is about, like the Gateway's config errors.
function named(key: string, message: string | undefined): string | undefined {
  if (message === undefined) return undefined;
  return message.startsWith(`${key}:`) || message.startsWith(`${key} `) ? message : `${key}: ${message}`;
}

/**
 * The prompt validators, `(text) => message | undefined`, each message starting with the key it is about
 * (`port: must be an integer from 1 to 65535: …`). The rules are the plugin config's: a prompt and the
 * config never disagree.
 */
export function setupValidators(options: { allowNonLoopback?: boolean } = {}): {
  host: PromptValidator;
  port: PromptValidator;
  models: PromptValidator;
} {
  const host = validateHostText({ allowNonLoopback: options.allowNonLoopback === true });
  return {
    host: (text) => named("host", host(text)),
    port: (text) => named("port", validatePortText(text)),
    models: (text) => named("models", validateModelListText(text)),
  };
}

/**
 * The values the questions start from, read from a whole OpenClaw config: the one address requests go to
 * (when the prompts would accept it), the plugin config's models when it sets them, else the provider
 * entry's, else the defaults; and `allowNonLoopback` as the plugin config says.
 */
export function setupStart(openclawConfig: unknown, ids: ProxyIds = {}): SetupStart {
  const settings = readProxySettings(openclawConfig, ids);
  const allowNonLoopback = settings.plugin.allowNonLoopback;
  const validate = setupValidators({ allowNonLoopback });
  const { address } = settings;
  const usable =
    address.source !== "defaults" &&
    validate.host(address.host) === undefined &&
    validate.port(String(address.port)) === undefined;
  const written = (openclawConfig as { plugins?: { entries?: Record<string, { config?: unknown }> } })
    ?.plugins?.entries?.[ids.pluginId ?? PROXY_ID]?.config as { models?: unknown } | undefined;
  // The plugin config's own validity: `pluginConfigError` also reports a refused address, which does not
  // make the models written there wrong.
  const pluginModelsSet = written?.models !== undefined && safeParsePluginConfig(written).success;
  const providerModels = settings.provider?.modelIds ?? [];
  const models = pluginModelsSet
    ? settings.plugin.models
    : providerModels.length > 0
      ? providerModels
      : DEFAULT_PLUGIN_CONFIG.models;
  return {
    host: usable ? address.host : DEFAULT_PLUGIN_CONFIG.host,
    port: usable ? address.port : DEFAULT_PLUGIN_CONFIG.port,
    models: [...models],
    allowNonLoopback,
  };
}

/** The three text questions and the model choice, pre-filled from `start`. */
export function setupPrompts(start: SetupStart): {
  host: SetupTextPrompt;
  port: SetupTextPrompt;
  /** The model question, pre-filled with `initialModels` (the current ones, or the proxy's when chosen). */
  models(initialModels: readonly string[]): SetupTextPrompt;
  /** "The proxy lists N models. Which model ids?": keep the current ones (`defaults`) or take the proxy's. */
  proxyModels(listed: readonly string[]): SetupSelectPrompt<"defaults" | "proxy">;
} {
  const validate = setupValidators({ allowNonLoopback: start.allowNonLoopback });
  return {
    host: {
      key: "host",
      message: SETUP_PROMPT_MESSAGES.host,
      initialValue: start.host,
      placeholder: DEFAULT_PLUGIN_CONFIG.host,
      validate: validate.host,
    },
    port: {
      key: "port",
      message: SETUP_PROMPT_MESSAGES.port,
      initialValue: String(start.port),
      placeholder: String(DEFAULT_PLUGIN_CONFIG.port),
      validate: validate.port,
    },
    models: (initialModels) => ({
      key: "models",
      message: SETUP_PROMPT_MESSAGES.models,
      initialValue: initialModels.join(", "),
      placeholder: DEFAULT_PLUGIN_CONFIG.models.join(", "),
      validate: validate.models,
    }),
    proxyModels: (listed) => ({
      message: `The proxy lists ${listed.length} model${listed.length === 1 ? "" : "s"}. Which model ids?`,
      options: [
        { value: "defaults", label: `Keep: ${start.models.join(", ")}` },
        { value: "proxy", label: `The proxy's: ${listed.join(", ")}` },
      ],
      initialValue: "defaults",
    }),
  };
}

/** What a set-up says while it looks for a running proxy, and after. */
export const PROXY_SEARCH_MESSAGES = Object.freeze({
  searching: (baseUrl: string): string => `Looking for a proxy at ${baseUrl}`,
  found: (baseUrl: string): string => `A proxy answers at ${baseUrl}`,
  notFound: (baseUrl: string): string => `No proxy answers at ${baseUrl} yet`,
});

/**
 * What {@link runSetupPrompts} needs from a UI. `text` resolves with an answer `validate` accepted (asking
 * again after a refusal, as OpenClaw's prompter and clack do); a cancelled prompt rejects (or throws).
 */
export interface SetupPrompter {
  text(prompt: SetupTextPrompt): Promise<string>;
  select<T extends string>(prompt: SetupSelectPrompt<T>): Promise<T>;
  /** A spinner: `stop(message)` replaces it with the outcome. */
  progress(message: string): { stop(message: string): void };
}

/** Options of {@link runSetupPrompts}. */
export interface RunSetupPromptsOptions {
  start: SetupStart;
  /**
   * Answers given up front (e.g. command-line flags): their questions are not asked. They pass the same
   * rules as typed answers: a `ConfigError` naming each refused key is thrown before anything is asked
   * or probed.
   */
  given?: Partial<SetupAnswers>;
  /**
   * The model ids a proxy at `baseUrl` lists, or `undefined` when none answers (e.g. `@proxykit/health`'s
   * `listServerModels`). Asked only when the models are not given.
   */
  listModels?: (baseUrl: string) => Promise<string[] | undefined>;
}

/** The answers, the address they make, and what a running proxy listed there. */
export interface SetupPromptsResult extends SetupAnswers {
  /** `http://host:port` of the answers. */
  baseUrl: string;
  /** The models a proxy at `baseUrl` listed (`undefined`: none answered, or not asked). */
  listed: string[] | undefined;
}

/**
 * Asks the set-up questions in order: host, port, then — when a proxy already answers at that address —
 * whether to take the models it lists, then the model ids. Every answer passes the plugin config's rules;
 * refused `given` answers throw a `ConfigError` before anything is asked or probed.
 */
export async function runSetupPrompts(
  prompter: SetupPrompter,
  options: RunSetupPromptsOptions,
): Promise<SetupPromptsResult> {
  const { start, given = {} } = options;
  assertGivenValid(given, start);
  const prompts = setupPrompts(start);
  const host = (given.host ?? (await prompter.text(prompts.host))).trim();
  const port = given.port ?? answer(await prompter.text(prompts.port), parsePort);
  const baseUrl = proxyBaseUrl(host, port);
  if (given.models) return { host, port, models: [...given.models], baseUrl, listed: undefined };

  let listed: string[] | undefined;
  if (options.listModels) {
    const spinner = prompter.progress(PROXY_SEARCH_MESSAGES.searching(baseUrl));
    listed = await options.listModels(baseUrl);
    spinner.stop(listed ? PROXY_SEARCH_MESSAGES.found(baseUrl) : PROXY_SEARCH_MESSAGES.notFound(baseUrl));
  }
  let initialModels = start.models;
  if (listed && (await prompter.select(prompts.proxyModels(listed))) === "proxy") initialModels = listed;
  const models = answer(await prompter.text(prompts.models(initialModels)), parseModelListText);
  return { host, port, models, baseUrl, listed };
}

/**
 * Checks the answers given up front with the rules the prompts use (the plugin config's, with its
 * `allowNonLoopback`), every problem at once: a host given on the command line must not be probed
 * before it is known to be allowed.
 */
function assertGivenValid(given: Partial<SetupAnswers>, start: SetupStart): void {
  const input: Record<string, unknown> = start.allowNonLoopback ? { allowNonLoopback: true } : {};
  if (given.host !== undefined) input.host = given.host.trim();
  if (given.port !== undefined) input.port = given.port;
  if (given.models !== undefined) input.models = given.models;
  const result = safeParsePluginConfig(input);
  if (!result.success) {
    throw new ConfigError(result.error.issues, { subject: "set-up answers", cause: result.error });
  }
}

/** The value of an answer the prompt's validator accepted (a prompter that skips `validate` is a bug). */
function answer<T>(text: string, parse: (text: string) => T | undefined): T {
  const value = parse(text);
  if (value === undefined)
    throw new TypeError(`the prompter returned an answer its validator refuses: ${text}`);
  return value;
}
