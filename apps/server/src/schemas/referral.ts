// zod schemas of the Referral resource, type-checked against the spec in referral.test-d.ts.
import { z } from "@hono/zod-openapi";
import { answerDateTime, BooleanString, ForeignKey, SingleLineText } from "./common.js";
import { answerFormatParams, keyParam, pagingParams } from "./params.js";

/** Field order is Open Dental's JSON order. */
export const Referral = z
  .strictObject({
    ReferralNum: z.int().min(1).openapi({ format: "int64", readOnly: true }),
    LName: SingleLineText,
    FName: SingleLineText,
    MName: SingleLineText,
    Specialty: ForeignKey,
    IsHidden: BooleanString,
    NotPerson: BooleanString,
    Title: SingleLineText,
    PatNum: ForeignKey,
    IsDoctor: BooleanString,
    DateTStamp: answerDateTime(),
    BusinessName: SingleLineText,
  })
  .openapi("Referral");

/** Column sizes of Open Dental's referral table. */
const name = () => z.string().max(100);
const optionalFields = {
  FName: name().optional(),
  MName: name().optional(),
  Specialty: ForeignKey.optional(),
  IsHidden: BooleanString.optional(),
  NotPerson: BooleanString.optional(),
  Title: z.string().max(255).optional(),
  PatNum: ForeignKey.optional(),
  IsDoctor: BooleanString.optional(),
  BusinessName: z.string().max(255).optional(),
};

export const ReferralCreate = z
  .strictObject({ LName: name().min(1), ...optionalFields })
  .openapi("ReferralCreate");

export const ReferralUpdate = z
  .strictObject({ LName: name().min(1).optional(), ...optionalFields })
  .openapi("ReferralUpdate", { minProperties: 1 });

export const ReferralListQuery = z.strictObject({
  IsHidden: BooleanString.optional(),
  NotPerson: BooleanString.optional(),
  IsDoctor: BooleanString.optional(),
  BusinessName: z.string().min(1).max(255).optional(),
  ...pagingParams,
  ...answerFormatParams,
});

export const ReferralNumParam = z.object({ ReferralNum: keyParam() });
