// The demo set: the rows Open Dental's RefAttaches page uses in its examples, so the
// README's requests return the documented responses. Loaded into new databases only.
import type { Kysely } from "kysely";
import { NO_DATE } from "../domain/dates.js";
import { PAT_STATUS, REF_TO_STATUS_CODES, REFERRAL_TYPE_CODES } from "../domain/enums.js";
import { newReferralRow } from "./referrals.js";
import type { Database } from "./schema.js";

export const DEMO = {
  patients: { withRefAttach: 25, referredOut: 972, deleted: 30 },
  referrals: { stevens: 3, bokish: 17 },
  provider: 8,
  procedure: 1192,
  refAttach: 1,
} as const;

export async function loadDemoData(db: Kysely<Database>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto("patient")
      .values([
        {
          PatNum: DEMO.patients.withRefAttach,
          LName: "Demo",
          FName: "Pat",
          PatStatus: PAT_STATUS.Patient,
        },
        {
          PatNum: DEMO.patients.referredOut,
          LName: "Demo",
          FName: "Robin",
          PatStatus: PAT_STATUS.Patient,
        },
        {
          PatNum: DEMO.patients.deleted,
          LName: "Demo",
          FName: "Gone",
          PatStatus: PAT_STATUS.Deleted,
        },
      ])
      .execute();
    const stamp = "2022-01-05 10:13:12";
    await trx
      .insertInto("referral")
      .values([
        newReferralRow({
          ReferralNum: DEMO.referrals.stevens,
          LName: "Stevens",
          FName: "Steve",
          MName: "N",
          Title: "DDS",
          NotPerson: 0,
          IsDoctor: 1,
          DateTStamp: stamp,
        }),
        newReferralRow({ ReferralNum: DEMO.referrals.bokish, LName: "Bokish", DateTStamp: stamp }),
      ])
      .execute();
    await trx
      .insertInto("provider")
      .values({ ProvNum: DEMO.provider, Abbr: "DOC1", LName: "Demo", FName: "Doctor" })
      .execute();
    await trx
      .insertInto("procedurelog")
      .values({ ProcNum: DEMO.procedure, PatNum: DEMO.patients.referredOut })
      .execute();
    await trx
      .insertInto("refattach")
      .values({
        RefAttachNum: DEMO.refAttach,
        ReferralNum: DEMO.referrals.stevens,
        PatNum: DEMO.patients.withRefAttach,
        ItemOrder: 0,
        RefDate: "2022-01-05",
        RefType: REFERRAL_TYPE_CODES.RefFrom,
        RefToStatus: REF_TO_STATUS_CODES.None,
        Note: "",
        IsTransitionOfCare: 0,
        ProcNum: 0,
        DateProcComplete: NO_DATE,
        ProvNum: 0,
        DateTStamp: "2022-01-05 10:13:12",
      })
      .execute();
  });
}
