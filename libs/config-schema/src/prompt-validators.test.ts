import { describe, expect, it } from "vitest";
import {
  parseModelListText,
  validateHostText,
  validateModelListText,
  validatePortText,
} from "./prompt-validators.ts";

describe("prompt validators", () => {
  it("host: loopback by default, trimmed, with the fix in the message", () => {
    const validate = validateHostText();
    expect(validate("127.0.0.1")).toBeUndefined();
    expect(validate("  localhost ")).toBeUndefined();
    expect(validate("::1")).toBeUndefined();
    expect(validate("0.0.0.0")).toMatch(
      /^"0\.0\.0\.0" is not a loopback address: set "host" to "127\.0\.0\.1"/,
    );
    expect(validate("not a host")).toMatch(/is not a valid host name or IP address/);
    expect(validate("")).toMatch(/must not be an empty string/);
  });

  it("host: any host when non-loopback is allowed", () => {
    expect(validateHostText({ allowNonLoopback: true })("0.0.0.0")).toBeUndefined();
    expect(validateHostText({ allowNonLoopback: true })("a b")).toMatch(/not a valid host/);
  });

  it("port", () => {
    expect(validatePortText("3456")).toBeUndefined();
    expect(validatePortText(" 1 ")).toBeUndefined();
    expect(validatePortText("0")).toBe(
      'must be an integer from 1 to 65535: set "port" to a free TCP port from 1 to 65535, e.g. 3456',
    );
    expect(validatePortText("abc")).toBeDefined();
  });

  it("models", () => {
    expect(validateModelListText("claude-opus-4.6, claude-sonnet-4.5")).toBeUndefined();
    expect(validateModelListText("")).toMatch(/must not be empty/);
    expect(validateModelListText("a, a")).toMatch(/"a" is listed more than once/);
    expect(validateModelListText("anthropic/claude-opus-4.6")).toMatch(/not a valid model id/);
    expect(validateModelListText("claude opus")).toBe(
      '"claude opus" is not a valid model id: it contains a space: separate model ids with commas, e.g. "claude-opus-4.6, claude-sonnet-4.5"',
    );
    expect(parseModelListText(" claude-opus-4.6 ,claude-sonnet-4.5, ")).toEqual([
      "claude-opus-4.6",
      "claude-sonnet-4.5",
    ]);
    expect(parseModelListText("a,a")).toBeUndefined();
  });
});
