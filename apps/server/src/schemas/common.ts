// zod schemas for the spec's shared components. Each `.openapi("Name")` matches a schema of
// `components.schemas` in openapi/openapi.yaml, so the generated document uses the same $refs.
import { z } from "@hono/zod-openapi";
import type { ReferralType, RefToStatus } from "@refattaches/api-types";
import {
  DATE_PATTERN,
  DATE_TIME_PATTERN,
  isCalendarDate,
  isCalendarDateTime,
} from "../domain/dates.js";
import { REF_TO_STATUS_CODES, REFERRAL_TYPE_CODES } from "../domain/enums.js";
import { SINGLE_LINE } from "../http/answer.js";

const names = <K extends string>(codes: Record<K, number>) => Object.keys(codes) as [K, ...K[]];

export const ErrorBody = z.string().min(1).openapi("Error", {
  description: "A human-readable explanation of what went wrong.",
});

export const PositiveKey = z.int().min(1).openapi("PositiveKey", { format: "int64" });
export const ForeignKey = z.int().min(0).openapi("ForeignKey", { format: "int64" });

export const DateString = z
  .string()
  .refine(isCalendarDate, { error: "must be a valid date in yyyy-MM-dd format" })
  .openapi("Date", { format: "date", pattern: DATE_PATTERN.source });

export const DateTimeString = z
  .string()
  .refine(isCalendarDateTime, {
    error: "must be a valid date and time in yyyy-MM-dd HH:mm:ss format",
  })
  .openapi("DateTime", { pattern: DATE_TIME_PATTERN.source });

/**
 * Dates and date-times in answers: the default format, or any text when the request's
 * DateFormatString or DateTimeFormatString asks for another (the pattern only applies to the
 * default). Which fields those parameters rewrite is listed per resource (routes/<resource>/fields.ts).
 */
export const AnswerDate = z.union([DateString, z.string()]).openapi("AnswerDate");

/**
 * An answer's date-time field, inline so it can be marked read-only on its own: read-only
 * unless a request may set it (a subscription's DateTimeStart and DateTimeStop).
 */
export const answerDateTime = ({ readOnly = true } = {}) => {
  const field = z.union([DateTimeString, z.string()]);
  return readOnly ? field.openapi({ readOnly: true }) : field;
};

/** Text in an answer: written on one line (http/answer.ts). */
export const SingleLineText = z.string().regex(SINGLE_LINE).openapi("SingleLineText");

/** An answer's derived, read-only text, inline so it can be marked read-only on its own. */
export const readOnlyText = () => z.string().regex(SINGLE_LINE).openapi({ readOnly: true });

export const BooleanString = z.enum(["true", "false"]).openapi("BooleanString");
export const ReferralTypeName = z
  .enum(names<ReferralType>(REFERRAL_TYPE_CODES))
  .openapi("ReferralType");
export const RefToStatusName = z
  .enum(names<RefToStatus>(REF_TO_STATUS_CODES))
  .openapi("RefToStatus");
