// zod schemas of the probe answers (GET /health, GET /ready), as in the spec's components.
import { z } from "@hono/zod-openapi";

export const Health = z.object({ status: z.literal("ok") }).openapi("Health");
export const Ready = z.object({ status: z.literal("ready") }).openapi("Ready");
