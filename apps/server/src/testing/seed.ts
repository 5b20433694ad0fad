// Rows the API cannot create (patients, providers, procedures), written straight into the
// test database.
import type { Kysely } from "kysely";
import { PAT_STATUS } from "../domain/enums.js";
import { newReferralRow } from "../store/referrals.js";
import type { Database } from "../store/schema.js";

export async function seedPatient(
  db: Kysely<Database>,
  PatNum: number,
  PatStatus: number = PAT_STATUS.Patient,
): Promise<number> {
  await db
    .insertInto("patient")
    .values({ PatNum, LName: "Test", FName: "Patient", PatStatus })
    .execute();
  return PatNum;
}

export async function seedProcedure(db: Kysely<Database>, ProcNum: number, PatNum: number) {
  await db.insertInto("procedurelog").values({ ProcNum, PatNum }).execute();
}

export async function seedReferral(
  db: Kysely<Database>,
  ReferralNum: number,
  LName: string,
): Promise<number> {
  await db
    .insertInto("referral")
    .values(newReferralRow({ ReferralNum, LName, DateTStamp: "2020-01-01 00:00:00" }))
    .execute();
  return ReferralNum;
}

/** The stored refattach rows of one patient, by ItemOrder. */
export function storedRefAttaches(db: Kysely<Database>, PatNum: number) {
  return db
    .selectFrom("refattach")
    .selectAll()
    .where("PatNum", "=", PatNum)
    .orderBy("ItemOrder")
    .execute();
}
