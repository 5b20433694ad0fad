// An event's payload: the changed row exactly as the resource's GET answers it in the default
// formats (http/answer.ts: text on one line), as JSON text, so every delivery of it carries the
// same bytes.
import type { WatchTable } from "@refattaches/api-types";
import { answerWriter } from "../http/answer.js";
import { refAttachFields } from "../routes/refattaches/fields.js";
import { referralFields } from "../routes/referrals/fields.js";
import type { ChangedRow } from "../store/store.js";

const writeRefAttach = answerWriter(refAttachFields);
const writeReferral = answerWriter(referralFields);

/** The payload of one changed row. */
export function payloadOf<T extends WatchTable>(table: T, row: ChangedRow[T]): string {
  const changed = row as ChangedRow[WatchTable];
  switch (table) {
    case "RefAttach":
      return JSON.stringify(writeRefAttach(changed as ChangedRow["RefAttach"]));
    case "Referral":
      return JSON.stringify(writeReferral(changed as ChangedRow["Referral"]));
    default: {
      // Keys and a date-time, nothing to rewrite; in the order the spec lists them.
      const { RefAttachNum, PatNum, ReferralNum, DateTStamp } =
        changed as ChangedRow["RefAttachDeleted"];
      return JSON.stringify({ RefAttachNum, PatNum, ReferralNum, DateTStamp });
    }
  }
}

/** The changed row's primary key. */
export function rowKeyOf<T extends WatchTable>(table: T, row: ChangedRow[T]): number {
  return table === "Referral"
    ? (row as ChangedRow["Referral"]).ReferralNum
    : (row as ChangedRow["RefAttach" | "RefAttachDeleted"]).RefAttachNum;
}
