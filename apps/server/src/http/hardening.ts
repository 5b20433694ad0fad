// Headers on every answer: it carries patient data (never kept by a cache), and it is JSON
// (never sniffed as anything else).
import type { MiddlewareHandler } from "hono";

export const hardeningHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  c.header("Cache-Control", "no-store");
  c.header("X-Content-Type-Options", "nosniff");
};
