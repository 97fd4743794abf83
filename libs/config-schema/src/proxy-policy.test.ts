import { describe, expect, it } from "vitest";
import { ConfigError } from "./config-error.ts";
import { parsePluginConfig } from "./plugin-config.ts";
import {
  claudeCliCommand,
  commandNotFoundHint,
  explainProxyProbe,
  explainProxyStatus,
  MERIDIAN_COMMAND,
  manualStartCommand,
  PROXY_HOST_ENV,
  PROXY_PORT_ENV,
  proxyAddressAt,
  proxyBaseUrl,
  proxyBindHost,
  proxyPidFile,
  proxySupervisionOptions,
  readProxySettings,
  resolveProxyAddress,
} from "./proxy-policy.ts";

const provider = (baseUrl: unknown) => ({
  models: { providers: { "anthropic-max-proxy": { baseUrl, models: [] } } },
});
const plugin = (config: object) => ({ plugins: { entries: { "anthropic-max-proxy": { config } } } });

describe("resolveProxyAddress: one address", () => {
  it("defaults, then the plugin's host/port", () => {
    expect(resolveProxyAddress({})).toEqual({
      host: "127.0.0.1",
      port: 3456,
      baseUrl: "http://127.0.0.1:3456",
      source: "defaults",
    });
    expect(resolveProxyAddress(undefined).source).toBe("defaults");
    expect(resolveProxyAddress(plugin({ port: 4567 }))).toEqual({
      host: "127.0.0.1",
      port: 4567,
      baseUrl: "http://127.0.0.1:4567",
      source: "plugin-config",
    });
  });

  it("the provider baseUrl wins; a disagreeing plugin host/port is described with the fix", () => {
    const address = resolveProxyAddress({
      ...provider("http://127.0.0.1:5000/v1"),
      ...plugin({ port: 3456 }),
    });
    expect(address).toMatchObject({ host: "127.0.0.1", port: 5000, baseUrl: "http://127.0.0.1:5000" });
    expect(address.source).toBe("provider");
    expect(address.mismatch).toBe(
      "plugins.entries.anthropic-max-proxy.config has port 3456 but models.providers.anthropic-max-proxy.baseUrl " +
        "is http://127.0.0.1:5000: using http://127.0.0.1:5000 (run `openclaw models auth login --provider " +
        "anthropic-max-proxy` to write both again)",
    );
  });

  it("no mismatch when they agree, also for a wildcard bind host reached through loopback", () => {
    expect(
      resolveProxyAddress({ ...provider("http://localhost:3456"), ...plugin({ host: "localhost" }) })
        .mismatch,
    ).toBe(undefined);
    const agreeing = resolveProxyAddress({
      ...provider("http://localhost:3456/v1"),
      ...plugin({ host: "localhost", port: 3456 }),
    });
    expect(agreeing).toMatchObject({ host: "localhost", port: 3456, baseUrl: "http://localhost:3456" });
    expect(agreeing.mismatch).toBeUndefined();
    const wildcard = resolveProxyAddress({
      ...provider("http://127.0.0.1:3456"),
      ...plugin({ host: "0.0.0.0" }),
    });
    expect(wildcard.mismatch).toBeUndefined();
    expect(resolveProxyAddress(plugin({ host: "0.0.0.0", port: 9000 }))).toMatchObject({
      host: "127.0.0.1",
      baseUrl: "http://127.0.0.1:9000",
    });
  });

  it("IPv6 in brackets; an unusable baseUrl falls back to the plugin config", () => {
    expect(proxyBaseUrl("::1", 3456)).toBe("http://[::1]:3456");
    expect(resolveProxyAddress(provider("http://[::1]:7000"))).toMatchObject({
      host: "::1",
      port: 7000,
      baseUrl: "http://[::1]:7000",
    });
    for (const bad of ["not a url", 42, "ftp://127.0.0.1:21"]) {
      expect(resolveProxyAddress({ ...provider(bad), ...plugin({ port: 4000 }) })).toMatchObject({
        port: 4000,
        source: "plugin-config",
      });
    }
  });

  it("other ids", () => {
    const config = { models: { providers: { mine: { baseUrl: "http://127.0.0.1:1234" } } } };
    expect(resolveProxyAddress(config, { providerId: "mine" }).port).toBe(1234);
  });
});

