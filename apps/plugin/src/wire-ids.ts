// config-schema's id mapping behind a module boundary: the stream wrapper loads it on the first request,
// so the Gateway does not compile the config schemas when it loads the plugin.
export { toWireModelId } from "@proxykit/config-schema";
