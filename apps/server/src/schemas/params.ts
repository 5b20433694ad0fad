import { z } from "@hono/zod-openapi";

/**
 * An integer query or path parameter. The wire value is a string; only plain digits are
 * accepted (no "1e3", " 7" or "0x10"), then the spec's range applies. The OpenAPI
 * override documents it as the integer it is.
 */
export function integerParam({ min, max }: { min: number; max?: number }) {
  const range = max === undefined ? z.int().min(min) : z.int().min(min).max(max);
  return z
    .string()
    .regex(/^\d{1,15}$/, { error: "must be an integer" })
    .transform(Number)
    .pipe(range)
    .openapi({ type: "integer", minimum: min, ...(max === undefined ? {} : { maximum: max }) });
}
