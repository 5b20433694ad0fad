// zod schemas of the RefAttach resource. Their inferred types are checked for equality with
// the types generated from the spec in refattach.test-d.ts.
import { z } from "@hono/zod-openapi";
import {
  AnswerDate,
  answerDateTime,
  BooleanString,
  DateString,
  DateTimeString,
  ForeignKey,
  PositiveKey,
  ReferralTypeName,
  RefToStatusName,
  readOnlyText,
  SingleLineText,
} from "./common.js";
import { answerFormatParams, keyParam, pagingParams } from "./params.js";

/** Field order is Open Dental's JSON order. */
export const RefAttach = z
  .strictObject({
    // Inline rather than a PositiveKey $ref: .openapi() on a registered schema would mark
    // the shared component itself read-only.
    RefAttachNum: z.int().min(1).openapi({ format: "int64", readOnly: true }),
    ReferralNum: PositiveKey,
    referralName: readOnlyText(),
    PatNum: PositiveKey,
    ItemOrder: z.int().min(0).openapi({ readOnly: true }),
    RefDate: AnswerDate,
    ReferralType: ReferralTypeName,
    RefToStatus: RefToStatusName,
    Note: SingleLineText,
    IsTransitionOfCare: BooleanString,
    ProcNum: ForeignKey,
    DateProcComplete: AnswerDate,
    ProvNum: ForeignKey,
    DateTStamp: answerDateTime(),
  })
  .openapi("RefAttach");

const NOTE = z.string().max(65535);

/** Fields a client may set on both create and update. */
const writable = {
  RefDate: DateString.optional(),
  ReferralType: ReferralTypeName.optional(),
  RefToStatus: RefToStatusName.optional(),
  Note: NOTE.optional(),
  IsTransitionOfCare: BooleanString.optional(),
  ProcNum: ForeignKey.optional(),
  DateProcComplete: DateString.optional(),
  ProvNum: ForeignKey.optional(),
};

export const RefAttachCreate = z
  .strictObject({
    PatNum: PositiveKey,
    ReferralNum: PositiveKey.optional(),
    referralName: z.string().min(1).max(100).optional(),
    ...writable,
  })
  .openapi("RefAttachCreate");

export const RefAttachUpdate = z
  .strictObject({ ReferralNum: PositiveKey.optional(), ...writable })
  .openapi("RefAttachUpdate", { minProperties: 1 });

export const RefAttachListQuery = z.strictObject({
  PatNum: keyParam().optional(),
  ReferralNum: keyParam().optional(),
  DateTStamp: DateTimeString.optional(),
  ...pagingParams,
  ...answerFormatParams,
});

export const RefAttachNumParam = z.object({ RefAttachNum: keyParam() });
