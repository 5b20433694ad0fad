import { OpenAPIHono } from "@hono/zod-openapi";
import { Hono } from "hono";
import { messages } from "./domain/errors.js";
import { type ApiKeyPair, requireApiKey } from "./http/auth.js";
import { errorHandler } from "./http/errors.js";
import { type Log, requestLog } from "./http/request-log.js";
import { requireJsonBody, validationHook } from "./http/validation.js";
import { registerRefAttaches } from "./routes/refattaches/index.js";
import { registerReferrals } from "./routes/referrals/index.js";
import type { Store } from "./store/store.js";

/** Open Dental serves its API under this path; clients only change the host. */
export const API_BASE_PATH = "/api/v1";

export interface AppDeps {
  store: Store;
  /** Accepted `DeveloperKey/CustomerKey` pairs. */
  apiKeys: readonly ApiKeyPair[];
  /** Where request and error lines go; defaults to stderr. */
  log?: Log;
}

const stderrLog: Log = (line) => process.stderr.write(`${line}\n`);

/** The API's routes, relative to API_BASE_PATH; its OpenAPI document mirrors the spec. */
export function createApi({ store, apiKeys, log = stderrLog }: AppDeps): OpenAPIHono {
  const api = new OpenAPIHono({ defaultHook: validationHook });
  api.openAPIRegistry.registerComponent("securitySchemes", "ODFHIR", {
    type: "apiKey",
    in: "header",
    name: "Authorization",
  });
  api.use("*", requireApiKey(apiKeys), requireJsonBody);
  registerRefAttaches(api, store);
  registerReferrals(api, store);
  api.onError(errorHandler(log));
  return api;
}

/** The whole HTTP app, without listening: tests call `app.fetch` or serve it on port 0. */
export function createApp(deps: AppDeps): Hono {
  const log = deps.log ?? stderrLog;
  const app = new Hono();
  app.use("*", requestLog(log));
  app.route(API_BASE_PATH, createApi({ ...deps, log }));
  app.notFound((c) => c.json(messages.routeNotFound, 404));
  app.onError(errorHandler(log));
  return app;
}
