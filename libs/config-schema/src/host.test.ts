import { isIPv4, isIPv6 } from "node:net";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import {
  connectHostFor,
  HOST_PATTERN,
  hostForUrl,
  hostName,
  httpBaseUrl,
  isLoopbackHost,
  LOOPBACK_HOST_PATTERN,
  loopbackHost,
  withLoopbackGuard,
} from "./host.ts";
import { toStrictJsonSchema } from "./json-schema.ts";
import { ajvValidator } from "./test-support/validators.ts";

describe("isLoopbackHost", () => {
  it.each([
    "127.0.0.1",
    "127.0.0.0",
    "127.255.255.255",
    "127.10.20.30",
    "localhost",
    "::1",
    "0:0:0:0:0:0:0:1",
  ])("%s is loopback", (host) => {
    expect(isLoopbackHost(host)).toBe(true);
    expect(z.safeParse(loopbackHost(), host).success).toBe(true);
  });

  it.each([
    "0.0.0.0",
    "::",
    "128.0.0.1",
    "126.0.0.1",
    "127.0.0.256",
    "127.0.1",
    "127.1",
    "[::1]",
    "::2",
    "LOCALHOST",
    "localhost.",
    "localhost:80",
    "10.0.0.1",
    "",
  ])("%s is not", (host) => {
    expect(isLoopbackHost(host)).toBe(false);
    expect(z.safeParse(loopbackHost(), host).success).toBe(false);
  });

  it("agrees with node:net about which dotted quads starting with 127 are addresses", () => {
    fc.assert(
      fc.property(fc.tuple(fc.nat(300), fc.nat(300), fc.nat(300)), ([a, b, c]) => {
        const host = `127.${a}.${b}.${c}`;
        expect(isLoopbackHost(host)).toBe(isIPv4(host));
      }),
    );
  });
});

describe("HOST_PATTERN", () => {
  it("matches exactly the IPv6 addresses node:net accepts (without an IPv4 tail or zone)", () => {
    const ipv6ish = fc.string({
      unit: fc.constantFrom("0", "1", "a", "F", "ffff", ":", ":", "::"),
      maxLength: 14,
    });
    fc.assert(
      fc.property(
        ipv6ish.filter((text) => text.includes(":")),
        (text) => {
          expect(HOST_PATTERN.test(text)).toBe(isIPv6(text));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("matches exactly the IPv4 addresses node:net accepts among digits-and-dots strings", () => {
    const dotted = fc.string({
      unit: fc.constantFrom("0", "1", "2", "5", "9", "25", "255", "256", "."),
      maxLength: 16,
    });
    fc.assert(
      fc.property(dotted, (text) => {
        expect(HOST_PATTERN.test(text)).toBe(isIPv4(text));
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    "localhost",
    "example.com",
    "proxy.internal",
    "a",
    "a-b.c-d.e",
    "xn--bcher-kva.example",
    "1password.com",
    `${"a".repeat(63)}.com`,
  ])("accepts the host name %s", (host) => expect(z.safeParse(hostName(), host).success).toBe(true));

  it.each([
    "",
    "-a.com",
    "a-.com",
    "a..b",
    ".a",
    "a.",
    "a b",
    "a_b.com",
    "http://a",
    "a:80",
    `${"a".repeat(64)}.com`,
    `${"a.".repeat(127)}a`,
    "123",
    "1.2.3",
    "bücher.de",
  ])("refuses %s", (host) => expect(z.safeParse(hostName(), host).success).toBe(false));

  it("accepts a 253-character name and refuses 254", () => {
    const name = (length: number) => `${`${"a".repeat(61)}.`.repeat(5).slice(0, length - 1)}b`;
    expect(name(253)).toHaveLength(253);
    expect(HOST_PATTERN.test(name(253))).toBe(true);
    expect(HOST_PATTERN.test(name(254))).toBe(false);
  });
});

describe("URLs", () => {
  it.each([
    ["127.0.0.1", 3456, "http://127.0.0.1:3456"],
    ["localhost", 80, "http://localhost:80"],
    ["::1", 3456, "http://[::1]:3456"],
    ["0.0.0.0", 3456, "http://127.0.0.1:3456"],
    ["::", 3456, "http://[::1]:3456"],
    ["fe80::1", 1, "http://[fe80::1]:1"],
    ["proxy.example.com", 8443, "http://proxy.example.com:8443"],
  ])("httpBaseUrl(%s, %i) is %s, and Node's URL parser agrees", (host, port, url) => {
    expect(httpBaseUrl(host, port)).toBe(url);
    expect(new URL(url).port === "" ? 80 : Number(new URL(url).port)).toBe(port);
  });

  it("hostForUrl brackets IPv6 once", () => {
    expect(hostForUrl("::1")).toBe("[::1]");
    expect(hostForUrl("[::1]")).toBe("[::1]");
    expect(hostForUrl("127.0.0.1")).toBe("127.0.0.1");
  });

  it("connectHostFor maps only the wildcard addresses", () => {
    expect(connectHostFor("0.0.0.0")).toBe("127.0.0.1");
    expect(connectHostFor("::")).toBe("::1");
    expect(connectHostFor("0:0:0:0:0:0:0:0")).toBe("::1");
    expect(connectHostFor("192.168.1.2")).toBe("192.168.1.2");
  });
});

describe("withLoopbackGuard on your own schema", () => {
  const schema = withLoopbackGuard(
    z.strictObject({ listen: z._default(hostName(), "127.0.0.1"), public: z._default(z.boolean(), false) }),
    { hostKey: "listen", optOutKey: "public" },
  );
  const ajv = ajvValidator(toStrictJsonSchema(schema));

  it.each([
    [{}, true],
    [{ listen: "::1" }, true],
    [{ listen: "0.0.0.0" }, false],
    [{ listen: "0.0.0.0", public: false }, false],
    [{ listen: "0.0.0.0", public: true }, true],
    [{ listen: "not a host", public: true }, false],
  ])("%j → %s in zod and in the JSON Schema", (input, valid) => {
    const result = z.safeParse(schema, input);
    expect(result.success).toBe(valid);
    expect(ajv(input)).toBe(valid);
    if (!result.success && (input as { listen?: string }).listen === "0.0.0.0") {
      expect(result.error.issues[0]).toMatchObject({
        path: ["listen"],
        params: { configCode: "not_loopback" },
      });
    }
  });

  it("LOOPBACK_HOST_PATTERN is what the JSON Schema uses", () => {
    expect(JSON.stringify(toStrictJsonSchema(schema))).toContain(
      JSON.stringify(LOOPBACK_HOST_PATTERN.source),
    );
  });
});
