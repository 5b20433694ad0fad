// The Referral fields that answers rewrite (http/answer.ts): the date-time in the requested
// format, text on one line. Typed by the spec's Referral, so a renamed field is a compile error.
import type { Referral } from "@refattaches/api-types";
import type { AnswerFields } from "../../http/answer.js";

export const referralFields: AnswerFields<Referral> = {
  dates: [],
  dateTimes: ["DateTStamp"],
  texts: ["LName", "FName", "MName", "Title", "BusinessName"],
};
