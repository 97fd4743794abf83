import * as z from "zod/mini";
import { type JsonSchema, withJsonSchema } from "./json-schema.ts";

// Every pattern below is ASCII-only and written so that JavaScript's RegExp gives the same answer with
// and without the `u` flag: JSON Schema validators (ajv, OpenClaw's TypeBox) compile patterns with `u`.

const OCTET = "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
const IPV4 = `${OCTET}(?:\\.${OCTET}){3}`;
const H16 = "[0-9A-Fa-f]{1,4}";
// RFC 4291 text forms without an embedded IPv4 tail or a zone id (neither is a sensible bind address here).
const IPV6 = [
  `(?:${H16}:){7}${H16}`,
  `(?:${H16}:){1,7}:`,
  `(?:${H16}:){1,6}:${H16}`,
  `(?:${H16}:){1,5}(?::${H16}){1,2}`,
  `(?:${H16}:){1,4}(?::${H16}){1,3}`,
  `(?:${H16}:){1,3}(?::${H16}){1,4}`,
  `(?:${H16}:){1,2}(?::${H16}){1,5}`,
  `${H16}:(?::${H16}){1,6}`,
  `:(?:(?::${H16}){1,7}|:)`,
].join("|");
// RFC 1123 host name, at most 253 characters; a name made only of digits and dots is refused: it is a
// mistyped IPv4 address (`127.0.0.256`, `127.1`), not a name.
const LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
const HOSTNAME = `(?=[A-Za-z0-9.-]{1,253}$)(?![0-9.]*$)(?:${LABEL}\\.)*${LABEL}`;

/** A host name (RFC 1123), an IPv4 address or an IPv6 address (no brackets, no zone id). */
export const HOST_PATTERN: RegExp = new RegExp(`^(?:${IPV4}|${IPV6}|${HOSTNAME})$`);

/** `localhost`, any address in 127.0.0.0/8, or the IPv6 loopback `::1` (also written `0:0:0:0:0:0:0:1`). */
export const LOOPBACK_HOST_PATTERN: RegExp = new RegExp(
  `^(?:localhost|127(?:\\.${OCTET}){3}|::1|0:0:0:0:0:0:0:1)$`,
);

/** True when `host` is a loopback host: reachable only from this machine. */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOST_PATTERN.test(host);
}

/** True when `host` is an IPv6 address (and therefore needs brackets in a URL). */
export function isIpv6Host(host: string): boolean {
  return host.includes(":");
}

/** The host as written in a URL: IPv6 addresses get brackets (`::1` → `[::1]`). */
export function hostForUrl(host: string): string {
  return isIpv6Host(host) && !host.startsWith("[") ? `[${host}]` : host;
}

/**
 * The address a client should connect to for a server bound to `bindHost`: the wildcard addresses
 * `0.0.0.0` and `::` (listen on every interface) are reached through loopback.
 */
export function connectHostFor(bindHost: string): string {
  if (bindHost === "0.0.0.0") return "127.0.0.1";
  if (bindHost === "::" || bindHost === "0:0:0:0:0:0:0:0") return "::1";
  return bindHost;
}

/** `http://<host>:<port>` with IPv6 hosts bracketed and wildcard bind addresses mapped to loopback. */
export function httpBaseUrl(host: string, port: number): string {
  return `http://${hostForUrl(connectHostFor(host))}:${port}`;
}

/** Schema: any host name, IPv4 or IPv6 address (see `HOST_PATTERN`). */
export function hostName(): z.ZodMiniString<string> {
  return z.string().check(z.minLength(1), z.regex(HOST_PATTERN));
}

/** Schema: a loopback host only (see `LOOPBACK_HOST_PATTERN`). */
export function loopbackHost(): z.ZodMiniString<string> {
  return z.string().check(z.minLength(1), z.regex(LOOPBACK_HOST_PATTERN));
}

/** Names the two keys of an object schema that `withLoopbackGuard` ties together. */
export interface LoopbackGuardKeys {
  /** The key holding the host (default `"host"`). */
  hostKey?: string;
  /** The boolean key that, when `true`, allows a non-loopback host (default `"allowNonLoopback"`). */
  optOutKey?: string;
}

/**
 * Adds the rule "the host must be loopback unless the opt-out key is `true`" to an object schema,
 * both as a zod check (issue on the host key, `params.configCode = "not_loopback"`) and as the JSON
 * Schema `if`/`else` that expresses it. The host key itself should use `hostName()`.
 */
export function withLoopbackGuard<T extends z.ZodMiniObject>(schema: T, keys: LoopbackGuardKeys = {}): T {
  const hostKey = keys.hostKey ?? "host";
  const optOutKey = keys.optOutKey ?? "allowNonLoopback";
  const guarded = schema.check(
    z.refine(
      (value: Record<string, unknown>) => {
        if (typeof value !== "object" || value === null) return true;
        const host = value[hostKey];
        return value[optOutKey] === true || typeof host !== "string" || isLoopbackHost(host);
      },
      {
        path: [hostKey],
        params: { configCode: "not_loopback", optOutKey },
        // Run even when other keys have problems, so every problem is reported at once.
        when: () => true,
      },
    ),
  ) as T;
  const guard: JsonSchema = {
    if: { properties: { [optOutKey]: { const: true } }, required: [optOutKey] },
    else: { properties: { [hostKey]: { type: "string", pattern: LOOPBACK_HOST_PATTERN.source } } },
  };
  return withJsonSchema(guarded, { allOf: [guard] });
}
