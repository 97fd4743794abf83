// The "Compose your own schema" example of the README, kept runnable.
import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import {
  argvCommand,
  configErrorFromZod,
  envRecord,
  expandArgv,
  hostName,
  modelList,
  port,
  restartPolicyShape,
  toStrictJsonSchema,
  withDescription,
  withLoopbackGuard,
} from "./index.ts";
import { ajvValidator } from "./test-support/validators.ts";

// --- README example starts ---
const myPluginConfig = withLoopbackGuard(
  z.strictObject({
    host: z._default(hostName(), "127.0.0.1"),
    port: withDescription(z._default(port(), 8080), { description: "Port of my local server." }),
    command: z._default(argvCommand({ placeholders: ["port", "dataDir"] }), () => [
      "my-server",
      "--port={port}",
    ]),
    models: z._default(modelList(), () => ["my-model"]),
    env: z._default(envRecord({ reserved: ["MY_SERVER_PORT"] }), () => ({})),
    exposed: z._default(z.boolean(), false),
    ...restartPolicyShape({ restartDelayMs: 1000 }),
  }),
  { hostKey: "host", optOutKey: "exposed" },
);

function parseMyConfig(input: unknown) {
  const result = z.safeParse(myPluginConfig, input ?? {}, { reportInput: true });
  if (!result.success) {
    throw configErrorFromZod(result.error, input, {
      subject: "my-plugin config",
      docs: { port: { rule: "an integer from 1 to 65535", fix: 'set "port" to a free port, e.g. 8080' } },
    });
  }
  return result.data;
}

const manifestConfigSchema = toStrictJsonSchema(myPluginConfig); // → openclaw.plugin.json "configSchema"
// --- README example ends ---

describe("a plugin composing its own schema from the building blocks", () => {
  it("parses with its own defaults", () => {
    const config = parseMyConfig({ models: "a, b" });
    expect(config).toMatchObject({
      host: "127.0.0.1",
      port: 8080,
      models: ["a", "b"],
      restartDelayMs: 1000,
      maxCrashes: 5,
    });
    expect(expandArgv(config.command, { host: config.host, port: config.port })).toEqual([
      "my-server",
      "--port=8080",
    ]);
  });

  it("reports problems with the shared wording", () => {
    expect(() =>
      parseMyConfig({ host: "0.0.0.0", port: 0, command: ["x", "{host}"], env: { MY_SERVER_PORT: "1" } }),
    ).toThrow(
      /invalid my-plugin config: 4 problems[\s\S]*port: must be an integer from 1 to 65535[\s\S]*unknown placeholder \{host\}[\s\S]*"MY_SERVER_PORT" cannot be set here/,
    );
  });

  it("gets a JSON Schema that agrees with zod", () => {
    const ajv = ajvValidator(manifestConfigSchema);
    for (const input of [
      {},
      { host: "0.0.0.0" },
      { host: "0.0.0.0", exposed: true },
      { command: ["x", "{dataDir}"] },
      { command: ["x", "{host}"] },
      { models: "a,a" },
      { extra: 1 },
    ]) {
      expect(ajv(input)).toBe(z.safeParse(myPluginConfig, input).success);
    }
    expect(manifestConfigSchema).toMatchObject({
      properties: {
        port: { default: 8080, description: "Port of my local server." },
        restartDelayMs: { default: 1000 },
      },
    });
  });
});
