// The checker's own webhook receiver, on 127.0.0.1: creating a subscription makes a deployment
// send its changes to EndPointUrl, so the checker points it here rather than anywhere else. It
// answers every delivery 204 at once and keeps nothing of them: deliveries may hold patient
// data.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface DeliveryReceiver {
  /** `http://127.0.0.1:PORT/contract-check`. */
  url: string;
  close(): Promise<void>;
}

export async function startDeliveryReceiver(): Promise<DeliveryReceiver> {
  const server = createServer((request, response) => {
    request.resume();
    request.on("end", () => response.writeHead(204).end());
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/contract-check`,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
