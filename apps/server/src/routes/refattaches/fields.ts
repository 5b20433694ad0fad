// The RefAttach fields that answers rewrite (http/answer.ts): dates in the requested formats,
// text on one line. Typed by the spec's RefAttach, so a renamed field is a compile error here.
import type { RefAttach } from "@refattaches/api-types";
import type { AnswerFields } from "../../http/answer.js";

export const refAttachFields: AnswerFields<RefAttach> = {
  dates: ["RefDate", "DateProcComplete"],
  dateTimes: ["DateTStamp"],
  texts: ["referralName", "Note"],
};
