/**
 * Flag parsers for commander, with the same rules and messages as the plugin's prompts and config
 * (`@proxykit/config-schema`). A bad value is a usage error: commander prints it and the CLI exits 2.
 */
import {
  parseModelListText,
  parsePort,
  safeParsePluginConfig,
  validateHostText,
  validateModelListText,
  validatePortText,
} from "@proxykit/config-schema";
import { InvalidArgumentError } from "commander";

/**
 * `--host`: a host name or address. Whether it must be loopback depends on the config's `allowNonLoopback`,
 * which is only known later: commands check that with {@link checkHost}.
 */
export function parseHost(value: string): string {
  const problem = validateHostText({ allowNonLoopback: true })(value);
  if (problem) throw new InvalidArgumentError(problem);
  return value.trim();
}

/** The loopback rule for a `--host`, as the prompt applies it (undefined when fine). */
export function checkHost(host: string, allowNonLoopback: boolean): string | undefined {
  return validateHostText({ allowNonLoopback })(host);
}

/** `--port`: 1–65535. */
export function parsePortOption(value: string): number {
  const problem = validatePortText(value);
  const port = parsePort(value);
  if (problem || port === undefined)
    throw new InvalidArgumentError(problem ?? "must be a port from 1 to 65535");
  return port;
}

/** `--models a,b,c`: a non-empty list of unique model ids. */
export function parseModels(value: string): string[] {
  const problem = validateModelListText(value);
  const models = parseModelListText(value);
  if (problem || !models)
    throw new InvalidArgumentError(problem ?? "must be a comma-separated list of model ids");
  return models;
}

/** `--proxy-command '["npx","-y","@rynfar/meridian"]'`: an argv array as JSON. */
export function parseCommandJson(value: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new InvalidArgumentError(`must be a JSON array of strings, e.g. '["npx","-y","@rynfar/meridian"]'`);
  }
  const result = safeParsePluginConfig({ command: parsed });
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new InvalidArgumentError(issue ? `${issue.message}: ${issue.hint}` : result.error.toOneLine());
  }
  return result.data.command;
}

/** A positive number of milliseconds. */
export function parseMs(value: string): number {
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms <= 0)
    throw new InvalidArgumentError("must be a positive whole number of milliseconds");
  return ms;
}
