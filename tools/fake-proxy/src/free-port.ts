/** A port nobody listens on right now, picked by the OS. */
import { createServer } from "node:net";

/** Asks the OS for a free TCP port on `host` (default 127.0.0.1), then releases it for the caller. */
export function getFreePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === "object") resolve(address.port);
        else reject(new Error("could not read the port the OS picked"));
      });
    });
  });
}
