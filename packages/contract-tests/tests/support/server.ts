import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEMO_API_KEY, startServer } from "@refattaches/server";

export interface TestServer {
  /** Base URL including /api/v1. */
  url: string;
  close(): Promise<void>;
}

/** The key pair the checks use: the demo pair every fresh server accepts. */
export const KEY = {
  developerKey: DEMO_API_KEY.developerKey,
  customerKey: DEMO_API_KEY.customerKey,
};

/** This repo's server on a real socket, over a fresh SQLite database filled with the demo data. */
export async function startFreshServer(): Promise<TestServer> {
  const dir = await mkdtemp(join(tmpdir(), "contract-tests-"));
  const server = await startServer({
    port: 0,
    databaseUrl: `sqlite:${join(dir, "refattaches.sqlite")}`,
    demoData: true,
    // The checker reports every request itself; the server's request log would double it.
    log: () => {},
  });
  return {
    url: server.url,
    async close() {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
