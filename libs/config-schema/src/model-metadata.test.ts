import { describe, expect, it } from "vitest";
import { KNOWN_MODELS, modelMetadata, UNKNOWN_MODEL_DEFAULTS } from "./model-metadata.ts";

describe("modelMetadata", () => {
  it("knows the seed's default models in their dotted form", () => {
    expect(modelMetadata("claude-opus-4.6")).toEqual({
      id: "claude-opus-4.6",
      wireId: "claude-opus-4-6",
      displayName: "Claude Opus 4.6",
      contextWindow: 200_000,
      maxTokens: 128_000,
      input: ["text", "image"],
      reasoning: true,
      basis: "table",
    });
    expect(modelMetadata("claude-sonnet-4.5")).toMatchObject({
      contextWindow: 200_000,
      maxTokens: 64_000,
      basis: "table",
    });
    expect(modelMetadata("claude-3.7-sonnet")).toMatchObject({
      wireId: "claude-3-7-sonnet-20250219",
      displayName: "Claude Sonnet 3.7",
      contextWindow: 200_000,
      maxTokens: 64_000,
      reasoning: true,
      basis: "table",
    });
  });

  it("finds a model by any of its ids (dotted, dashed, dated, -0, -latest)", () => {
    const same = ["claude-opus-4", "claude-opus-4-0", "claude-opus-4-20250514", "claude-opus-4.0"].map((id) =>
      modelMetadata(id),
    );
    for (const meta of same)
      expect(meta).toMatchObject({ contextWindow: 200_000, maxTokens: 32_000, basis: "table" });
    expect(modelMetadata("claude-3-5-sonnet-latest")).toMatchObject({
      maxTokens: 8192,
      reasoning: false,
      basis: "table",
    });
    expect(modelMetadata("claude-haiku-4-5-20251001")).toMatchObject({ maxTokens: 64_000, basis: "table" });
  });

  it("knows the models Meridian's /v1/models lists", () => {
    for (const id of [
      "claude-sonnet-4-6",
      "claude-opus-4-6",
      "claude-opus-4-7",
      "claude-opus-4-8",
      "claude-haiku-4-5",
    ]) {
      expect(modelMetadata(id).basis).toBe("table");
    }
  });

  it("infers an unknown version of a known family from the closest older known one", () => {
    expect(modelMetadata("claude-sonnet-5-5")).toMatchObject({
      basis: "inferred",
      inferredFrom: "claude-sonnet-5",
      contextWindow: 1_000_000,
    });
    expect(modelMetadata("claude-opus-4-9")).toMatchObject({
      basis: "inferred",
      inferredFrom: "claude-opus-4-8",
    });
    expect(modelMetadata("claude-haiku-5")).toMatchObject({
      basis: "inferred",
      inferredFrom: "claude-haiku-4-5",
      maxTokens: 64_000,
    });
    // across the naming change: the Claude 3 Opus row answers for a family-first "claude-opus-3"
    expect(modelMetadata("claude-opus-3")).toMatchObject({
      basis: "inferred",
      inferredFrom: "claude-3-opus",
    });
  });

  it("falls back to safe defaults for anything else", () => {
    expect(modelMetadata("opus")).toMatchObject({
      ...pick(UNKNOWN_MODEL_DEFAULTS),
      input: ["text", "image"],
      basis: "default",
    });
    expect(modelMetadata("gpt-4o")).toMatchObject({
      ...pick(UNKNOWN_MODEL_DEFAULTS),
      input: ["text"],
      basis: "default",
    });
    expect(modelMetadata("claude-newfamily-1")).toMatchObject({ basis: "default", input: ["text", "image"] });
  });

  it("the safe defaults are within what every known model offers", () => {
    for (const limits of Object.values(KNOWN_MODELS)) {
      expect(UNKNOWN_MODEL_DEFAULTS.contextWindow).toBeLessThanOrEqual(limits.contextWindow);
    }
    expect(UNKNOWN_MODEL_DEFAULTS.reasoning).toBe(false);
  });

  it("every table entry has positive integer limits and max output below the context window", () => {
    for (const [key, limits] of Object.entries(KNOWN_MODELS)) {
      expect(key).toMatch(/^claude-[a-z0-9-]+$/);
      expect(Number.isInteger(limits.contextWindow) && limits.contextWindow > 0).toBe(true);
      expect(Number.isInteger(limits.maxTokens) && limits.maxTokens > 0).toBe(true);
      expect(limits.maxTokens).toBeLessThan(limits.contextWindow);
    }
  });
});

function pick(defaults: typeof UNKNOWN_MODEL_DEFAULTS) {
  return {
    contextWindow: defaults.contextWindow,
    maxTokens: defaults.maxTokens,
    reasoning: defaults.reasoning,
  };
}
