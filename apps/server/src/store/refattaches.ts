// The RefAttach rules, written once over Kysely so every backend enforces them identically.
// Each write runs check-then-write inside one transaction supplied by the backend, which is
// what keeps ItemOrder, the duplicate check and find-or-create free of races.
import type {
  RefAttach,
  RefAttachCreate,
  RefAttachUpdate,
  ReferralType,
} from "@refattaches/api-types";
import { type Kysely, sql, type Transaction } from "kysely";
import { formatLocalDate, formatLocalDateTime, NO_DATE } from "../domain/dates.js";
import {
  boolCode,
  boolString,
  PAT_STATUS,
  REF_TO_STATUS_CODES,
  REFERRAL_TYPE_CODES,
  referralTypeName,
  refToStatusName,
} from "../domain/enums.js";
import { invalid, messages, notFound } from "../domain/errors.js";
import { referralName, referralNameKey } from "../domain/referral-name.js";
import { compileShape, type QueryShape } from "./compiled.js";
import { newReferralRow, toReferral } from "./referrals.js";
import type { Database, NewRefAttachRow } from "./schema.js";
import type { RefAttachFilter, RuleOptions, Store, StoreDialect } from "./store.js";

type Db = Kysely<Database> | Transaction<Database>;

export function selectRefAttaches(db: Db) {
  return db
    .selectFrom("refattach as a")
    .leftJoin("referral as r", "r.ReferralNum", "a.ReferralNum")
    .select([
      "a.RefAttachNum",
      "a.ReferralNum",
      "a.PatNum",
      "a.ItemOrder",
      "a.RefDate",
      "a.RefType",
      "a.RefToStatus",
      "a.Note",
      "a.IsTransitionOfCare",
      "a.ProcNum",
      "a.DateProcComplete",
      "a.ProvNum",
      "a.DateTStamp",
      "r.FName",
      "r.MName",
      "r.LName",
      "r.Title",
    ]);
}

type JoinedRow = Awaited<
  ReturnType<ReturnType<typeof selectRefAttaches>["executeTakeFirstOrThrow"]>
>;

export function toRefAttach(row: JoinedRow): RefAttach {
  return {
    RefAttachNum: Number(row.RefAttachNum),
    ReferralNum: Number(row.ReferralNum),
    // A refattach whose referral row is gone still lists; its name is then empty.
    referralName: referralName({
      FName: row.FName ?? "",
      MName: row.MName ?? "",
      LName: row.LName ?? "",
      Title: row.Title ?? "",
    }),
    PatNum: Number(row.PatNum),
    ItemOrder: Number(row.ItemOrder),
    RefDate: row.RefDate,
    ReferralType: referralTypeName(Number(row.RefType)),
    RefToStatus: refToStatusName(Number(row.RefToStatus)),
    Note: row.Note ?? "",
    IsTransitionOfCare: boolString(Number(row.IsTransitionOfCare)),
    ProcNum: Number(row.ProcNum),
    DateProcComplete: row.DateProcComplete,
    ProvNum: Number(row.ProvNum),
    DateTStamp: row.DateTStamp,
  };
}

/** A patient the API may act on: one that exists (404) and is not deleted (400). */
function requireActive(patient: { PatStatus: number } | undefined): void {
  if (!patient) throw notFound(messages.patientNotFound);
  if (Number(patient.PatStatus) === PAT_STATUS.Deleted) throw invalid(messages.patientDeleted);
}

/** The values a list query's shape may take; each filter given adds its condition. */
interface ListValues {
  PatNum: number;
  ReferralNum: number;
  DateTStamp: string;
  limit: number;
  offset: number;
}

type ListFilterName = "PatNum" | "ReferralNum" | "DateTStamp";

/** The list filters, in the order of their bits in a shape's index. */
const LIST_FILTERS: readonly ListFilterName[] = ["PatNum", "ReferralNum", "DateTStamp"];

/**
 * `?DateTStamp=` alone: below this many changed rows, they are read from the DateTStamp index
 * and sorted; from this many on, the table is read in key order, where they are dense enough.
 */
const RECENT_CHANGES = 5000;

/**
 * The list query for one combination of filters, compiled once: the only SQL the list route
 * runs besides the patient or referral check. Exported for the benchmark's query plans.
 */
