// Configs and patches that are valid for real OpenClaw 2026.9.6 (it validates the whole config on every write),
// shared by the differential and property tests.
import type { JsonObject } from "../json.ts";
import type { ConfigPatch } from "../merge.ts";
import { buildProxySetupPatch } from "../setup-patch.ts";

/** A hand-edited JSON5 config: comments, unquoted keys, trailing commas, another provider, fallbacks. */
export const HAND_EDITED = `// My OpenClaw setup — edited by hand.
{
  /* the local gateway */
  gateway: {
    mode: "local", // loopback only
    port: 18999,
    auth: { mode: "token", token: "t0k3n-for-tests" },
  },
  agents: {
    defaults: {
      // Primary and fallbacks
      model: { primary: "openai/gpt-5.4", fallbacks: ["openai/gpt-5.4-mini", "local-llm/qwen3"] },
      models: {
        "openai/gpt-5.4": { alias: "fast" }, // short name
        "local-llm/qwen3": { params: { temperature: 0.2 } },
      },
      params: { keep: true },
    },
  },
  models: {
    providers: {
      // a local Ollama-style server
      "local-llm": {
        baseUrl: "http://127.0.0.1:11434/v1",
        apiKey: "local",
        api: "openai-completions",
        models: [
          { id: "qwen3", name: "Qwen 3" },
          { id: "llama3", name: "Llama 3" },
        ],
      },
    },
  },
  // written by OpenClaw itself
  meta: { migrations: { modelPolicyAllowlist: true, utilityModelSeparation: true } },
}
`;

/** Base configs (objects) of the merge corpus, by name. */
export const BASES: Record<string, JsonObject> = {
  minimal: { gateway: { mode: "local", port: 18999 } },
  stringModel: {
    gateway: { mode: "local", port: 18999 },
    agents: { defaults: { model: "openai/gpt-5.4", params: { a: 1 } } },
  },
  handEdited: {
    gateway: { mode: "local", port: 18999, auth: { mode: "token", token: "t0k3n-for-tests" } },
    agents: {
      defaults: {
        model: { primary: "openai/gpt-5.4", fallbacks: ["openai/gpt-5.4-mini", "local-llm/qwen3"] },
        models: { "openai/gpt-5.4": { alias: "fast" }, "local-llm/qwen3": { params: { temperature: 0.2 } } },
        params: { keep: true },
      },
    },
    models: {
      providers: {
        "local-llm": {
          baseUrl: "http://127.0.0.1:11434/v1",
          apiKey: "local",
          api: "openai-completions",
          models: [
            { id: "qwen3", name: "Qwen 3" },
            { id: "llama3", name: "Llama 3" },
          ],
        },
      },
    },
  },
  agentsAndProxy: {
    gateway: { mode: "local", port: 18999 },
    agents: {
      ownership: "explicit",
      defaults: {
        model: { primary: "anthropic-max-proxy/claude-opus-4.6", fallbacks: [] },
        models: { "anthropic-max-proxy/claude-opus-4.6": { alias: "claude-max-proxy" } },
      },
      entries: {
        main: { model: "anthropic-max-proxy/claude-opus-4.6" },
        work: { model: { primary: "openai/gpt-5.4", fallbacks: [] }, params: { deep: { x: [1, 2] } } },
      },
    },
    models: {
      providers: {
        "anthropic-max-proxy": {
          baseUrl: "http://127.0.0.1:3456",
          apiKey: "anthropic-max-proxy-local",
          api: "anthropic-messages",
          models: [
            { id: "claude-opus-4.6", name: "Claude Opus 4.6" },
            { id: "claude-sonnet-4.5", name: "Claude Sonnet 4.5" },
          ],
        },
      },
    },
  },
};

/** What the plugin's auth flow and the CLI's setup write: the real builder, default models, plugin enabled. */
export const SETUP_PATCH: ConfigPatch = buildProxySetupPatch({
  host: "127.0.0.1",
  port: 3456,
  models: ["claude-opus-4.6", "claude-sonnet-4.5", "claude-3.7-sonnet"],
  pluginConfig: true,
});

/** A curated merge case: base × patch (× replace paths), and whether OpenClaw refuses it. */
export interface MergeCase {
  name: string;
  base: keyof typeof BASES;
  patch: ConfigPatch;
  replacePaths?: string[][];
  /** OpenClaw refuses the patch (and so must we). */
  refused?: boolean;
}