describe("proxySupervisionOptions", () => {
  it("maps the plugin config onto the supervisor's options, host/port in both variable families", () => {
    const config = parsePluginConfig({
      port: 4000,
      env: { MERIDIAN_MAX_CONCURRENT: "2" },
      autoRestart: false,
    });
    const options = proxySupervisionOptions(config, resolveProxyAddress(plugin({ port: 4000 })), {
      stateDir: "/home/me/.openclaw/",
      credentialsFile: "/home/me/.claude/.credentials.json",
    });
    expect(options).toEqual({
      name: "proxy",
      command: ["bunx", "opencode-claude-max-proxy"],
      host: "127.0.0.1",
      port: 4000,
      hostEnv: PROXY_HOST_ENV,
      portEnv: PROXY_PORT_ENV,
      env: { MERIDIAN_MAX_CONCURRENT: "2" },
      healthUrl: "http://127.0.0.1:4000/health",
      autoRestart: false,
      restartDelayMs: 3000,
      maxRestartDelayMs: 60_000,
      maxCrashes: 5,
      crashWindowMs: 300_000,
      startupTimeoutMs: 60_000,
      stopTimeoutMs: 5000,
      livenessIntervalMs: 10_000,
      livenessFailureThreshold: 3,
      loginHint: "run `claude login`",
      credentialsFile: "/home/me/.claude/.credentials.json",
      pidFile: "/home/me/.openclaw/anthropic-max-proxy/proxy.pid",
    });
    expect(PROXY_HOST_ENV).toEqual(["CLAUDE_PROXY_HOST", "MERIDIAN_HOST"]);
    expect(PROXY_PORT_ENV).toEqual(["CLAUDE_PROXY_PORT", "MERIDIAN_PORT"]);
    // A copy: changing the options never changes the parsed config.
    options.command.push("x");
    expect(config.command).toEqual(["bunx", "opencode-claude-max-proxy"]);
  });

  it("runs the proxy at the provider's address; binds a wildcard host when it maps to that address", () => {
    const config = parsePluginConfig({ port: 3456, healthPath: "/healthz" });
    const options = proxySupervisionOptions(config, resolveProxyAddress(provider("http://127.0.0.1:5000")));
    expect(options).toMatchObject({
      host: "127.0.0.1",
      port: 5000,
      healthUrl: "http://127.0.0.1:5000/healthz",
    });
    expect(options.pidFile).toBeUndefined();
    const open = parsePluginConfig({ host: "0.0.0.0", allowNonLoopback: true });
    expect(proxySupervisionOptions(open, resolveProxyAddress(plugin({ host: "0.0.0.0" })))).toMatchObject({
      host: "0.0.0.0",
      healthUrl: "http://127.0.0.1:3456/health",
    });
  });

  it("pid file path", () => {
    expect(proxyPidFile("/s")).toBe("/s/anthropic-max-proxy/proxy.pid");
    expect(proxyPidFile("/s/", "other")).toBe("/s/other/proxy.pid");
  });
});

