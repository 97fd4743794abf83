import { describe, expect, it } from "vitest";
import { redactArgv } from "./redact-argv.ts";

describe("redactArgv", () => {
  it("hides values of secret-looking flags, Anthropic keys anywhere, and URL passwords", () => {
    expect(
      redactArgv([
        "node",
        "proxy.js",
        "--api-key",
        "abc123",
        "--token=xyz",
        "--port",
        "3456",
        "ANTHROPIC_API_KEY=sk-ant-api03-SECRET_value",
        "https://user:hunter2@example.com/x",
      ]),
    ).toEqual([
      "node",
      "proxy.js",
      "--api-key",
      "<redacted>",
      "--token=<redacted>",
      "--port",
      "3456",
      "ANTHROPIC_API_KEY=sk-ant-<redacted>",
      "https://user:<redacted>@example.com/x",
    ]);
  });

  it("leaves ordinary command lines alone", () => {
    const argv = ["node", "/usr/lib/node_modules/@rynfar/meridian/dist/cli.js", "--verbose"];
    expect(redactArgv(argv)).toEqual(argv);
  });
});