export function compileListShape(
  db: Kysely<Database>,
  filters: readonly ListFilterName[],
  { sortRecent = false, boundLimitReprepares = false } = {},
): QueryShape<ListValues, JoinedRow> {
  const has = (name: ListFilterName) => filters.includes(name);
  // See StoreDialect.boundLimitReprepares: `+?` is an expression, so the statement keeps its plan.
  const page = (slot: number) => (boundLimitReprepares ? sql<number>`+${slot}` : slot);
  return compileShape<ListValues, JoinedRow>(["limit", "offset", ...filters], (slots) =>
    selectRefAttaches(db)
      .$if(has("PatNum"), (q) => q.where("a.PatNum", "=", slots.PatNum))
      .$if(has("ReferralNum"), (q) => q.where("a.ReferralNum", "=", slots.ReferralNum))
      .$if(has("DateTStamp"), (q) => q.where("a.DateTStamp", ">", slots.DateTStamp))
      // SQLite would read the whole table in key order to skip the sort; `+` tells it to
      // find the few recent rows by their DateTStamp index and sort those instead.
      .$if(sortRecent, (q) => q.orderBy(sql`+${sql.ref("a.RefAttachNum")}`))
      .$if(!sortRecent, (q) => q.orderBy("a.RefAttachNum"))
      .limit(page(slots.limit))
      .offset(page(slots.offset)),
  );
}

/** How many rows changed after a stamp, counted from the DateTStamp index up to `limit`. */
function compileChangedCount(db: Kysely<Database>) {
  return compileShape<{ DateTStamp: string; limit: number }, { changed: number }>(
    ["DateTStamp", "limit"],
    (slots) =>
      db
        .selectFrom((eb) =>
          eb
            .selectFrom("refattach")
            .select("RefAttachNum")
            .where("DateTStamp", ">", slots.DateTStamp)
            .limit(slots.limit)
            .as("changed"),
        )
        .select((eb) => eb.fn.countAll<number>().as("changed")),
  );
}