export const MERGE_CASES: MergeCase[] = [
  { name: "setup patch on a minimal config", base: "minimal", patch: SETUP_PATCH },
  {
    name: "setup patch over fallbacks and another provider",
    base: "handEdited",
    patch: SETUP_PATCH,
  },
  { name: "setup patch over a string model", base: "stringModel", patch: SETUP_PATCH },
  {
    name: "null deletes a leaf and an object",
    base: "handEdited",
    patch: { gateway: { port: null }, agents: { defaults: { models: { "local-llm/qwen3": null } } } },
  },
  {
    name: "null-only sub-patch on an absent path creates nothing",
    base: "minimal",
    patch: { agents: { defaults: { params: { gone: null } } }, gateway: { port: 19001 } },
  },
  {
    name: "arrays replace whole (fallbacks)",
    base: "handEdited",
    patch: { agents: { defaults: { model: { fallbacks: ["openai/gpt-5.4-mini"] } } } },
  },
  {
    name: "scalar replaces object",
    base: "handEdited",
    patch: { agents: { defaults: { model: "openai/gpt-5.4" } } },
  },
  {
    name: "object patch replaces a string model",
    base: "stringModel",
    patch: { agents: { defaults: { model: { primary: "openai/gpt-5.4", fallbacks: [] } } } },
  },
  {
    name: "{} keeps an existing object",
    base: "handEdited",
    patch: { agents: { defaults: { params: {} } } },
  },
  { name: "{} creates a missing object", base: "minimal", patch: { agents: { defaults: { params: {} } } } },
  {
    name: "provider model list growing is allowed",
    base: "handEdited",
    patch: {
      models: {
        providers: {
          "local-llm": {
            models: [
              { id: "qwen3", name: "Qwen 3" },
              { id: "llama3", name: "Llama 3" },
              { id: "phi4", name: "Phi 4" },
            ],
          },
        },
      },
    },
  },
  {
    name: "provider model list shrinking is refused",
    base: "handEdited",
    patch: { models: { providers: { "local-llm": { models: [{ id: "qwen3", name: "Qwen 3" }] } } } },
    refused: true,
  },
  {
    name: "provider model list shrinking with a replace path",
    base: "handEdited",
    patch: { models: { providers: { "local-llm": { models: [{ id: "qwen3", name: "Qwen 3" }] } } } },
    replacePaths: [["models", "providers", "local-llm", "models"]],
  },
  {
    name: "replace path replaces an object whole",
    base: "handEdited",
    patch: { agents: { defaults: { params: { only: "this" } } } },
    replacePaths: [["agents", "defaults", "params"]],
  },
  {
    name: "object into an array is refused",
    base: "handEdited",
    patch: { agents: { defaults: { model: { fallbacks: { first: "openai/gpt-5.4" } } } } },
    refused: true,
  },
  {
    name: "{} onto a scalar is refused",
    base: "handEdited",
    patch: { gateway: { port: {} } },
    refused: true,
  },
  {
    name: "SecretRef replaces an apiKey",
    base: "handEdited",
    patch: {
      models: {
        providers: { "local-llm": { apiKey: { source: "env", provider: "default", id: "LOCAL_LLM_KEY" } } },
      },
    },
  },
  {
    name: "per-agent override and deep params",
    base: "agentsAndProxy",
    patch: {
      agents: {
        entries: {
          work: {
            model: { primary: "anthropic-max-proxy/claude-sonnet-4.5" },
            params: { deep: { y: true, x: null } },
          },
        },
      },
    },
  },
  {
    name: "keys with dots and slashes are single keys",
    base: "agentsAndProxy",
    patch: {
      agents: { defaults: { models: { "anthropic-max-proxy/claude-sonnet-4.5": { alias: "sonnet" } } } },
    },
  },
];

const localLlm = {
  baseUrl: "http://127.0.0.1:11434/v1",
  api: "openai-completions",
  models: [
    { id: "qwen3", name: "Qwen 3" },
    { id: "llama3", name: "Llama 3" },
  ],
};
const proxy = (BASES.agentsAndProxy as { models: { providers: Record<string, JsonObject> } }).models
  .providers["anthropic-max-proxy"] as JsonObject;
const gateway = { mode: "local" };

/** Configs for the `models status` differential test, by name. */
export const STATUS_CONFIGS: Record<string, JsonObject> = {
  "nothing configured": { gateway },
  "after setup": {
    gateway,
    agents: {
      defaults: {
        model: { primary: "anthropic-max-proxy/claude-opus-4.6", fallbacks: [] },
        models: { "anthropic-max-proxy/claude-opus-4.6": { alias: "claude-max-proxy" } },
      },
    },
    models: { providers: { "anthropic-max-proxy": proxy } },
  },
  "hand-edited: fallbacks, an alias, an entry without alias": BASES.handEdited as JsonObject,
  "string model": BASES.stringModel as JsonObject,
  "bare primary listed by one provider": {
    gateway,
    agents: { defaults: { model: { primary: "qwen3", fallbacks: ["openai/gpt-5.4"] } } },
    models: { providers: { "local-llm": localLlm } },
  },
  "bare primary nobody lists": { gateway, agents: { defaults: { model: "gpt-5.4" } } },
  "alias as primary": {
    gateway,
    agents: {
      defaults: {
        model: { primary: "claude-max-proxy", fallbacks: [] },
        models: { "anthropic-max-proxy/claude-sonnet-4.5": { alias: "claude-max-proxy" } },
      },
    },
    models: { providers: { "anthropic-max-proxy": proxy } },
  },
  "no primary, providers configured": { gateway, models: { providers: { "local-llm": localLlm } } },
  "aliases: reused, disabled, case": {
    gateway,
    agents: {
      defaults: {
        model: { primary: "openai/gpt-5.4" },
        models: {
          "openai/gpt-5.4": { alias: "fast" },
          "openai/gpt-5.4-mini": { alias: "Fast" },
          "local-llm/qwen3": { alias: "" },
          "local-llm/llama3": { alias: "llama" },
        },
      },
    },
    models: { providers: { "local-llm": localLlm } },
  },
  "image model, auth profile suffix, upper-case provider": {
    gateway,
    agents: {
      defaults: {
        model: { primary: "Local-LLM/qwen3@work", fallbacks: ["local-llm/llama3", "openai/gpt-5.4"] },
        imageModel: { primary: "openai/gpt-5.4", fallbacks: ["local-llm/llama3"] },
      },
    },
    models: { providers: { "Local-LLM": localLlm } },
  },
};
