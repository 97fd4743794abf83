// The one thing status needs from @proxykit/health, behind a module boundary so the bundler puts it (and
// only it) in a chunk loaded on first use.
export { probe } from "@proxykit/health";