describe("readProxySettings: what an openclaw.json says about the proxy", () => {
  it("the parsed plugin config, the plugin entry, the provider entry and the one address", () => {
    const settings = readProxySettings({
      ...provider("http://127.0.0.1:5000"),
      plugins: {
        entries: { "anthropic-max-proxy": { enabled: false, config: { port: 5000, maxCrashes: 2 } } },
      },
    });
    expect(settings.plugin).toEqual(parsePluginConfig({ port: 5000, maxCrashes: 2 }));
    expect(settings.pluginConfigError).toBeUndefined();
    expect(settings.pluginEntryPresent).toBe(true);
    expect(settings.pluginEnabled).toBe(false);
    expect(settings.provider).toEqual({ baseUrl: "http://127.0.0.1:5000", modelIds: [] });
    expect(settings.address).toEqual(resolveProxyAddress(provider("http://127.0.0.1:5000")));
  });

  it("nothing configured: the defaults, no entries", () => {
    for (const config of [
      {},
      undefined,
      { plugins: { entries: { "anthropic-max-proxy": { config: null } } } },
    ]) {
      const settings = readProxySettings(config);
      expect(settings.plugin).toEqual(parsePluginConfig({}));
      expect(settings.pluginConfigError).toBeUndefined();
      expect(settings.provider).toBeUndefined();
      expect(settings.address.source).toBe("defaults");
    }
    expect(readProxySettings({}).pluginEntryPresent).toBe(false);
    expect(readProxySettings({}).pluginEnabled).toBeUndefined();
  });

  it("an invalid plugin config: the defaults apply, the error names the key (and the source when given)", () => {
    const config = {
      ...plugin({ port: 70000, prot: 1 }),
      models: { providers: { "anthropic-max-proxy": { models: [{ id: "a" }, { id: 3 }] } } },
    };
    const settings = readProxySettings(config);
    expect(settings.plugin).toEqual(parsePluginConfig({}));
    expect(settings.pluginConfigError?.issues.map((issue) => issue.path)).toEqual(["port", "prot"]);
    expect(settings.pluginConfigError?.toOneLine()).toMatch(/^invalid plugin config: 2 problems: port: /);
    expect(
      readProxySettings(config, {
        source: "plugins.entries.anthropic-max-proxy.config",
      }).pluginConfigError?.toOneLine(),
    ).toMatch(/^invalid plugin config at plugins\.entries\.anthropic-max-proxy\.config: /);
    // The address is read as written (port 70000 is not a port: the plugin's host/port still count).
    expect(settings.address).toMatchObject({ port: 70000, source: "plugin-config" });
    expect(settings.provider).toEqual({ modelIds: ["a"] });
  });

  it("a config that is not an object of settings is reported, not ignored", () => {
    const settings = readProxySettings(plugin(5 as unknown as object));
    expect(settings.pluginConfigError?.issues[0]?.code).toBe("invalid_type");
  });
});

describe("the proxy listens on loopback unless allowNonLoopback says otherwise", () => {
  const refusal = (config: object) => {
    const settings = readProxySettings(config);
    let thrown: unknown;
    try {
      proxySupervisionOptions(settings.plugin, settings.address);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).toOneLine()).toBe(settings.pluginConfigError?.toOneLine());
    return settings.pluginConfigError as ConfigError;
  };

  it("refuses a provider baseUrl on a LAN address, a host name or the IPv6 wildcard, naming the key and the fix", () => {
    const lan = refusal(provider("http://192.168.1.5:3456/v1"));
    expect(lan.issues.map((issue) => [issue.path, issue.code])).toEqual([
      ["models.providers.anthropic-max-proxy.baseUrl", "not_loopback"],
    ]);
    expect(lan.toOneLine()).toBe(
      "invalid proxy address: 1 problem: models.providers.anthropic-max-proxy.baseUrl: the proxy would listen " +
        "on 192.168.1.5, which is not a loopback address: anyone who reaches it could use the Claude login " +
        'behind it (received "http://192.168.1.5:3456"; fix: use http://127.0.0.1:3456, or set ' +
        "allowNonLoopback: true in plugins.entries.anthropic-max-proxy.config to expose the proxy on purpose)",
    );
    expect(refusal(provider("http://proxy.lan:4000")).toOneLine()).toContain("use http://127.0.0.1:4000");
    expect(refusal(provider("http://[::]:3456")).toOneLine()).toContain("listen on ::,");
    // Other ids are named as given.
    const mine = readProxySettings(
      { models: { providers: { mine: { baseUrl: "http://10.0.0.2:3456" } } } },
      { providerId: "mine", pluginId: "p" },
    ).pluginConfigError;
    expect(mine?.issues[0]?.path).toBe("models.providers.mine.baseUrl");
    expect(mine?.issues[0]?.hint).toContain("plugins.entries.p.config");
  });

  it("a wildcard baseUrl is reached through loopback: the proxy binds loopback, nothing is refused", () => {
    const settings = readProxySettings(provider("http://0.0.0.0:3456"));
    expect(settings.pluginConfigError).toBeUndefined();
    expect(settings.address.mismatch).toBeUndefined();
    expect(proxySupervisionOptions(settings.plugin, settings.address).host).toBe("127.0.0.1");
    expect(proxyBindHost({ host: "::1" }, { host: "::" })).toBe("::1");
  });

  it("with allowNonLoopback the provider's host (or the plugin's wildcard) is bound as configured", () => {
    const open = { ...provider("http://192.168.1.5:3456"), ...plugin({ allowNonLoopback: true }) };
    const settings = readProxySettings(open);
    expect(settings.pluginConfigError).toBeUndefined();
    expect(proxySupervisionOptions(settings.plugin, settings.address).host).toBe("192.168.1.5");
    const wildcard = readProxySettings({
      ...provider("http://0.0.0.0:3456"),
      ...plugin({ host: "0.0.0.0", allowNonLoopback: true }),
    });
    expect(wildcard.pluginConfigError).toBeUndefined();
    expect(wildcard.address.mismatch).toBeUndefined();
    expect(proxySupervisionOptions(wildcard.plugin, wildcard.address).host).toBe("0.0.0.0");
  });

  it("an invalid plugin host never reaches the supervisor through the defaults", () => {
    const settings = readProxySettings(plugin({ host: "192.168.1.5" }));
    expect(settings.pluginConfigError?.issues[0]?.code).toBe("not_loopback");
    expect(() => proxySupervisionOptions(settings.plugin, settings.address)).toThrow(
      /plugins\.entries\.anthropic-max-proxy\.config\.host: the proxy would listen on 192\.168\.1\.5.*fix: set host to 127\.0\.0\.1/s,
    );
  });
});

