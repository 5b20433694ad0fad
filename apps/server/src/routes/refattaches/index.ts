import type { Operations } from "../../http/operation.js";
import type { Store } from "../../store/store.js";
import { registerDeleteRefAttach } from "./delete.js";
import { registerListRefAttaches } from "./get.js";
import { registerCreateRefAttach } from "./post.js";
import { registerUpdateRefAttach } from "./put.js";

/** What the refattach operations need, fixed for the deployment when they are registered. */
export interface RefAttachRoutes {
  store: Store;
  /** The largest Limit a list GET accepts (MAX_PAGE_SIZE). */
  maxPageSize: number;
}

export function registerRefAttaches(api: Operations, deps: RefAttachRoutes): void {
  registerListRefAttaches(api, deps);
  registerCreateRefAttach(api, deps);
  registerUpdateRefAttach(api, deps);
  registerDeleteRefAttach(api, deps);
}
