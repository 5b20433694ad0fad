// The Referral rules, written once over Kysely like store/refattaches.ts.
import type {
  BooleanString,
  Referral,
  ReferralCreate,
  ReferralUpdate,
} from "@refattaches/api-types";
import { type Kysely, type Selectable, sql } from "kysely";
import { formatLocalDateTime } from "../domain/dates.js";
import { boolCode, boolString } from "../domain/enums.js";
import { invalid, messages, notFound } from "../domain/errors.js";
import type { Database, NewReferralRow, ReferralTable } from "./schema.js";
import type { ReferralFilter, RuleOptions, Store, StoreDialect } from "./store.js";

type ReferralStore = Pick<
  Store,
  "listReferrals" | "getReferral" | "createReferral" | "updateReferral"
>;

export function toReferral(row: Selectable<ReferralTable>): Referral {
  return {
    ReferralNum: Number(row.ReferralNum),
    LName: row.LName,
    FName: row.FName,
    MName: row.MName,
    Specialty: Number(row.Specialty),
    IsHidden: boolString(Number(row.IsHidden)),
    NotPerson: boolString(Number(row.NotPerson)),
    Title: row.Title,
    PatNum: Number(row.PatNum),
    IsDoctor: boolString(Number(row.IsDoctor)),
    DateTStamp: row.DateTStamp,
    BusinessName: row.BusinessName,
  };
}

/**
 * Open Dental's defaults for a new referral: a patient who refers is a person but not a
 * doctor; a specialty makes a doctor; with neither the source is not a person.
 */
function defaultKinds(input: ReferralCreate): {
  IsDoctor: BooleanString;
  NotPerson: BooleanString;
} {
  if (input.PatNum) return { IsDoctor: "false", NotPerson: "false" };
  if (input.Specialty) return { IsDoctor: "true", NotPerson: "false" };
  return { IsDoctor: "false", NotPerson: "true" };
}

/**
 * A new referral row: Open Dental's empty values for every column not given. With neither a
 * PatNum nor a Specialty a referral is a non-person source, hence NotPerson 1.
 */
export function newReferralRow(
  values: Pick<NewReferralRow, "LName" | "DateTStamp"> & Partial<NewReferralRow>,
): NewReferralRow {
  return {
    FName: "",
    MName: "",
    Title: "",
    IsHidden: 0,
    NotPerson: 1,
    IsDoctor: 0,
    PatNum: 0,
    Specialty: 0,
    BusinessName: "",
    ...values,
  };
}

/** `%`, `_` and the escape character itself match literally in a LIKE pattern. */
const likeLiteral = (text: string) => text.replace(/[!%_]/g, "!$&");

const flag = (value: BooleanString | undefined) =>
  value === undefined ? undefined : boolCode(value);

export function createReferralStore(
  db: Kysely<Database>,
  dialect: StoreDialect,
  options: RuleOptions,
): ReferralStore {
  const now = options.now ?? (() => new Date());
  const { events } = options;

  async function find(trx: Kysely<Database>, referralNum: number): Promise<Referral> {
    const row = await trx
      .selectFrom("referral")
      .selectAll()
      .where("ReferralNum", "=", referralNum)
      .executeTakeFirst();
    if (!row) throw notFound(messages.referralNotFound);
    return toReferral(row);
  }

  async function requirePatient(trx: Kysely<Database>, patNum: number | undefined) {
    if (!patNum) return;
    const patient = await trx
      .selectFrom("patient")
      .select("PatNum")
      .where("PatNum", "=", patNum)
      .executeTakeFirst();
    if (!patient) throw notFound(messages.patientNotFound);
  }

  return {
    async listReferrals(filter: ReferralFilter): Promise<Referral[]> {
      const rows = await db
        .selectFrom("referral")
        .selectAll()
        .$if(filter.IsHidden !== undefined, (q) =>
          q.where("IsHidden", "=", flag(filter.IsHidden) ?? 0),
        )
        .$if(filter.NotPerson !== undefined, (q) =>
          q.where("NotPerson", "=", flag(filter.NotPerson) ?? 0),
        )
        .$if(filter.IsDoctor !== undefined, (q) =>
          q.where("IsDoctor", "=", flag(filter.IsDoctor) ?? 0),
        )
        .$if(filter.BusinessName !== undefined, (q) =>
          q.where(
            sql<boolean>`lower(${sql.ref("BusinessName")}) like ${`%${likeLiteral((filter.BusinessName ?? "").toLowerCase())}%`} escape '!'`,
          ),
        )
        .orderBy("ReferralNum")
        .limit(filter.limit)
        .offset(filter.offset)
        .execute();
      return rows.map(toReferral);
    },

    getReferral: (referralNum) => find(db, referralNum),

    createReferral(input: ReferralCreate): Promise<Referral> {
      return dialect.transaction(async (trx) => {
        await requirePatient(trx, input.PatNum);
        const kinds = defaultKinds(input);
        const { IsHidden, NotPerson, IsDoctor, ...columns } = input;
        const inserted = await trx
          .insertInto("referral")
          .values(
            newReferralRow({
              ...columns,
              IsHidden: boolCode(IsHidden ?? "false"),
              NotPerson: boolCode(NotPerson ?? kinds.NotPerson),
              IsDoctor: boolCode(IsDoctor ?? kinds.IsDoctor),
              DateTStamp: formatLocalDateTime(now()),
            }),
          )
          .executeTakeFirstOrThrow();
        const referralNum = Number(inserted.insertId);
        await dialect.referralNamed?.(trx, referralNum, columns.LName);
        const created = await find(trx, referralNum);
        await events.record(trx, "Referral", [created]);
        return created;
      });
    },

    async updateReferral(referralNum: number, changes: ReferralUpdate): Promise<Referral> {
      if (Object.keys(changes).length === 0) throw invalid(messages.emptyUpdate);
      return dialect.transaction(async (trx) => {
        await find(trx, referralNum);
        await requirePatient(trx, changes.PatNum);
        const { IsHidden, NotPerson, IsDoctor, ...columns } = changes;
        await trx
          .updateTable("referral")
          .set({
            ...columns,
            ...(IsHidden !== undefined && { IsHidden: boolCode(IsHidden) }),
            ...(NotPerson !== undefined && { NotPerson: boolCode(NotPerson) }),
            ...(IsDoctor !== undefined && { IsDoctor: boolCode(IsDoctor) }),
            DateTStamp: formatLocalDateTime(now()),
          })
          .where("ReferralNum", "=", referralNum)
          .execute();
        if (columns.LName !== undefined) {
          await dialect.referralNamed?.(trx, referralNum, columns.LName);
        }
        const updated = await find(trx, referralNum);
        await events.record(trx, "Referral", [updated]);
        return updated;
      });
    },
  };
}