export function createRefAttachStore(
  db: Kysely<Database>,
  dialect: StoreDialect,
  options: RuleOptions,
): Pick<Store, "listRefAttaches" | "createRefAttach" | "updateRefAttach" | "deleteRefAttach"> {
  const now = options.now ?? (() => new Date());
  const { events } = options;

  const patientStatus = compileShape<{ PatNum: number }, { PatStatus: number }>(
    ["PatNum"],
    (slots) => db.selectFrom("patient").select("PatStatus").where("PatNum", "=", slots.PatNum),
  );
  const referralExists = compileShape<{ ReferralNum: number }, { ReferralNum: number }>(
    ["ReferralNum"],
    (slots) =>
      db.selectFrom("referral").select("ReferralNum").where("ReferralNum", "=", slots.ReferralNum),
  );
  // One shape per combination of filters (bit 1 PatNum, 2 ReferralNum, 4 DateTStamp), plus
  // the recent-changes form of `?DateTStamp=` alone, compiled on first use.
  const listShapes: QueryShape<ListValues, JoinedRow>[] = [];
  const changedCount = compileChangedCount(db);
  const listOptions = { boundLimitReprepares: dialect.boundLimitReprepares };
  function listShape(filters: number, sortRecent: boolean): QueryShape<ListValues, JoinedRow> {
    const index = sortRecent ? 8 : filters;
    let shape = listShapes[index];
    if (!shape) {
      const names = LIST_FILTERS.filter((_, bit) => filters & (1 << bit));
      shape = compileListShape(db, names, { ...listOptions, sortRecent });
      listShapes[index] = shape;
    }
    return shape;
  }

  /** Whether `?DateTStamp=` alone reads its few recent rows by the DateTStamp index. */
  async function fewChangedSince(DateTStamp: string): Promise<boolean> {
    if (!dialect.indexesDateTStamp) return false;
    const [count] = await dialect.read(changedCount.bound({ DateTStamp, limit: RECENT_CHANGES }));
    return Number(count?.changed) < RECENT_CHANGES;
  }

  // The statements of the writes, compiled once like the list queries.
  const oneRefAttach = compileShape<{ RefAttachNum: number }, JoinedRow>(
    ["RefAttachNum"],
    (slots) => selectRefAttaches(db).where("a.RefAttachNum", "=", slots.RefAttachNum),
  );
  const patientForWrite = compileShape<{ PatNum: number }, { PatStatus: number }>(
    ["PatNum"],
    (slots) =>
      db
        .selectFrom("patient")
        .select("PatStatus")
        .where("PatNum", "=", slots.PatNum)
        .$if(dialect.rowLocks, (q) => q.forUpdate()),
  );
  const providerExists = compileShape<{ ProvNum: number }, { ProvNum: number }>(
    ["ProvNum"],
    (slots) => db.selectFrom("provider").select("ProvNum").where("ProvNum", "=", slots.ProvNum),
  );
  const procedureOfPatient = compileShape<{ ProcNum: number; PatNum: number }, { ProcNum: number }>(
    ["ProcNum", "PatNum"],
    (slots) =>
      db
        .selectFrom("procedurelog")
        .select("ProcNum")
        .where("ProcNum", "=", slots.ProcNum)
        .where("PatNum", "=", slots.PatNum),
  );
  /**
   * One pass over the patient's rows, found through the PatNum index alone (with ReferralNum
   * in the WHERE clause, SQLite without statistics may pick the far longer ReferralNum index):
   * the highest ItemOrder, and whether a row other than `except` already attaches this
   * referral with this type.
   */
  const patientRows = compileShape<
    { PatNum: number; ReferralNum: number; RefType: number; except: number },
    { maxOrder: number | null; duplicate: number | null }
  >(["PatNum", "ReferralNum", "RefType", "except"], (slots) =>
    db
      .selectFrom("refattach")
      .select((eb) => [
        eb.fn.max("ItemOrder").as("maxOrder"),
        eb.fn
          .max(
            eb
              .case()
              .when(
                eb.and([
                  eb("ReferralNum", "=", slots.ReferralNum),
                  eb("RefType", "=", slots.RefType),
                  eb("RefAttachNum", "!=", slots.except),
                ]),
              )
              .then(1)
              .else(0)
              .end(),
          )
          .as("duplicate"),
      ])
      .where("PatNum", "=", slots.PatNum),
  );
  const insertRefAttach = compileShape<NewRefAttachRow & { RefAttachNum?: never }, never>(
    [
      "ReferralNum",
      "PatNum",
      "RefType",
      "ProvNum",
      "ProcNum",
      "ItemOrder",
      "RefDate",
      "RefToStatus",
      "Note",
      "IsTransitionOfCare",
      "DateProcComplete",
      "DateTStamp",
    ],
    (slots) => db.insertInto("refattach").values({ ...slots }),
  );

  async function findOne(trx: Db, refAttachNum: number): Promise<RefAttach | undefined> {
    const { rows } = await trx.executeQuery(oneRefAttach.bind({ RefAttachNum: refAttachNum }));
    return rows[0] && toRefAttach(rows[0]);
  }

  /**
   * Reads the patient, locking its row where the backend has row locks. Every write to a
   * patient's refattaches takes this lock first, in the same order, so competing writers
   * for one patient queue up instead of racing or deadlocking.
   */
  async function lockPatient(trx: Db, patNum: number) {
    const { rows } = await trx.executeQuery(patientForWrite.bind({ PatNum: patNum }));
    return rows[0];
  }

  async function requireActivePatient(trx: Db, patNum: number): Promise<void> {
    requireActive(await lockPatient(trx, patNum));
  }

  /** The refattach's row, read after its patient is locked (PatNum never changes). */
  async function lockRefAttach(trx: Db, refAttachNum: number) {
    const byNum = (db: Db) =>
      db.selectFrom("refattach").selectAll().where("RefAttachNum", "=", refAttachNum);
    const found = await byNum(trx).executeTakeFirst();
    if (!found) throw notFound(messages.refAttachNotFound);
    if (!dialect.rowLocks) return found;
    await lockPatient(trx, Number(found.PatNum));
    const current = await byNum(trx).executeTakeFirst();
    if (!current) throw notFound(messages.refAttachNotFound);
    return current;
  }

  async function requireReferral(trx: Db, referralNum: number): Promise<void> {
    const { rows } = await trx.executeQuery(referralExists.bind({ ReferralNum: referralNum }));
    if (rows.length === 0) throw notFound(messages.referralNotFound);
  }

  /**
   * Open Dental's referralName lookup: an exact LName match ignoring case, lowest
   * ReferralNum first. Equality (not LIKE) keeps `%` and `_` literal. No match creates the
   * referral as a non-person source, inside the caller's transaction.
   */
  async function findOrCreateReferral(trx: Transaction<Database>, name: string): Promise<number> {
    const wanted = referralNameKey(name);
    // The backend narrows the search; the exact comparison is made here, because a MySQL
    // collation would also match "Bokish " or "Müller" for "muller".
    const find = async () => {
      const candidates = await dialect.referralsNamed(trx, name);
      return candidates.find((referral) => referralNameKey(referral.LName) === wanted);
    };
    let existing = await find();
    if (!existing && dialect.lockReferralCreation) {
      // Another request may be creating this name right now: wait for it, then look again.
      await dialect.lockReferralCreation(trx);
      existing = await find();
    }
    if (existing) return Number(existing.ReferralNum);
    const created = await trx
      .insertInto("referral")
      .values(newReferralRow({ LName: name, DateTStamp: formatLocalDateTime(now()) }))
      .executeTakeFirstOrThrow();
    const referralNum = Number(created.insertId);
    await dialect.referralNamed?.(trx, referralNum, name);
    if (events.enabled) {
      const referral = await trx
        .selectFrom("referral")
        .selectAll()
        .where("ReferralNum", "=", referralNum)
        .executeTakeFirstOrThrow();
      await events.record(trx, "Referral", [toReferral(referral)]);
    }
    return referralNum;
  }

  async function requireLinks(
    trx: Db,
    patNum: number,
    links: { ProvNum: number; ProcNum: number },
  ): Promise<void> {
    if (links.ProvNum !== 0) {
      const { rows } = await trx.executeQuery(providerExists.bind({ ProvNum: links.ProvNum }));
      if (rows.length === 0) throw notFound(messages.providerNotFound);
    }
    if (links.ProcNum !== 0) {
      const { rows } = await trx.executeQuery(
        procedureOfPatient.bind({ ProcNum: links.ProcNum, PatNum: patNum }),
      );
      if (rows.length === 0) throw notFound(messages.procedureNotFound);
    }
  }

  /** Rejects a second attachment of one referral, of one type, to one patient. */
  async function readPatientRows(
    trx: Db,
    key: { PatNum: number; ReferralNum: number; RefType: number },
    except = 0,
  ): Promise<{ nextItemOrder: number }> {
    const { rows } = await trx.executeQuery(patientRows.bind({ ...key, except }));
    if (Number(rows[0]?.duplicate) === 1) throw invalid(messages.alreadyAttached);
    const maxOrder = rows[0]?.maxOrder;
    return {
      nextItemOrder: maxOrder === null || maxOrder === undefined ? 0 : Number(maxOrder) + 1,
    };
  }

  function requireProvNumAllowed(type: ReferralType, provNum: number | undefined): void {
    if (provNum !== undefined && provNum !== 0 && type !== "RefTo") {
      throw invalid(messages.provNumOnlyRefTo);
    }
  }

  return {
    // The hot path: as few awaits and allocations as the rules allow (each costs on every read).
    async listRefAttaches(filter: RefAttachFilter): Promise<RefAttach[]> {
      const { PatNum, ReferralNum, DateTStamp } = filter;
      if (PatNum !== undefined) {
        requireActive((await dialect.read(patientStatus.bound({ PatNum })))[0]);
      }
      if (ReferralNum !== undefined) {
        const found = await dialect.read(referralExists.bound({ ReferralNum }));
        if (found.length === 0) throw notFound(messages.referralNotFound);
      }
      const filters =
        (PatNum === undefined ? 0 : 1) |
        (ReferralNum === undefined ? 0 : 2) |
        (DateTStamp === undefined ? 0 : 4);
      const sortRecent = filters === 4 && (await fewChangedSince(DateTStamp ?? ""));
      const shape = listShape(filters, sortRecent);
      const page = shape.bound({
        PatNum: PatNum ?? 0,
        ReferralNum: ReferralNum ?? 0,
        DateTStamp: DateTStamp ?? "",
        limit: filter.limit,
        offset: filter.offset,
      });
      return (await dialect.read(page)).map(toRefAttach);
    },

    async createRefAttach(input: RefAttachCreate): Promise<RefAttach> {
      if (input.ReferralNum === undefined && input.referralName === undefined) {
        throw invalid(messages.referralRequired);
      }
      if (input.ReferralNum !== undefined && input.referralName !== undefined) {
        throw invalid(messages.referralBoth);
      }
      const type = input.ReferralType ?? "RefFrom";
      requireProvNumAllowed(type, input.ProvNum);

      return dialect.transaction(async (trx) => {
        await requireActivePatient(trx, input.PatNum);
        let referralNum: number;
        if (input.ReferralNum !== undefined) {
          await requireReferral(trx, input.ReferralNum);
          referralNum = input.ReferralNum;
        } else {
          referralNum = await findOrCreateReferral(trx, input.referralName ?? "");
        }
        const links = { ProvNum: input.ProvNum ?? 0, ProcNum: input.ProcNum ?? 0 };
        await requireLinks(trx, input.PatNum, links);
        const key = {
          PatNum: input.PatNum,
          ReferralNum: referralNum,
          RefType: REFERRAL_TYPE_CODES[type],
        };
        const { nextItemOrder } = await readPatientRows(trx, key);
        const at = now();
        const inserted = await trx.executeQuery(
          insertRefAttach.bind({
            ...key,
            ...links,
            ItemOrder: nextItemOrder,
            RefDate: input.RefDate ?? formatLocalDate(at),
            RefToStatus: REF_TO_STATUS_CODES[input.RefToStatus ?? "None"],
            Note: input.Note ?? "",
            IsTransitionOfCare: boolCode(input.IsTransitionOfCare ?? "false"),
            DateProcComplete: input.DateProcComplete ?? NO_DATE,
            DateTStamp: formatLocalDateTime(at),
          }),
        );
        const created = await findOne(trx, Number(inserted.insertId));
        if (!created) throw new Error("Inserted refattach could not be read back");
        await events.record(trx, "RefAttach", [created]);
        return created;
      });
    },

    async updateRefAttach(refAttachNum: number, changes: RefAttachUpdate): Promise<RefAttach> {
      if (Object.keys(changes).length === 0) throw invalid(messages.emptyUpdate);
      return dialect.transaction(async (trx) => {
        const current = await lockRefAttach(trx, refAttachNum);
        const patNum = Number(current.PatNum);

        const type = changes.ReferralType ?? referralTypeName(Number(current.RefType));
        requireProvNumAllowed(type, changes.ProvNum);
        // Moving away from RefTo drops the provider, which only RefTo may carry.
        const provNum = type === "RefTo" ? (changes.ProvNum ?? Number(current.ProvNum)) : 0;
        const referralNum = changes.ReferralNum ?? Number(current.ReferralNum);
        if (changes.ReferralNum !== undefined) await requireReferral(trx, referralNum);
        await requireLinks(trx, patNum, {
          ProvNum: changes.ProvNum ?? 0,
          ProcNum: changes.ProcNum ?? 0,
        });
        const refType = REFERRAL_TYPE_CODES[type];
        if (referralNum !== Number(current.ReferralNum) || refType !== Number(current.RefType)) {
          await readPatientRows(
            trx,
            { PatNum: patNum, ReferralNum: referralNum, RefType: refType },
            refAttachNum,
          );
        }

        await trx
          .updateTable("refattach")
          .set({
            ReferralNum: referralNum,
            RefType: refType,
            ProvNum: provNum,
            ...(changes.RefDate !== undefined && { RefDate: changes.RefDate }),
            ...(changes.RefToStatus !== undefined && {
              RefToStatus: REF_TO_STATUS_CODES[changes.RefToStatus],
            }),
            ...(changes.Note !== undefined && { Note: changes.Note }),
            ...(changes.IsTransitionOfCare !== undefined && {
              IsTransitionOfCare: boolCode(changes.IsTransitionOfCare),
            }),
            ...(changes.ProcNum !== undefined && { ProcNum: changes.ProcNum }),
            ...(changes.DateProcComplete !== undefined && {
              DateProcComplete: changes.DateProcComplete,
            }),
            DateTStamp: formatLocalDateTime(now()),
          })
          .where("RefAttachNum", "=", refAttachNum)
          .execute();
        const updated = await findOne(trx, refAttachNum);
        if (!updated) throw new Error("Updated refattach could not be read back");
        await events.record(trx, "RefAttach", [updated]);
        return updated;
      });
    },

    async deleteRefAttach(refAttachNum: number): Promise<void> {
      await dialect.transaction(async (trx) => {
        const current = await lockRefAttach(trx, refAttachNum);
        const stamp = formatLocalDateTime(now());
        await trx.deleteFrom("refattach").where("RefAttachNum", "=", refAttachNum).execute();
        // Close the gap so the patient's ItemOrders stay 0..n-1.
        await trx
          .updateTable("refattach")
          .set((eb) => ({ ItemOrder: eb("ItemOrder", "-", 1), DateTStamp: stamp }))
          .where("PatNum", "=", current.PatNum)
          .where("ItemOrder", ">", current.ItemOrder)
          .execute();
        if (!events.enabled) return;
        await events.record(trx, "RefAttachDeleted", [
          {
            RefAttachNum: refAttachNum,
            PatNum: Number(current.PatNum),
            ReferralNum: Number(current.ReferralNum),
            DateTStamp: stamp,
          },
        ]);
        // Each row the gap moved changed too: those now at or after the deleted one's place.
        const shifted = await selectRefAttaches(trx)
          .where("a.PatNum", "=", current.PatNum)
          .where("a.ItemOrder", ">=", current.ItemOrder)
          .orderBy("a.ItemOrder")
          .execute();
        await events.record(trx, "RefAttach", shifted.map(toRefAttach));
      });
    },
  };
}
