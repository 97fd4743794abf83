import { describe, expect, it } from "vitest";
import { formatBaseUrl, resolveProxyAddress } from "./proxy-address.ts";

const provider = (baseUrl: string) => ({
  models: { providers: { "anthropic-max-proxy": { baseUrl, models: [] } } },
});
const plugin = (config: object) => ({ plugins: { entries: { "anthropic-max-proxy": { config } } } });

describe("resolveProxyAddress", () => {
  it("uses the defaults when nothing is configured", () => {
    expect(resolveProxyAddress({})).toEqual({
      host: "127.0.0.1",
      port: 3456,
      baseUrl: "http://127.0.0.1:3456",
      source: "defaults",
    });
  });

  it("uses the plugin's host and port when there is no provider entry", () => {
    expect(resolveProxyAddress(plugin({ port: 4567 }) as never)).toMatchObject({
      port: 4567,
      baseUrl: "http://127.0.0.1:4567",
      source: "plugin-config",
    });
  });

  it("lets the provider baseUrl win and reports a disagreeing plugin port", () => {
    const address = resolveProxyAddress({
      ...provider("http://127.0.0.1:5000/"),
      ...plugin({ port: 3456 }),
    } as never);
    expect(address).toMatchObject({ host: "127.0.0.1", port: 5000, source: "provider" });
    expect(address.mismatch).toMatch(
      /port 3456 .*baseUrl is http:\/\/127\.0\.0\.1:5000: using http:\/\/127\.0\.0\.1:5000/,
    );
  });

  it("reports no mismatch when both agree", () => {
    const address = resolveProxyAddress({
      ...provider("http://localhost:3456/v1"),
      ...plugin({ host: "localhost", port: 3456 }),
    } as never);
    expect(address).toMatchObject({ host: "localhost", port: 3456, baseUrl: "http://localhost:3456" });
    expect(address.mismatch).toBeUndefined();
  });

  it("brackets IPv6 literals", () => {
    expect(formatBaseUrl("::1", 3456)).toBe("http://[::1]:3456");
    expect(resolveProxyAddress(provider("http://[::1]:7000") as never)).toMatchObject({
      host: "::1",
      port: 7000,
    });
  });
});
