import { z } from "@hono/zod-openapi";

/** Open Dental's page size for list GETs: the default and the maximum. */
export const MAX_PAGE_SIZE = 100;

export interface IntegerParamSpec {
  minimum: number;
  maximum?: number;
  format?: "int64";
  default?: number;
}

/**
 * An integer query or path parameter. The wire value is a string; only plain digits are
 * accepted (no "1e3", " 7" or "0x10"), then the spec's range applies, so "-1" is
 * explained as out of range rather than as not a number. The OpenAPI
 * override documents it as the integer it is.
 */
export function integerParam(spec: IntegerParamSpec) {
  const atLeast = z.int().min(spec.minimum);
  return z
    .string()
    .regex(/^-?\d{1,15}$/, { error: "must be an integer" })
    .transform(Number)
    .pipe(spec.maximum === undefined ? atLeast : atLeast.max(spec.maximum))
    .openapi({ type: "integer", ...spec });
}

/** A primary key in the query or the path, like the PositiveKey schema. */
export const keyParam = () => integerParam({ minimum: 1, format: "int64" });

/** Open Dental's paging parameters of every list GET. */
export const pagingParams = {
  Limit: integerParam({ minimum: 1, maximum: MAX_PAGE_SIZE, default: MAX_PAGE_SIZE }).optional(),
  Offset: integerParam({ minimum: 0, default: 0 }).optional(),
};

/** A list query's Limit/Offset as the store takes them, with Open Dental's defaults. */
export const pageOf = ({ Limit, Offset }: { Limit?: number; Offset?: number }) => ({
  limit: Limit ?? MAX_PAGE_SIZE,
  offset: Offset ?? 0,
});

/** Operations without query parameters still reject unknown ones, as Open Dental does. */
export const NoQuery = z.strictObject({});
