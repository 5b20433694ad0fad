// The referral name lookup on SQLite: through the LNameKey column and its index (see
// migrations.ts for why a key column), filling in the keys of rows other programs wrote.
import type { Kysely } from "kysely";
import { referralNameKey } from "../../domain/referral-name.js";
import { compileShape } from "../compiled.js";
import type { Database, SqliteReferralNameKey } from "../schema.js";
import type { StoreDialect } from "../store.js";

/** StoreDialect's referralsNamed and referralNamed, over the LNameKey index. */
export function nameKeyLookup(
  db: Kysely<Database>,
): Pick<StoreDialect, "referralsNamed" | "referralNamed"> {
  const keyed = db.withTables<SqliteReferralNameKey>();
  const named = compileShape<
    { key: string },
    { ReferralNum: number; LName: string; LNameKey: string | null }
  >(["key"], (slots) =>
    keyed
      .selectFrom("referral")
      .select(["ReferralNum", "LName", "LNameKey"])
      .where((eb) => eb.or([eb("LNameKey", "=", slots.key), eb("LNameKey", "is", null)]))
      .orderBy("ReferralNum"),
  );
  const setKey = compileShape<{ key: string; ReferralNum: number }, never>(
    ["key", "ReferralNum"],
    (slots) =>
      keyed
        .updateTable("referral")
        .set({ LNameKey: slots.key })
        .where("ReferralNum", "=", slots.ReferralNum),
  );

  return {
    async referralsNamed(trx, name) {
      const { rows } = await trx.executeQuery(named.bind({ key: referralNameKey(name) }));
      for (const row of rows) {
        if (row.LNameKey !== null) continue;
        // Written by another program: key it now, inside this write transaction.
        const key = referralNameKey(row.LName);
        await trx.executeQuery(setKey.bind({ key, ReferralNum: row.ReferralNum }));
      }
      return rows;
    },
    async referralNamed(trx, referralNum, LName) {
      await trx.executeQuery(
        setKey.bind({ key: referralNameKey(LName), ReferralNum: referralNum }),
      );
    },
  };
}
