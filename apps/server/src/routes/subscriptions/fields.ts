// The Subscription fields that answers rewrite (http/answer.ts): date-times in the requested
// format, text on one line. Typed by the spec's Subscription, so a renamed field is a compile
// error here.
import type { Subscription } from "@refattaches/api-types";
import type { AnswerFields } from "../../http/answer.js";

export const subscriptionFields: AnswerFields<Subscription> = {
  dates: [],
  dateTimes: ["DateTimeStart", "DateTimeStop", "DateTimeLastFailure"],
  texts: ["Workstation", "UiEventType", "Note", "FailureReason"],
};
