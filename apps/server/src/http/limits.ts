// The deployment's limits on what one client may ask for (README: Configuration).
import type { MiddlewareHandler } from "hono";
import { DEFAULT_PAGE_SIZE } from "../schemas/params.js";
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

declare module "hono" {
  interface ContextVariableMap {
    /** The largest Limit a list GET accepts here. */
    maxPageSize: number;
  }
}

export const pageSizeLimit =
  (maxPageSize: number): MiddlewareHandler =>
  async (c, next) => {
    c.set("maxPageSize", maxPageSize);
    await next();
  };
