import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { API_BASE_PATH, createApp } from "./app.js";
import { DEMO_API_KEY, defaultConfig, type WebhookSettings } from "./config.js";
import { DeliveryLoop } from "./events/loop.js";
import type { DeliveryTuning } from "./events/tuning.js";
import type { ApiKeyPair } from "./http/auth.js";
import { explainClientErrors } from "./http/client-errors.js";
import type { ApiLimits } from "./http/limits.js";
import { type Logger, silentLogger } from "./logger.js";
import type { MysqlSettings } from "./store/mysql/settings.js";
import { openStore } from "./store/open.js";
import type { Timeouts } from "./timeouts.js";
import type { Resolve } from "./webhooks/endpoint-url.js";

/** What is left out is the configuration's default (defaultConfig()). */
export interface StartServerOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  databaseUrl?: string;
  /** Default: the demo key pair. */
  apiKeys?: readonly ApiKeyPair[];
  /** Fill a newly created database with the demo set. */
  demoData?: boolean;
  /** Request and error lines; default: none. */
  logger?: Logger;
  /** Header trusted to carry the caller's request id; unset: ids are always generated. */
  requestIdHeader?: string | undefined;
  /** MySQL/MariaDB pool and locking settings. */
  mysql?: MysqlSettings;
  /** Largest request body in bytes. */
  bodyLimit?: number;
  timeouts?: Partial<Timeouts>;
  /** SQLite files up to this size get `PRAGMA quick_check` when opened; 0: never. */
  sqliteQuickCheckMaxMb?: number;
  /** Page size, auth failure and rate limits. */
  limits?: Partial<ApiLimits>;
  /** NODE_ENV is production (subscriptions then deliver to https:// only). */
  production?: boolean;
  /** Change events: what the deployment allows, and (tests only) faster pacing. */
  webhooks?: Partial<WebhookSettings> & {
    /** Tests only: shorter poll interval, lease, deadline, retry schedule... */
    tuning?: Partial<DeliveryTuning>;
    /** Tests only: how EndPointUrl host names resolve. */
    resolve?: Resolve;
  };
}

export interface RunningServer {
  /** Base URL of the API, including /api/v1. */
  url: string;
  /** The server's root (`http://host:port`), where the probes and the API reference are. */
  origin: string;
  port: number;
  /**
   * Stops listening and delivering change events, lets requests and deliveries in flight
   * finish for up to `drainMs` (default: the shutdown timeout), then cuts the connections still
   * open and the deliveries still running, and closes the database.
   */
  close(drainMs?: number): Promise<{ cutConnections: boolean }>;
}

/** Opens the store and serves the app on a real socket. */
export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const defaults = defaultConfig();
  const host = options.host ?? defaults.host;
  const timeouts = { ...defaults.timeouts, ...options.timeouts };
  const store = await openStore(options.databaseUrl ?? defaults.databaseUrl, {
    demoData: options.demoData ?? defaults.demoData,
    mysql: options.mysql ?? defaults.mysql,
    sqliteQuickCheckMaxMb: options.sqliteQuickCheckMaxMb ?? defaults.sqliteQuickCheckMaxMb,
    logger: options.logger,
  });
  const production = options.production ?? defaults.production;
  const allowPrivateUrls = options.webhooks?.allowPrivateUrls ?? defaults.webhooks.allowPrivateUrls;
  const resolve = options.webhooks?.resolve;
  const app = createApp({
    store,
    endPointUrl: { production, allowPrivate: allowPrivateUrls },
    ...(resolve && { resolve }),
    apiKeys: options.apiKeys ?? [DEMO_API_KEY],
    ...(options.logger && { logger: options.logger }),
    trustedRequestIdHeader: options.requestIdHeader,
    ...(options.bodyLimit !== undefined && { bodyLimit: options.bodyLimit }),
    ...(options.limits && { limits: options.limits }),
  });
  try {
    const { server, port } = await new Promise<{ server: Server; port: number }>(
      (resolve, reject) => {
        const server = serve(
          {
            fetch: app.fetch,
            port: options.port ?? defaults.port,
            hostname: host,
            serverOptions: {
              headersTimeout: timeouts.headersMs,
              requestTimeout: timeouts.requestMs,
              // Node checks the two timeouts above only this often (default 30 s).
              connectionsCheckingInterval: 1000,
            },
          },
          (info: AddressInfo) => resolve({ server, port: info.port }),
        ) as Server;
        server.once("error", reject);
      },
    );
    explainClientErrors(server, timeouts.requestMs);
    const deliveries =
      store.changeEvents &&
      new DeliveryLoop(store.changeEvents, {
        logger: options.logger ?? silentLogger(),
        production,
        allowPrivateUrls,
        ...(options.webhooks?.tuning && { tuning: options.webhooks.tuning }),
        ...(resolve && { resolve }),
      });
    deliveries?.start();
    const urlHost = host.includes(":") ? `[${host}]` : host;
    const origin = `http://${urlHost}:${port}`;
    return {
      url: `${origin}${API_BASE_PATH}`,
      origin,
      port,
      async close(drainMs = timeouts.shutdownMs) {
        let cutConnections = false;
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        // close() ends the connections idle at that moment; a busy one goes idle once its
        // response is sent, and must not then be kept alive for another request.
        const idle = setInterval(() => server.closeIdleConnections(), 50);
        const deadline = setTimeout(() => {
          cutConnections = true;
          server.closeAllConnections();
        }, drainMs);
        await Promise.all([closed, deliveries?.stop(drainMs)]);
        clearInterval(idle);
        clearTimeout(deadline);
        await store.close();
        return { cutConnections };
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}
