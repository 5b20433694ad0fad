// The HTTP app: one Hono app whose every route, the unknown ones included, runs inside the one
// request pipeline (http/pipeline.ts). Routes get what they need (the store, the deployment's
// limits) when they are registered, never per request.
import { OpenAPIRegistry, OpenApiGeneratorV31 } from "@asteasolutions/zod-to-openapi";
import { type Context, Hono } from "hono";
import { DEMO_API_KEY, defaultConfig } from "./config.js";
import { messages, notFound } from "./domain/errors.js";
import type { ApiKeyPair } from "./http/auth.js";
import type { ApiLimits } from "./http/limits.js";
import { Operations } from "./http/operation.js";
import { createPipeline } from "./http/pipeline.js";
import { type Logger, silentLogger } from "./logger.js";
import { registerDocs } from "./routes/docs/index.js";
import { registerProbes } from "./routes/probes/index.js";
import { registerRefAttaches } from "./routes/refattaches/index.js";
import { registerReferrals } from "./routes/referrals/index.js";
import { registerSubscriptions } from "./routes/subscriptions/index.js";
import type { Store } from "./store/store.js";
import type { EndPointUrlRules, Resolve } from "./webhooks/endpoint-url.js";

/** Open Dental serves its API under this path; clients only change the host. */
export const API_BASE_PATH = "/api/v1";

export interface AppDeps {
  store: Store;
  /** Accepted `DeveloperKey/CustomerKey` pairs. */
  apiKeys: readonly ApiKeyPair[];
  /** Request and error lines; default: none. */
  logger?: Logger;
  /** Header trusted to carry the caller's request id (set by a proxy in front); unset: always generate. */
  trustedRequestIdHeader?: string | undefined;
  /** How long GET /ready waits for the database; default DEFAULT_READY_TIMEOUT_MS. */
  readyTimeoutMs?: number;
  /** Largest request body in bytes (BODY_LIMIT); default: the configuration's. */
  bodyLimit?: number;
  /** Page size, auth failure and rate limits; default: the configuration's. */
  limits?: Partial<ApiLimits>;
  /** What a subscription's EndPointUrl may be (NODE_ENV, WEBHOOK_ALLOW_PRIVATE_URLS). */
  endPointUrl?: EndPointUrlRules;
  /** How EndPointUrl host names resolve; default: the system's resolver. */
  resolve?: Resolve;
}

/** The app, and the OpenAPI descriptions of its operations (the API's, and the root's probes). */
export interface AssembledApp {
  app: Hono;
  api: OpenAPIRegistry;
  probes: OpenAPIRegistry;
}

const isApiPath = (path: string) => path === API_BASE_PATH || path.startsWith(`${API_BASE_PATH}/`);

export function assembleApp(deps: AppDeps): AssembledApp {
  const defaults = defaultConfig();
  const { store, apiKeys, bodyLimit = defaults.bodyLimit } = deps;
  const logger = deps.logger ?? silentLogger();
  const limits = { ...defaults.limits, ...deps.limits };
  const app = new Hono();
  const pipeline = createPipeline({
    logger,
    apiKeys,
    limits,
    trustedRequestIdHeader: deps.trustedRequestIdHeader,
  });

  const apiDoc = new OpenAPIRegistry();
  apiDoc.registerComponent("securitySchemes", "ODFHIR", {
    type: "apiKey",
    in: "header",
    name: "Authorization",
  });
  const api = new Operations(app, pipeline, apiDoc, {
    basePath: API_BASE_PATH,
    authenticated: true,
    bodyLimit,
  });
  const { maxPageSize } = limits;
  registerRefAttaches(api, { store, maxPageSize });
  registerReferrals(api, { store, maxPageSize });
  registerSubscriptions(api, {
    store,
    maxPageSize,
    endPointUrl: deps.endPointUrl ?? {
      production: defaults.production,
      allowPrivate: defaults.webhooks.allowPrivateUrls,
    },
    ...(deps.resolve && { resolve: deps.resolve }),
  });

  // Beside the API, at the root and without a key: the probes and the API reference.
  const probesDoc = new OpenAPIRegistry();
  registerProbes(
    new Operations(app, pipeline, probesDoc, { basePath: "", authenticated: false, bodyLimit }),
    store,
    deps.readyTimeoutMs,
  );
  const demoKeyAccepted = apiKeys.some(
    (pair) =>
      pair.developerKey === DEMO_API_KEY.developerKey &&
      pair.customerKey === DEMO_API_KEY.customerKey,
  );
  // The reference's pages answer through Hono's context: this request's answer headers go on
  // it first, so a page may override them (its static assets are cacheable).
  registerDocs(
    (path, handler) =>
      app.get(
        path,
        pipeline.handle(
          path,
          (c, { headers }) => {
            for (const [name, value] of Object.entries(headers)) c.header(name, value);
            return handler(c);
          },
          { authenticated: false },
        ),
      ),
    {
      demoAuthorization: demoKeyAccepted
        ? `ODFHIR ${DEMO_API_KEY.developerKey}/${DEMO_API_KEY.customerKey}`
        : undefined,
    },
  );

  // An unknown path under the API still needs a key, like any API path.
  const unknownRoute = () => {
    throw notFound(messages.routeNotFound);
  };
  const unknownApiPath = pipeline.handle(`${API_BASE_PATH}/*`, unknownRoute, {
    authenticated: true,
  });
  const unknownPath = pipeline.handle("/*", unknownRoute, { authenticated: false });
  app.notFound((c: Context) => (isApiPath(c.req.path) ? unknownApiPath(c) : unknownPath(c)));
  return { app, api: apiDoc, probes: probesDoc };
}

/** The whole HTTP app, without listening: tests call `app.fetch` or serve it on port 0. */
export function createApp(deps: AppDeps): Hono {
  return assembleApp(deps).app;
}

/** The OpenAPI 3.1 document of a registry's operations (compared with the spec in tests). */
export function openApiDocument(
  registry: OpenAPIRegistry,
  config: Parameters<OpenApiGeneratorV31["generateDocument"]>[0],
): ReturnType<OpenApiGeneratorV31["generateDocument"]> {
  return new OpenApiGeneratorV31(registry.definitions).generateDocument(config);
}