describe("proxyAddressAt: an address given explicitly", () => {
  it("maps a wildcard bind host to loopback and brackets IPv6", () => {
    expect(proxyAddressAt("0.0.0.0", 4000)).toEqual({
      host: "127.0.0.1",
      port: 4000,
      baseUrl: "http://127.0.0.1:4000",
      source: "plugin-config",
    });
    expect(proxyAddressAt("::1", 4000, "defaults")).toMatchObject({
      baseUrl: "http://[::1]:4000",
      source: "defaults",
    });
  });
});

describe("one supervisor shape for every supervisor of the proxy", () => {
  // The plugin's service (apps/plugin, SupervisedProxy) and the CLI's `run` (apps/cli) both pass
  // readProxySettings(openclaw.json) → proxySupervisionOptions(plugin, address, context) to the supervisor,
  // adding only the injected probe (of `healthUrl`), port inspection and logger. This pins that shape.
  it("from a whole openclaw.json, with port drift, a wildcard bind host and every supervisor key", () => {
    const timings = {
      restartDelayMs: 500,
      maxRestartDelayMs: 8000,
      maxCrashes: 3,
      crashWindowMs: 60_000,
      startupTimeoutMs: 20_000,
      stopTimeoutMs: 2000,
      livenessIntervalMs: 5000,
      livenessFailureThreshold: 2,
    };
    const openclawJson = {
      ...provider("http://127.0.0.1:4100/v1"),
      plugins: {
        entries: {
          "anthropic-max-proxy": {
            enabled: true,
            config: {
              host: "0.0.0.0",
              allowNonLoopback: true,
              port: 4000,
              command: ["npx", "-y", "@rynfar/meridian", "--port={port}"],
              env: { MERIDIAN_MAX_CONCURRENT: "2" },
              healthPath: "/healthz",
              ...timings,
            },
          },
        },
      },
    };
    const { plugin: config, address } = readProxySettings(openclawJson);
    const baseEnv = { PATH: "/usr/bin" };
    const options = proxySupervisionOptions(config, address, {
      stateDir: "/state",
      credentialsFile: "/home/me/.claude/.credentials.json",
      baseEnv,
    });
    expect(Object.keys(options).sort()).toEqual(
      [
        "name",
        "command",
        "host",
        "port",
        "hostEnv",
        "portEnv",
        "env",
        "baseEnv",
        "healthUrl",
        "autoRestart",
        "restartDelayMs",
        "maxRestartDelayMs",
        "maxCrashes",
        "crashWindowMs",
        "startupTimeoutMs",
        "stopTimeoutMs",
        "livenessIntervalMs",
        "livenessFailureThreshold",
        "loginHint",
        "credentialsFile",
        "pidFile",
      ].sort(),
    );
    expect(options).toEqual({
      name: "proxy",
      command: ["npx", "-y", "@rynfar/meridian", "--port={port}"],
      // Requests go to the provider's baseUrl: the proxy runs there (bound to the wildcard that reaches it).
      host: "0.0.0.0",
      port: 4100,
      hostEnv: ["CLAUDE_PROXY_HOST", "MERIDIAN_HOST"],
      portEnv: ["CLAUDE_PROXY_PORT", "MERIDIAN_PORT"],
      env: { MERIDIAN_MAX_CONCURRENT: "2" },
      baseEnv,
      healthUrl: "http://127.0.0.1:4100/healthz",
      autoRestart: true,
      // The restart policy, the crash-loop breaker and the timings, as configured.
      ...timings,
      loginHint: "run `claude login`",
      credentialsFile: "/home/me/.claude/.credentials.json",
      pidFile: "/state/anthropic-max-proxy/proxy.pid",
    });
  });
});

