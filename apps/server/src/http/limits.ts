// The deployment's limits on what one client may ask for (README: Configuration).
import type { AuthLimits } from "./auth.js";

export interface ApiLimits extends AuthLimits {
  /** The largest Limit a list GET accepts (MAX_PAGE_SIZE). */
  maxPageSize: number;
}
