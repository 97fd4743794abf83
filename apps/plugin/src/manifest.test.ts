import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pluginConfigJsonSchema, pluginConfigUiHints } from "@proxykit/config-schema";
import { describe, expect, it } from "vitest";
import { buildManifest } from "./manifest.ts";

const manifest = buildManifest({
  version: "1.2.3",
  configSchema: pluginConfigJsonSchema(),
  uiHints: pluginConfigUiHints,
});

describe("openclaw.plugin.json", () => {
  it("declares the provider, its auth choice, start-up activation, the CLI root and the slash command", () => {
    expect(manifest).toMatchObject({
      id: "anthropic-max-proxy",
      name: "Anthropic Max Proxy",
      version: "1.2.3",
      providers: ["anthropic-max-proxy"],
      activation: { onStartup: true },
      providerAuthChoices: [
        { provider: "anthropic-max-proxy", method: "local", choiceId: "anthropic-max-proxy" },
      ],
      cliCommands: [{ name: "anthropic-max-proxy", hasSubcommands: true }],
      commandAliases: [{ name: "maxproxy", kind: "runtime-slash", cliCommand: "anthropic-max-proxy" }],
    });
  });

  it("takes configSchema from config-schema, strict, with a uiHint for every key", () => {
    const schema = manifest.configSchema as {
      additionalProperties: boolean;
      properties: Record<string, unknown>;
    };
    expect(schema).toEqual(pluginConfigJsonSchema());
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(manifest.uiHints).sort()).toEqual(Object.keys(schema.properties).sort());
    for (const hint of Object.values(manifest.uiHints as Record<string, { label?: string; help?: string }>)) {
      expect(hint.label).toBeTruthy();
      expect(hint.help).toBeTruthy();
    }
  });

  it("matches the schema config-schema commits (libs/config-schema/plugin-config.schema.json)", () => {
    const committed = join(import.meta.dirname, "../../../libs/config-schema/plugin-config.schema.json");
    expect(existsSync(committed)).toBe(true);
    expect(manifest.configSchema).toEqual(JSON.parse(readFileSync(committed, "utf8")));
  });
});
