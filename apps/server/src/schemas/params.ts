import { z } from "@hono/zod-openapi";
import { DateFormatError, parseDateFormat } from "../domain/date-format.js";
import { DEFAULT_PAGE_SIZE } from "../domain/paging.js";

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

/** Open Dental's paging parameters of every list GET; Limit's maximum is checked by pageOf. */
export const pagingParams = {
  Limit: integerParam({ minimum: 1, default: DEFAULT_PAGE_SIZE }).optional(),
  Offset: integerParam({ minimum: 0, default: 0 }).optional(),
};

/** DateFormatString or DateTimeFormatString: a .NET custom format the answer is written in. */
const dateFormatParam = () =>
  z
    .string()
    .min(1)
    .max(64)
    .superRefine((text, ctx) => {
      try {
        parseDateFormat(text);
      } catch (error) {
        if (!(error instanceof DateFormatError)) throw error;
        ctx.addIssue(error.message);
      }
    })
    .optional();

/** Open Dental's answer formats, on every operation that answers with a resource. */
export const answerFormatParams = {
  DateFormatString: dateFormatParam(),
  DateTimeFormatString: dateFormatParam(),
};

export const AnswerFormatQuery = z.strictObject(answerFormatParams);

/** Operations without query parameters still reject unknown ones, as Open Dental does. */
export const NoQuery = z.strictObject({});