describe("explainProxyStatus: a line with the fix for every state", () => {
  const context = {
    address: { host: "127.0.0.1", port: 3456 },
    command: ["bunx", "opencode-claude-max-proxy"],
    maxCrashes: 5,
    crashWindowMs: 300_000,
    now: 100_000,
  };

  it("ready, adopted and unhealthy let requests through", () => {
    expect(explainProxyStatus({ state: "ready", pid: 42 }, context)).toEqual({
      condition: "ready",
      ready: true,
      transient: false,
      message: "anthropic-max-proxy: proxy at 127.0.0.1:3456 is ready (pid 42)",
    });
    expect(explainProxyStatus({ state: "adopted", adopted: { pid: 7 } }, context)).toMatchObject({
      condition: "adopted",
      ready: true,
    });
    expect(explainProxyStatus({ state: "unhealthy" }, context)).toMatchObject({ ready: true });
  });

  it("starting and restarting are worth a short wait, and say when", () => {
    expect(explainProxyStatus({ state: "starting", since: 96_000 }, context)).toEqual({
      condition: "starting",
      ready: false,
      transient: true,
      message:
        "anthropic-max-proxy: proxy at 127.0.0.1:3456 is starting (for 4 s) and not ready yet; send the message again in a moment",
    });
    expect(
      explainProxyStatus({ state: "restarting", crashesInWindow: 2, nextAttemptAt: 105_400 }, context)
        .message,
    ).toBe("anthropic-max-proxy: proxy at 127.0.0.1:3456 is restarting (crash 2/5); retrying in 6 s");
  });

  it("not logged in names `claude login`", () => {
    const e = explainProxyStatus(
      { state: "needs-login", reason: "not logged in — run `claude login`" },
      context,
    );
    expect(e).toMatchObject({ condition: "not-logged-in", ready: false, transient: false });
    expect(e.message).toContain("Claude is not logged in: run `claude login`");
  });

  it("command not found: the Meridian rename and how to set command", () => {
    const missing = explainProxyStatus(
      {
        state: "failed",
        failureCode: "COMMAND_NOT_FOUND",
        lastExit: { kind: "not-found", exitCode: null, signal: null },
      },
      context,
    );
    expect(missing.condition).toBe("command-not-found");
    expect(missing.message).toBe(
      'anthropic-max-proxy: cannot start the proxy: "bunx" is not installed or not on the PATH of the OpenClaw process. ' +
        "opencode-claude-max-proxy is now published as Meridian (@rynfar/meridian): set " +
        'plugins.entries.anthropic-max-proxy.config.command to ["npx","-y","@rynfar/meridian"] (Node ≥ 22), or ' +
        'install it with `npm install -g @rynfar/meridian` and use ["meridian"]',
    );
    const e404 = explainProxyStatus(
      { state: "failed", failureCode: "COMMAND_NOT_FOUND", lastExit: { kind: "not-found", exitCode: 1 } },
      context,
    );
    expect(e404.message).toContain('["bunx","opencode-claude-max-proxy"] could not find the proxy package');
    expect(commandNotFoundHint(["meridian"], true)).toContain("the proxy is published as Meridian");
    expect(MERIDIAN_COMMAND).toEqual(["npx", "-y", "@rynfar/meridian"]);
  });

  it("port held by someone else: names the program, never its arguments", () => {
    const e = explainProxyStatus(
      { state: "failed", failureCode: "PORT_IN_USE", reason: "port 3456 … in use by pid 4242 (…)" },
      { ...context, portHolder: { pid: 4242, command: "/usr/bin/python3 -m http.server --timeout 3456" } },
    );
    expect(e.condition).toBe("port-in-use");
    expect(e.message).toBe(
      "anthropic-max-proxy: port 3456 on 127.0.0.1 is used by another program (pid 4242, python3) that does not " +
        "answer like the proxy; it was left untouched: stop it, or move the proxy to a free port " +
        "(`openclaw models auth login --provider anthropic-max-proxy`)",
    );
  });

  it("crash loop and autoRestart off say how to start again", () => {
    const loop = explainProxyStatus(
      {
        state: "failed",
        failureCode: "CRASH_LOOP",
        reason: "crash loop: … Last output: ECONNREFUSED timeout",
      },
      context,
    );
    expect(loop.message).toBe(
      "anthropic-max-proxy: proxy at 127.0.0.1:3456 keeps crashing (5 crashes within 300 s) and is no longer " +
        "restarted: read its last output in the OpenClaw log, fix the cause, then restart the OpenClaw Gateway " +
        "(or save plugins.entries.anthropic-max-proxy.config again)",
    );
    const off = explainProxyStatus(
      {
        state: "failed",
        failureCode: "NOT_RESTARTED",
        lastExit: { kind: "crash", exitCode: null, signal: "SIGKILL" },
      },
      { ...context, restartHint: "run `anthropic-max-proxy run` again" },
    );
    expect(off.message).toBe(
      "anthropic-max-proxy: proxy at 127.0.0.1:3456 was killed by SIGKILL and autoRestart is off: run " +
        "`anthropic-max-proxy run` again, or set plugins.entries.anthropic-max-proxy.config.autoRestart to true",
    );
  });

  it("never quotes the proxy's output or the supervisor's free-text reason", () => {
    const noisy = "Last output: ECONNREFUSED socket hang up timeout overloaded 429";
    for (const state of ["ready", "starting", "restarting", "needs-login", "failed", "stopped", "stopping"]) {
      for (const failureCode of [undefined, "CRASH_LOOP", "NOT_RESTARTED", "INTERNAL", "PORT_IN_USE"]) {
        const e = explainProxyStatus({ state, reason: noisy, failureCode }, context);
        expect(e.message).toMatch(/^anthropic-max-proxy: /);
        expect(e.message).not.toMatch(/ECONNREFUSED|hang up|timeout|overloaded|429/);
      }
    }
  });
});

