import { describe, expect, it } from "vitest";
import { diffConfig, formatChange } from "./diff.ts";

describe("diffConfig redacts secrets", () => {
  it("values under secret-named keys, headers and env, and anything shaped like a key; numbers stay", () => {
    const before = {
      p: { apiKey: "old-key-1", headers: { "x-custom": "h-1" }, maxTokens: 10 },
      env: { SOME_VAR: "e-1" },
      note: "sk-ant-oat01-abcdef",
    };
    const after = {
      p: { apiKey: "local-proxy-no-key", headers: { "x-custom": "h-2" }, maxTokens: 20, token: "t-1" },
      env: { SOME_VAR: "e-2" },
      note: "plain",
      list: [{ secret: "s-1", name: "n" }],
    };
    const changes = diffConfig(before, after);
    expect(changes).toEqual([
      { path: "p.apiKey", kind: "change", before: "<redacted>", after: "local-proxy-no-key" },
      { path: "p.headers.x-custom", kind: "change", before: "<redacted>", after: "<redacted>" },
      { path: "p.maxTokens", kind: "change", before: 10, after: 20 },
      { path: "p.token", kind: "add", after: "<redacted>" },
      { path: "env.SOME_VAR", kind: "change", before: "<redacted>", after: "<redacted>" },
      { path: "note", kind: "change", before: "<redacted>", after: "plain" },
      { path: "list", kind: "add", after: [{ secret: "<redacted>", name: "n" }] },
    ]);
    const text = changes.map(formatChange).join("\n");
    for (const secret of ["old-key-1", "h-1", "h-2", "t-1", "e-1", "e-2", "sk-ant", "s-1"])
      expect(text).not.toContain(secret);
  });
});
