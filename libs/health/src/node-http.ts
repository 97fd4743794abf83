/**
 * `node:http` and `node:https`, loaded through `require` on first use.
 *
 * An ESM `import http from "node:http"` makes Node build the built-in's module namespace, which reads every
 * export — among them the lazy getters `WebSocket`, `CloseEvent` and `MessageEvent`, which load undici
 * (and http2): ~20–50 ms of every import of this package on Node 24, for nothing it uses. `require`
 * returns the CommonJS exports object without touching those getters. `node:https` (TLS) is loaded only
 * when an `https:` URL is probed.
 */
import type * as Http from "node:http";
import type * as Https from "node:https";
import { createRequire } from "node:module";

const nodeRequire = createRequire(import.meta.url);
let httpModule: typeof Http | undefined;
let httpsModule: typeof Https | undefined;

/** `node:http`, without its ESM namespace (no undici). */
export function nodeHttp(): typeof Http {
  httpModule ??= nodeRequire("node:http") as typeof Http;
  return httpModule;
}

/** `node:https`, without its ESM namespace, loaded on first use. */
export function nodeHttps(): typeof Https {
  httpsModule ??= nodeRequire("node:https") as typeof Https;
  return httpsModule;
}

/** The module for a URL's protocol (`https:` → `node:https`, anything else → `node:http`). */
export function transportFor(protocol: string): typeof Http | typeof Https {
  return protocol === "https:" ? nodeHttps() : nodeHttp();
}
