import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CLAUDE_3_SNAPSHOTS,
  modelDisplayName,
  parseClaudeModelId,
  toDottedModelId,
  toWireModelId,
} from "./model-ids.ts";

describe("toWireModelId", () => {
  it.each([
    ["claude-opus-4.6", "claude-opus-4-6"],
    ["claude-sonnet-4.5", "claude-sonnet-4-5"],
    ["claude-3.7-sonnet", "claude-3-7-sonnet-20250219"],
    ["claude-3-7-sonnet", "claude-3-7-sonnet-20250219"],
    ["claude-3-7-sonnet-latest", "claude-3-7-sonnet-latest"],
    ["claude-3.5-sonnet", "claude-3-5-sonnet-20241022"],
    ["claude-3-5-sonnet-20240620", "claude-3-5-sonnet-20240620"],
    ["claude-3.5-haiku", "claude-3-5-haiku-20241022"],
    ["claude-3-opus", "claude-3-opus-20240229"],
    ["claude-opus-4-6", "claude-opus-4-6"],
    ["claude-haiku-4.5", "claude-haiku-4-5"],
    ["claude-haiku-4-5-20251001", "claude-haiku-4-5-20251001"],
    ["claude-opus-4-20250514", "claude-opus-4-20250514"],
    ["claude-sonnet-4-5-20250929", "claude-sonnet-4-5-20250929"],
    ["claude-opus-5", "claude-opus-5"],
    ["claude-opus-5.5", "claude-opus-5-5"],
    ["claude-fable-5.1", "claude-fable-5-1"],
    ["Claude-Opus-4.6", "claude-opus-4-6"],
    ["  claude-opus-4.6 ", "claude-opus-4-6"],
    ["claude-opus-4.6-thinking", "claude-opus-4-6-thinking"],
    // not Claude ids, or Claude ids that were dotted on the wire too: untouched
    ["opus", "opus"],
    ["sonnet", "sonnet"],
    ["gpt-4.1", "gpt-4.1"],
    ["claude-2.1", "claude-2.1"],
    ["claude-instant-1.2", "claude-instant-1.2"],
  ])("%s → %s", (input, wire) => {
    expect(toWireModelId(input)).toBe(wire);
  });

  it("every snapshot id Anthropic lists for Claude 3.x is an 8-digit date", () => {
    for (const date of Object.values(CLAUDE_3_SNAPSHOTS)) expect(date).toMatch(/^20\d{6}$/);
  });
});

describe("toDottedModelId", () => {
  it.each([
    ["claude-opus-4-6", "claude-opus-4.6"],
    ["claude-3-7-sonnet-20250219", "claude-3.7-sonnet"],
    ["claude-3-5-sonnet-20240620", "claude-3.5-sonnet-20240620"],
    ["claude-3-7-sonnet-latest", "claude-3.7-sonnet-latest"],
    ["claude-sonnet-4-5-20250929", "claude-sonnet-4.5-20250929"],
    ["claude-opus-5", "claude-opus-5"],
    ["claude-opus-4.6", "claude-opus-4.6"],
    ["sonnet", "sonnet"],
  ])("%s → %s", (input, dotted) => {
    expect(toDottedModelId(input)).toBe(dotted);
  });
});

describe("round trips", () => {
  const family = fc.constantFrom("opus", "sonnet", "haiku", "fable");
  const tag = fc.option(fc.constantFrom("20250219", "20251001", "latest"), { nil: undefined });
  const familyFirst = fc
    .tuple(
      family,
      fc.integer({ min: 4, max: 9 }),
      fc.option(fc.integer({ min: 0, max: 12 }), { nil: undefined }),
      tag,
    )
    .map(
      ([f, major, minor, t]) =>
        `claude-${f}-${major}${minor === undefined ? "" : `.${minor}`}${t ? `-${t}` : ""}`,
    );
  const versionFirst = fc
    .tuple(fc.constantFrom("3", "3.5", "3.7", "3.9"), fc.constantFrom("opus", "sonnet", "haiku"), tag)
    .map(([version, f, t]) => `claude-${version}-${f}${t ? `-${t}` : ""}`);
  const dotted = fc.oneof(familyFirst, versionFirst);

  it("toWireModelId is idempotent", () => {
    fc.assert(
      fc.property(dotted, (id) => {
        expect(toWireModelId(toWireModelId(id))).toBe(toWireModelId(id));
      }),
    );
  });

  it("dotted → wire → dotted gives the dotted id back (untagged ids exactly)", () => {
    fc.assert(
      fc.property(dotted, (id) => {
        expect(toDottedModelId(toWireModelId(id))).toBe(toDottedModelId(id));
        if (!/-(latest|\d{8})$/.test(id)) expect(toDottedModelId(toWireModelId(id))).toBe(id);
      }),
    );
  });

  it("wire → dotted → wire gives the wire id back", () => {
    fc.assert(
      fc.property(dotted.map(toWireModelId), (wire) => {
        expect(toWireModelId(toDottedModelId(wire))).toBe(wire);
      }),
    );
  });

  it("a wire id never contains a dot in its version", () => {
    fc.assert(
      fc.property(dotted, (id) => {
        expect(toWireModelId(id)).not.toMatch(/\d\.\d/);
      }),
    );
  });
});

describe("modelDisplayName", () => {
  it.each([
    ["claude-opus-4.6", "Claude Opus 4.6"],
    ["claude-opus-4-6", "Claude Opus 4.6"],
    ["claude-3-7-sonnet-20250219", "Claude Sonnet 3.7"],
    ["claude-3.5-haiku", "Claude Haiku 3.5"],
    ["claude-opus-5", "Claude Opus 5"],
    ["claude-opus-4.6-thinking", "Claude Opus 4.6 thinking"],
    ["opus", "opus"],
  ])("%s → %s", (id, name) => expect(modelDisplayName(id)).toBe(name));
});

describe("parseClaudeModelId", () => {
  it("does not read a snapshot date as a minor version", () => {
    expect(parseClaudeModelId("claude-opus-4-20250514")).toEqual({
      family: "opus",
      major: 4,
      style: "family-first",
      tag: "20250514",
      rest: "",
    });
  });
});
