import { OpenAPIHono } from "@hono/zod-openapi";
import { Hono } from "hono";
import { DEMO_API_KEY } from "./config.js";
import { messages } from "./domain/errors.js";
import { type ApiKeyPair, requireApiKey } from "./http/auth.js";
import { DEFAULT_BODY_LIMIT, limitBody } from "./http/body-limit.js";
import { errorHandler } from "./http/errors.js";
import { hardeningHeaders } from "./http/hardening.js";
import { readJsonBody } from "./http/json-body.js";
import { type ApiLimits, DEFAULT_LIMITS, pageSizeLimit } from "./http/limits.js";
import { rejectEmptyParameterNames } from "./http/query.js";
import { type RequestLogOptions, requestLog } from "./http/request-log.js";
import { validationHook } from "./http/validation.js";
import { type Logger, silentLogger } from "./logger.js";
import { createDocs } from "./routes/docs/index.js";
import { createProbes } from "./routes/probes/index.js";
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
  /** How long GET /ready waits for the database; default DEFAULT_READY_TIMEOUT_MS. */
  readyTimeoutMs?: number;
  /** Largest request body in bytes (BODY_LIMIT); default DEFAULT_BODY_LIMIT. */
  bodyLimit?: number;
  /** Page size, auth failure and rate limits; default DEFAULT_LIMITS. */
  limits?: Partial<ApiLimits>;
}

/** The API's routes, relative to API_BASE_PATH; its OpenAPI document mirrors the spec. */
export function createApi({
  store,
  apiKeys,
  logger = silentLogger(),
  bodyLimit = DEFAULT_BODY_LIMIT,
  ...deps
}: AppDeps): OpenAPIHono {
  const limits = { ...DEFAULT_LIMITS, ...deps.limits };
  const api = new OpenAPIHono({ defaultHook: validationHook });
  api.openAPIRegistry.registerComponent("securitySchemes", "ODFHIR", {
    type: "apiKey",
    in: "header",
    name: "Authorization",
  });
  // The key first: a caller without one gets its 401 before any of its body is read.
  api.use(
    "*",
    requireApiKey(apiKeys, limits),
    limitBody(bodyLimit),
    rejectEmptyParameterNames,
    readJsonBody,
    pageSizeLimit(limits.maxPageSize),
  );
  registerRefAttaches(api, store);
  registerReferrals(api, store);
  api.onError(errorHandler(logger));
  return api;
}

/** The whole HTTP app, without listening: tests call `app.fetch` or serve it on port 0. */
export function createApp(deps: AppDeps): Hono {
  const logger = deps.logger ?? silentLogger();
  const app = new Hono();
  app.use("*", requestLog(logger, deps), hardeningHeaders);
  app.route("/", createProbes(deps.store, deps.readyTimeoutMs));
  const demoKeyAccepted = deps.apiKeys.some(
    (pair) =>
      pair.developerKey === DEMO_API_KEY.developerKey &&
      pair.customerKey === DEMO_API_KEY.customerKey,
  );
  app.route(
    "/",
    createDocs({
      demoAuthorization: demoKeyAccepted
        ? `ODFHIR ${DEMO_API_KEY.developerKey}/${DEMO_API_KEY.customerKey}`
        : undefined,
    }),
  );
  app.route(API_BASE_PATH, createApi({ ...deps, logger }));
  app.notFound((c) => c.json(messages.routeNotFound, 404));
  app.onError(errorHandler(logger));
  return app;
}
