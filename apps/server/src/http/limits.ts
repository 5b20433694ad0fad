// The deployment's limits on what one client may ask for (README: Configuration).
import { DEFAULT_PAGE_SIZE } from "../domain/paging.js";
import type { AuthLimits } from "./auth.js";

export interface ApiLimits extends AuthLimits {
  /** The largest Limit a list GET accepts (MAX_PAGE_SIZE). */
  maxPageSize: number;
}

export const DEFAULT_LIMITS: Readonly<ApiLimits> = {
  maxPageSize: DEFAULT_PAGE_SIZE,
  authFailuresPerMinute: 20,
  rateLimitPerSecond: 0,
};
