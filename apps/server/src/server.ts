import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { API_BASE_PATH, createApp } from "./app.js";
import { DEMO_API_KEY } from "./config.js";
import type { ApiKeyPair } from "./http/auth.js";
import type { Logger } from "./logger.js";
import type { MysqlSettings } from "./store/mysql.js";
import { DEFAULT_DATABASE_URL, openStore } from "./store/open.js";

export interface StartServerOptions {
  /** 0 picks a free port. Default 3000. */
  port?: number;
  host?: string;
  databaseUrl?: string;
  /** Default: the demo key pair. */
  apiKeys?: readonly ApiKeyPair[];
  /** Fill a newly created database with the demo set. Default true. */
  demoData?: boolean;
  /** Request and error lines; default: none. */
  logger?: Logger;
  /** Header trusted to carry the caller's request id; unset: ids are always generated. */
  requestIdHeader?: string | undefined;
  /** MySQL/MariaDB pool and locking settings; default DEFAULT_MYSQL_SETTINGS. */
  mysql?: MysqlSettings;
}

export interface RunningServer {
  /** Base URL of the API, including /api/v1. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Opens the store and serves the app on a real socket. */
export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const host = options.host ?? "127.0.0.1";
  const store = await openStore(options.databaseUrl ?? DEFAULT_DATABASE_URL, {
    demoData: options.demoData ?? true,
    ...(options.mysql && { mysql: options.mysql }),
    ...(options.logger && { logger: options.logger }),
  });
  const app = createApp({
    store,
    apiKeys: options.apiKeys ?? [DEMO_API_KEY],
    ...(options.logger && { logger: options.logger }),
    trustedRequestIdHeader: options.requestIdHeader,
  });
  try {
    const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>(
      (resolve, reject) => {
        const server = serve(
          { fetch: app.fetch, port: options.port ?? 3000, hostname: host },
          (info: AddressInfo) => resolve({ server, port: info.port }),
        );
        server.once("error", reject);
      },
    );
    const urlHost = host.includes(":") ? `[${host}]` : host;
    return {
      url: `http://${urlHost}:${port}${API_BASE_PATH}`,
      port,
      async close() {
        await new Promise<void>((resolve, reject) =>
          server.close((error) => (error ? reject(error) : resolve())),
        );
        await store.close();
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}
