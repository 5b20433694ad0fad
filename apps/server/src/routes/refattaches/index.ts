import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Store } from "../../store/store.js";
import { registerDeleteRefAttach } from "./delete.js";
import { registerListRefAttaches } from "./get.js";
import { registerCreateRefAttach } from "./post.js";
import { registerUpdateRefAttach } from "./put.js";

export function registerRefAttaches(api: OpenAPIHono, store: Store): void {
  registerListRefAttaches(api, store);
  registerCreateRefAttach(api, store);
  registerUpdateRefAttach(api, store);
  registerDeleteRefAttach(api, store);
}
