// What status and the auth flow need from @proxykit/health (the /health probe, the model list), behind a
// module boundary so the bundler puts it (and only it) in a chunk loaded on first use.
export { listServerModels, probe } from "@proxykit/health";
