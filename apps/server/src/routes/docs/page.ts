// GET /docs: Swagger UI over /openapi.json, with "try it" on.
import { swaggerUI } from "@hono/swagger-ui";
import { ASSETS_BASE } from "./assets.js";
import type { GetRoute } from "./index.js";

export interface DocsPageOptions {
  /** Pre-filled Authorization value: only the demo key pair, only while it is accepted. */
  demoAuthorization?: string | undefined;
}

export function registerPage(get: GetRoute, options: DocsPageOptions): void {
  const prefill = options.demoAuthorization;
  const page = swaggerUI({
    title: "RefAttaches API reference",
    url: "/openapi.json",
    baseUrl: ASSETS_BASE,
    tryItOutEnabled: true,
    ...(prefill !== undefined && {
      // JSON.stringify makes the value a safe JavaScript string literal in the page.
      onComplete: `() => window.ui.preauthorizeApiKey("ODFHIR", ${JSON.stringify(prefill)})`,
    }),
  });
  // The page is the whole answer: nothing runs after it.
  get("/docs", async (c) => (await page(c, async () => {})) ?? c.res);
}
