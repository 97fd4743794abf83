/**
 * The request gate when no runtime of this process answers for the address (loaded on first use).
 */
import { setTimeout as sleep } from "node:timers/promises";
import { type ProxyAddress, readProxySettings } from "@proxykit/config-schema";
import { LOG_PREFIX, PLUGIN_ID, PROVIDER_ID } from "./constants.ts";
import { ProxyNotReadyError } from "./errors.ts";
import { addressKey, isServiceProcess, proxyRegistry } from "./proxy-registry.ts";
import { configRefusedHint, SupervisedProxy, WatchedProxy } from "./proxy-runtime.ts";
import type { GateContext } from "./request-gate.ts";
import type { RequestCheck } from "./wire-model-id.ts";

/**
 * - In the Gateway (the service runs here) during a hot reload: waits (at most `waitMs`) for the new
 *   service's supervisor instead of starting a proxy of its own; an address the service does not run is
 *   probed once.
 * - In a CLI process (`openclaw agent --local`), with `autoStart`: starts the proxy on demand with the
 *   same supervision policy (it adopts a healthy proxy already on the port, reclaims an orphan of a killed
 *   Gateway from the pid file) and waits for it (at most `startupTimeoutMs`); the proxy ends with the
 *   process. Without `autoStart`: one health probe, and a refusal that says how to start the proxy.
 */
export async function gateWithoutRuntime(
  check: RequestCheck,
  context: GateContext,
  waitMs: number,
): Promise<void> {
  const {
    plugin,
    pluginConfigError,
    address: configured,
  } = readProxySettings(context.config, {
    pluginId: PLUGIN_ID,
    providerId: PROVIDER_ID,
    source: `plugins.entries.${PLUGIN_ID}.config`,
  });
  const key = addressKey(check.baseUrl) ?? `${configured.host}:${configured.port}`;
  const registry = proxyRegistry();
  const deadline = Date.now() + waitMs;
  const address =
    key === `${configured.host}:${configured.port}` ? configured : addressOf(check.baseUrl, configured);

  if (isServiceProcess()) {
    // The service owns the proxy here. Between the old and the new plugin instance of a reload the
    // registry is briefly empty (or holds the stopping one): wait for the successor.
    for (;;) {
      const entry = registry.get(key);
      if (entry && !entry.stopping)
        return entry.admit({ maxWaitMs: Math.max(0, deadline - Date.now()), signal: check.signal });
      const reloading = entry !== undefined || registry.size === 0;
      if (!reloading) break; // the service runs another address: probe this one below
      if (Date.now() >= deadline) {
        throw new ProxyNotReadyError(
          `${LOG_PREFIX} the proxy at ${address.host}:${address.port} is being restarted with new settings (plugin reload); send the message again in a moment`,
          "stopped",
        );
      }
      check.signal?.throwIfAborted();
      await sleep(50);
    }
    return new WatchedProxy({ address, plugin }).admit({ maxWaitMs: 0, signal: check.signal });
  }

  const existing = registry.get(key);
  if (existing?.stopping) await existing.stopping;
  const again = registry.get(key);
  if (again && !again.stopping) return again.admit({ maxWaitMs: waitMs, signal: check.signal });

  if (pluginConfigError || !plugin.autoStart) {
    // A refused config (invalid, or a non-loopback bind without the opt-out) starts nothing, as in the
    // service: the address is only watched, and a refusal says why.
    if (pluginConfigError)
      context.logger.error(`${LOG_PREFIX} not starting the proxy: ${pluginConfigError.toOneLine()}`);
    const watched = new WatchedProxy({
      address,
      plugin,
      ...(pluginConfigError ? { startHint: configRefusedHint(pluginConfigError) } : {}),
    });
    registry.set(key, watched);
    return watched.admit({ maxWaitMs: 0, signal: check.signal });
  }
  context.logger.info(
    `${LOG_PREFIX} no OpenClaw Gateway supervises the proxy in this process: starting it on demand for this command (it stops when the command ends)`,
  );
  const onDemand = new SupervisedProxy({
    kind: "on-demand",
    address,
    plugin,
    stateDir: context.stateDir(),
    logger: context.logger,
    restartHint: "run the command again (it starts the proxy on demand), or start the OpenClaw Gateway",
  });
  registry.set(key, onDemand);
  onDemand.start();
  return onDemand.admit({ maxWaitMs: plugin.startupTimeoutMs + 2_000, signal: check.signal });
}

function addressOf(baseUrl: string | undefined, fallback: ProxyAddress) {
  if (!baseUrl) return fallback;
  const url = new URL(baseUrl);
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  const port = url.port ? Number(url.port) : url.protocol === "https:" ? 443 : 80;
  return { ...fallback, host, port, baseUrl: `${url.protocol}//${url.host}`, source: "provider" as const };
}
