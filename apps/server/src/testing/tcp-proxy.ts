// A TCP proxy on 127.0.0.1 in front of the test database: closing it makes the database
// unreachable (refused), stalling it makes the database hang (connections stay open, nothing
// is forwarded), as a hung server or a paused network would.
import { connect, createServer, type Server, type Socket } from "node:net";

export class TcpProxy {
  #server: Server | undefined;
  #pairs = new Set<[client: Socket, upstream: Socket]>();
  #stalled = false;
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async open(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(this.targetPort, this.targetHost);
      const pair: [Socket, Socket] = [client, upstream];
      this.#pairs.add(pair);
      for (const socket of pair) {
        socket.on("error", () => {});
        socket.on("close", () => {
          this.#pairs.delete(pair);
          client.destroy();
          upstream.destroy();
        });
      }
      if (!this.#stalled) forward(pair);
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.port, "127.0.0.1", () => resolve());
    });
    const address = server.address();
    if (address && typeof address === "object") this.port = address.port;
    this.#server = server;
  }

  /** Stops forwarding in both directions; connections (old and new) stay open and silent. */
  stall(): void {
    this.#stalled = true;
    for (const [client, upstream] of this.#pairs) {
      client.unpipe(upstream);
      upstream.unpipe(client);
      client.pause();
      upstream.pause();
    }
  }

  /** Forwards again, including what arrived while stalled. */
  resume(): void {
    this.#stalled = false;
    for (const pair of this.#pairs) forward(pair);
  }

  /** Stops listening and cuts every open connection, like a database that went away. */
  async close(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    for (const pair of this.#pairs) for (const socket of pair) socket.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

function forward([client, upstream]: [Socket, Socket]): void {
  client.pipe(upstream);
  upstream.pipe(client);
}
