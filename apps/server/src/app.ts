import { OpenAPIHono } from "@hono/zod-openapi";
import { Hono } from "hono";
import { messages } from "./domain/errors.js";
import { type ApiKeyPair, requireApiKey } from "./http/auth.js";
import { errorHandler } from "./http/errors.js";
import { type RequestLogOptions, requestLog } from "./http/request-log.js";
import { requireJsonBody, validationHook } from "./http/validation.js";
import { type Logger, silentLogger } from "./logger.js";
import { registerRefAttaches } from "./routes/refattaches/index.js";
import { registerReferrals } from "./routes/referrals/index.js";
import type { Store } from "./store/store.js";

/** Open Dental serves its API under this path; clients only change the host. */
export const API_BASE_PATH = "/api/v1";

export interface AppDeps extends RequestLogOptions {
  store: Store;
  /** Accepted `DeveloperKey/CustomerKey` pairs. */
  apiKeys: readonly ApiKeyPair[];
  /** Request and error lines; default: none. */
  logger?: Logger;
}

/** The API's routes, relative to API_BASE_PATH; its OpenAPI document mirrors the spec. */
export function createApi({ store, apiKeys, logger = silentLogger() }: AppDeps): OpenAPIHono {
  const api = new OpenAPIHono({ defaultHook: validationHook });
  api.openAPIRegistry.registerComponent("securitySchemes", "ODFHIR", {
    type: "apiKey",
    in: "header",
    name: "Authorization",
  });
  api.use("*", requireApiKey(apiKeys), requireJsonBody);
  registerRefAttaches(api, store);
  registerReferrals(api, store);
  api.onError(errorHandler(logger));
  return api;
}

/** The whole HTTP app, without listening: tests call `app.fetch` or serve it on port 0. */
export function createApp(deps: AppDeps): Hono {
  const logger = deps.logger ?? silentLogger();
  const app = new Hono();
  app.use("*", requestLog(logger, deps));
  app.route(API_BASE_PATH, createApi({ ...deps, logger }));
  app.notFound((c) => c.json(messages.routeNotFound, 404));
  app.onError(errorHandler(logger));
  return app;
}
