import type { Operations } from "../../http/operation.js";
import type { Store } from "../../store/store.js";
import { registerListReferrals } from "./get.js";
import { registerGetReferral } from "./get-one.js";
import { registerCreateReferral } from "./post.js";
import { registerUpdateReferral } from "./put.js";

/** What the referral operations need, fixed for the deployment when they are registered. */
export interface ReferralRoutes {
  store: Store;
  /** The largest Limit a list GET accepts (MAX_PAGE_SIZE). */
  maxPageSize: number;
}

export function registerReferrals(api: Operations, deps: ReferralRoutes): void {
  registerListReferrals(api, deps);
  registerGetReferral(api, deps);
  registerCreateReferral(api, deps);
  registerUpdateReferral(api, deps);
}
