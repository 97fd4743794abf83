import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import {
  parsePluginConfig,
  pluginConfigJsonSchema,
  pluginConfigSchema,
  providerEntrySchema,
  providerModelEntrySchema,
  toStrictJsonSchema,
} from "./index.ts";
import { isBuilt, lazySchema, unwrapLazy } from "./lazy-schema.ts";

describe("schemas built on first use", () => {
  it("importing the package builds no schema; the first use builds each once", () => {
    // A fresh process: this file's own imports may already have touched them.
    const script = `
      const { isBuilt } = await import(${JSON.stringify(pathToFileURL(join(import.meta.dirname, "lazy-schema.ts")).href)});
      const m = await import(${JSON.stringify(pathToFileURL(join(import.meta.dirname, "index.ts")).href)});
      const seen = [isBuilt(m.pluginConfigSchema), isBuilt(m.providerModelEntrySchema)];
      m.parsePluginConfig({ port: 4000 });
      seen.push(isBuilt(m.pluginConfigSchema), isBuilt(m.providerModelEntrySchema));
      m.safeParseProviderEntry({});
      seen.push(isBuilt(m.providerModelEntrySchema));
      console.log(JSON.stringify(seen));`;
    const out = execFileSync(
      process.execPath,
      ["--conditions=@proxykit/source", "--input-type=module", "-e", script],
      { encoding: "utf8" },
    );
    expect(JSON.parse(out)).toEqual([false, false, true, false, true]);
  });

  it("the exported stand-ins behave like the schemas with zod's functions", () => {
    expect(z.safeParse(pluginConfigSchema, { port: 4000 })).toEqual({
      success: true,
      data: parsePluginConfig({ port: 4000 }),
    });
    expect(z.safeParse(pluginConfigSchema, { host: "example.com" }).success).toBe(false);
    expect(pluginConfigSchema).toBeInstanceOf(z.ZodMiniObject);
    expect(Object.keys(pluginConfigSchema)).toEqual(Object.keys(unwrapLazy(pluginConfigSchema)));
    expect("_zod" in pluginConfigSchema).toBe(true);
    expect(Object.keys(pluginConfigSchema._zod.def.shape)).toContain("allowNonLoopback");
    // The JSON Schema keeps the loopback rule declared on the real schema (registries key by it).
    expect(toStrictJsonSchema(pluginConfigSchema)).toEqual(pluginConfigJsonSchema());
    // Composed into another schema.
    const extended = z.extend(pluginConfigSchema, { extra: z.string() });
    expect(z.safeParse(extended, { extra: "x" })).toMatchObject({
      success: true,
      data: { extra: "x", port: 3456 },
    });
    const model = {
      id: "m",
      name: "M",
      reasoning: false,
      input: ["text"],
      cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
      contextWindow: 1,
      maxTokens: 1,
    };
    expect(z.safeParse(z.array(providerModelEntrySchema), [model])).toEqual({ success: true, data: [model] });
    expect(z.safeParse(providerModelEntrySchema, { ...model, maxTokens: 0 }).success).toBe(false);
    expect(providerEntrySchema).toBeTypeOf("function");
  });

  it("lazySchema builds once, unwrapLazy leaves other values alone", () => {
    let builds = 0;
    const lazy = lazySchema(() => {
      builds++;
      return z.string();
    });
    expect(isBuilt(lazy.schema)).toBe(false);
    expect(builds).toBe(0);
    expect(z.safeParse(lazy.schema, "a").success).toBe(true);
    expect(z.safeParse(lazy.schema, 1).success).toBe(false);
    expect(unwrapLazy(lazy.schema)).toBe(lazy.get());
    expect(isBuilt(lazy.schema)).toBe(true);
    expect(builds).toBe(1);
    const plain = z.number();
    expect(unwrapLazy(plain)).toBe(plain);
    expect(isBuilt(plain)).toBe(true);
  });
});
