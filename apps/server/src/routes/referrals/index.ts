import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Store } from "../../store/store.js";
import { registerListReferrals } from "./get.js";
import { registerGetReferral } from "./get-one.js";
import { registerCreateReferral } from "./post.js";
import { registerUpdateReferral } from "./put.js";

export function registerReferrals(api: OpenAPIHono, store: Store): void {
  registerListReferrals(api, store);
  registerGetReferral(api, store);
  registerCreateReferral(api, store);
  registerUpdateReferral(api, store);
}
