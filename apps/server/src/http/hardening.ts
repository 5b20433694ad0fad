// Headers on every answer: it carries patient data (never kept by a cache), and it is JSON
// (never sniffed as anything else).
import type { Context } from "hono";

/**
 * Set on the context before anything answers, so the response is built with them: a header set
 * on a finished response makes Hono copy the whole response (a third of the hot path's CPU, by
 * profile). A handler may still override them (the API reference's static assets are cacheable).
 */
export function setHardeningHeaders(c: Context): void {
  c.header("Cache-Control", "no-store");
  c.header("X-Content-Type-Options", "nosniff");
}