describe("explainProxyProbe and manualStartCommand", () => {
  const context = { address: { host: "127.0.0.1", port: 3456 }, command: ["npx", "-y", "@rynfar/meridian"] };

  it("says how to start a proxy nobody supervises", () => {
    expect(explainProxyProbe({ state: "healthy" }, context)).toMatchObject({
      ready: true,
      condition: "ready",
    });
    expect(explainProxyProbe({ state: "unhealthy", auth: { loggedIn: false } }, context).message).toContain(
      "run `claude login`",
    );
    expect(explainProxyProbe({ state: "unreachable" }, context).message).toBe(
      "anthropic-max-proxy: nothing answers at 127.0.0.1:3456: start the OpenClaw Gateway (it starts and " +
        "supervises the proxy when plugins.entries.anthropic-max-proxy.config.autoStart is true), or start it " +
        "yourself: MERIDIAN_HOST=127.0.0.1 MERIDIAN_PORT=3456 npx -y @rynfar/meridian",
    );
    expect(explainProxyProbe({ state: "timeout" }, { ...context, startHint: "run it" }).message).toBe(
      "anthropic-max-proxy: the proxy at 127.0.0.1:3456 does not answer its health check in time (hung?): restart it, or run it",
    );
    expect(explainProxyProbe({ state: "error" }, { ...context, startHint: "run it" }).message).toBe(
      "anthropic-max-proxy: what listens at 127.0.0.1:3456 does not answer its health check like the proxy: run it",
    );
  });

  it("fills placeholders and quotes what a shell would split", () => {
    expect(manualStartCommand(["node", "/my dir/cli.js", "--port", "{port}"], { host: "::1", port: 9 })).toBe(
      "MERIDIAN_HOST=::1 MERIDIAN_PORT=9 node '/my dir/cli.js' --port 9",
    );
  });
});

describe("claudeCliCommand: the Claude CLI the proxy asks", () => {
  it("is `claude` on PATH, or Meridian's MERIDIAN_CLAUDE_PATH from the plugin env", () => {
    expect(claudeCliCommand(parsePluginConfig({}))).toEqual(["claude"]);
    expect(
      claudeCliCommand(parsePluginConfig({ env: { MERIDIAN_CLAUDE_PATH: "/opt/claude/bin/claude" } })),
    ).toEqual(["/opt/claude/bin/claude"]);
  });
});
