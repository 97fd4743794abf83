import type { ProviderAuthContext } from "openclaw/plugin-sdk/plugin-entry";

type Prompter = ProviderAuthContext["prompter"];

/** One answer: text typed at a text prompt (`undefined` = accept the pre-filled value), or a select value. */
export type Answer = string | undefined;

/** What the prompter saw: every prompt message, every validation error, in order. */
export interface PromptLog {
  prompts: Array<{ kind: "text" | "select"; message: string; initialValue?: unknown; options?: unknown[] }>;
  errors: Array<{ message: string; error: string }>;
}

/**
 * A prompter that answers from a script, like a person at the terminal: a text answer the `validate`
 * callback refuses is logged and the same prompt is asked again with the next answer, as clack does.
 */
export function scriptedPrompter(answers: Answer[]): { prompter: Prompter; log: PromptLog } {
  const queue = [...answers];
  const log: PromptLog = { prompts: [], errors: [] };
  const next = (message: string): Answer => {
    if (queue.length === 0) throw new Error(`script ran out of answers at prompt "${message}"`);
    return queue.shift();
  };
  const prompter = {
    intro: async () => {},
    outro: async () => {},
    note: async () => {},
    progress: () => ({ update: () => {}, stop: () => {} }),
    confirm: async () => true,
    multiselect: async () => [],
    text: async (params: {
      message: string;
      initialValue?: string;
      validate?: (v: string) => string | undefined;
    }) => {
      log.prompts.push({ kind: "text", message: params.message, initialValue: params.initialValue });
      for (;;) {
        const typed = next(params.message);
        const value = typed ?? params.initialValue ?? "";
        const error = params.validate?.(value);
        if (!error) return value;
        log.errors.push({ message: params.message, error });
      }
    },
    select: async (params: {
      message: string;
      options: Array<{ value: unknown }>;
      initialValue?: unknown;
    }) => {
      log.prompts.push({
        kind: "select",
        message: params.message,
        initialValue: params.initialValue,
        options: params.options.map((o) => o.value),
      });
      const typed = next(params.message);
      return typed ?? params.initialValue;
    },
  } as unknown as Prompter;
  return { prompter, log };
}
