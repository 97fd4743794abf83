import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fakeProxy, hasAnsi, testHome } from "./test-support/fixtures.ts";
import { KEY, startCliInPty } from "./test-support/pty.ts";

describe("setup on a terminal", () => {
  it("asks host, port and model ids with the plugin's defaults, refuses bad input and asks again, shows the change, writes on yes", async () => {
    const home = testHome();
    const { NO_COLOR: _off, ...env } = home.env;
    const cli = startCliInPty(["setup", "--no-install-plugin"], env);
    await cli.waitFor(/Proxy host[\s\S]*127\.0\.0\.1/);
    cli.type(KEY.enter);
    await cli.waitFor(/Proxy port[\s\S]*3456/);
    // A bad port is refused with config-schema's message; the prompt stays.
    cli.type(`${KEY.erase}70000${KEY.enter}`);
    await cli.waitFor(/65535/);
    cli.type(`${KEY.erase}4222${KEY.enter}`);
    await cli.waitFor(/Model IDs[\s\S]*claude-opus-4\.6, claude-sonnet-4\.5, claude-3\.7-sonnet/);
    cli.type(KEY.enter);
    await cli.waitFor(/Write these changes/);
    expect(cli.text()).toContain("+ models");
    cli.type(KEY.enter);
    expect(await cli.exited).toBe(0);
    const config = home.readConfig();
    expect(config.models.providers["anthropic-max-proxy"].baseUrl).toBe("http://127.0.0.1:4222");
    expect(config.agents.defaults.model.primary).toBe("anthropic-max-proxy/claude-opus-4.6");
    // Colours on a terminal.
    expect(hasAnsi(cli.raw())).toBe(true);
  });

  it("offers the models a running proxy lists", async () => {
    const home = testHome();
    const proxy = await fakeProxy();
    const cli = startCliInPty(["setup", "--no-install-plugin", "--port", String(proxy.port)], home.env);
    await cli.waitFor(/Proxy host/);
    cli.type(KEY.enter);
    await cli.waitFor(/The proxy lists \d+ models/);
    expect(cli.text()).toContain("claude-opus-4-6");
    cli.type("\x1b[B"); // down: the proxy's list
    cli.type(KEY.enter);
    await cli.waitFor(/Model IDs[\s\S]*claude-sonnet-4-6/);
    cli.type(KEY.enter);
    await cli.waitFor(/Write these changes/);
    cli.type(KEY.enter);
    expect(await cli.exited).toBe(0);
    expect(home.readConfig().agents.defaults.model.primary).toMatch(/^anthropic-max-proxy\/claude-/);
  });

  it("Ctrl-C at a prompt writes nothing", async () => {
    const home = testHome();
    const cli = startCliInPty(["setup", "--no-install-plugin"], home.env);
    await cli.waitFor(/Proxy host/);
    cli.type("\x03");
    expect(await cli.exited).toBe(1);
    expect(cli.text()).toMatch(/nothing was written/i);
  });

  it("a refused --host is a usage error (exit 2) before any prompt, as without a terminal", async () => {
    const home = testHome();
    const cli = startCliInPty(["setup", "--no-install-plugin", "--host", "192.0.2.1"], home.env);
    expect(await cli.exited).toBe(2);
    expect(cli.text()).toMatch(/--host: .*loopback/i);
    expect(cli.text()).not.toContain("Proxy port");
    expect(existsSync(home.configPath)).toBe(false);
  });
});
