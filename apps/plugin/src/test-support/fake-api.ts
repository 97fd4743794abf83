import type { OpenClawPluginApi } from "openclaw/plugin-sdk/plugin-entry";

/** What a plugin handed to the registrars. */
export interface Registrations {
  providers: Array<Parameters<OpenClawPluginApi["registerProvider"]>[0]>;
  clis: Array<{ registrar: Parameters<OpenClawPluginApi["registerCli"]>[0]; options: unknown }>;
  commands: Array<Parameters<OpenClawPluginApi["registerCommand"]>[0]>;
  services: Array<Parameters<OpenClawPluginApi["registerService"]>[0]>;
  other: string[];
}

/**
 * A stand-in for OpenClaw's `api` object that records registrations. Any registrar not listed is
 * recorded by name in `other`, so a test notices an unexpected registration.
 */
export function fakeApi(overrides: Partial<OpenClawPluginApi> = {}): {
  api: OpenClawPluginApi;
  registrations: Registrations;
} {
  const registrations: Registrations = { providers: [], clis: [], commands: [], services: [], other: [] };
  const known: Partial<OpenClawPluginApi> = {
    id: "anthropic-max-proxy",
    name: "Anthropic Max Proxy",
    source: "test",
    registrationMode: "full",
    config: {},
    pluginConfig: {},
    logger: { info: () => {}, warn: () => {}, error: () => {}, debug: () => {} },
    registerProvider: (provider) => void registrations.providers.push(provider),
    registerCli: (registrar, options) => void registrations.clis.push({ registrar, options }),
    registerCommand: (command) => void registrations.commands.push(command),
    registerService: (service) => void registrations.services.push(service),
    ...overrides,
  };
  const api = new Proxy(known, {
    get(target, property: string) {
      if (property in target) return target[property as keyof typeof target];
      if (property.startsWith("register") || property === "on")
        return () => void registrations.other.push(property);
      return undefined;
    },
  }) as OpenClawPluginApi;
  return { api, registrations };
}
