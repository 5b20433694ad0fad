// Rows changed by other programs: Open Dental's desktop writes refattach and referral directly,
// never through this server, so no event is recorded with them. While an enabled subscription
// watches a table, its rows' keys and DateTStamps are read in (DateTStamp, primary key) order
// from a little before the newest DateTStamp seen (the look-back: a row is stamped when its
// statement runs and may commit later; most reads go back a few seconds, one a minute the
// whole look-back), and a row stamped later than the newest event known for it is read in
// full and becomes an event. Only stamps are compared, which keeps each read
// to an index (SQLite) or one column scan (Open Dental's MySQL tables have no DateTStamp
// index): a change another program makes within the same second as the last event of that row
// (the same DateTStamp) is not seen, and neither is a delete, which leaves nothing to read.
// Where the read stands is kept in webhooklease (Job "poll:<table>"), so a restart goes on
// from there.
import type { Kysely } from "kysely";
import { formatLocalDateTime, parseLocalDateTime } from "../domain/dates.js";
import { selectRefAttaches, toRefAttach } from "../store/refattaches.js";
import { toReferral } from "../store/referrals.js";
import type { Database } from "../store/schema.js";
import type { ChangeEventsAccess } from "../store/store.js";
import type { SubscriptionRow } from "./batch.js";
import { payloadOf } from "./payload.js";
import type { SequencedEvent } from "./sequencer.js";
import type { DeliveryTuning } from "./tuning.js";

/** The tables other programs write (deletes cannot be seen). */
export type PolledTable = "RefAttach" | "Referral";
const POLLED: readonly PolledTable[] = ["RefAttach", "Referral"];

/** Stamps read per statement, and full rows read per statement. */
const STAMP_ROWS = 5000;
const ROW_ROWS = 500;

/** A row the poll found, with what an event of it would hold. */
export interface FoundRow {
  table: PolledTable;
  key: number;
  stamp: string;
  payload: string;
}

interface Stamped {
  key: number;
  stamp: string;
}

/** Date-times as `yyyy-MM-dd HH:mm:ss` sort as they read: the first and last of some. */
const earliest = (...texts: string[]) => texts.sort()[0] ?? "";
const latest = (...texts: string[]) => texts.sort().at(-1) ?? "";

const positionJob = (table: PolledTable) => `poll:${table}`;

/** Keys and DateTStamps of `table` in (DateTStamp, key) order after `after`. */
async function readStamps(
  db: Kysely<Database>,
  table: PolledTable,
  after: Stamped,
): Promise<Stamped[]> {
  const [name, key] =
    table === "RefAttach"
      ? (["refattach", "RefAttachNum"] as const)
      : (["referral", "ReferralNum"] as const);
  const rows = await db
    .selectFrom(name)
    .select([`${key} as key`, "DateTStamp as stamp"])
    // The plain range lets SQLite read its DateTStamp index; the OR then skips what was read.
    .where("DateTStamp", ">=", after.stamp)
    .where((eb) =>
      eb.or([
        eb("DateTStamp", ">", after.stamp),
        eb.and([eb("DateTStamp", "=", after.stamp), eb(key, ">", after.key)]),
      ]),
    )
    .orderBy("DateTStamp")
    .orderBy(key)
    .limit(STAMP_ROWS)
    .execute();
  return rows.map((row) => ({ key: Number(row.key), stamp: String(row.stamp) }));
}

/** The rows with these keys, as the API answers them (a row deleted since is left out). */
async function readRows(
  db: Kysely<Database>,
  table: PolledTable,
  keys: number[],
): Promise<{ key: number; stamp: string; payload: string }[]> {
  if (table === "RefAttach") {
    const rows = await selectRefAttaches(db).where("a.RefAttachNum", "in", keys).execute();
    return rows.map(toRefAttach).map((answer) => ({
      key: answer.RefAttachNum,
      stamp: answer.DateTStamp,
      payload: payloadOf("RefAttach", answer),
    }));
  }
  const rows = await db
    .selectFrom("referral")
    .selectAll()
    .where("ReferralNum", "in", keys)
    .execute();
  return rows.map(toReferral).map((answer) => ({
    key: answer.ReferralNum,
    stamp: answer.DateTStamp,
    payload: payloadOf("Referral", answer),
  }));
}

export class OtherWritersPoll {
  /** The DateTStamp of the newest event known for each row of a polled table: table, key. */
  private readonly known = new Map<string, Map<number, string>>();
  /** The newest DateTStamp read so far, per polled table. */
  private readonly position = new Map<PolledTable, string>();
  /** The positions as last stored. */
  private readonly saved = new Map<PolledTable, string>();
  /**
   * Rows with events sequenced since the last read: what that read found of them may be older
   * than those events, so it is not recorded; the next read sees them again.
   */
  private readonly touched = new Set<string>();
  private lastReadAt = Number.NEGATIVE_INFINITY;
  private lastFullReadAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly access: ChangeEventsAccess,
    private readonly tuning: Pick<
      DeliveryTuning,
      "otherWritersPollMs" | "lookbackMs" | "nearLookbackMs" | "fullLookbackEveryMs" | "retentionMs"
    >,
    private readonly now: () => Date,
  ) {}

  /** Forgets everything (the lease was taken over: what is stored may have moved on). */
  reset(): void {
    this.known.clear();
    this.position.clear();
    this.saved.clear();
    this.lastReadAt = Number.NEGATIVE_INFINITY;
    this.lastFullReadAt = Number.NEGATIVE_INFINITY;
  }

  /**
   * Reads the rows changed since the last read of each table an enabled subscription watches,
   * when a read is due; undefined when none is. Tables no longer watched are dropped; a table
   * newly watched starts where its last read stopped (or at its subscriptions' DateTimeStart).
   */
  async read(subscriptions: readonly SubscriptionRow[]): Promise<FoundRow[] | undefined> {
    const watched = POLLED.filter((table) => subscriptions.some((s) => s.WatchTable === table));
    for (const table of this.position.keys()) {
      if (!watched.includes(table)) this.drop(table);
    }
    const started = watched.filter((table) => !this.position.has(table));
    for (const table of started) await this.start(table, subscriptions);
    const nowMs = this.now().getTime();
    if (started.length === 0 && nowMs - this.lastReadAt < this.tuning.otherWritersPollMs) {
      return undefined;
    }
    this.lastReadAt = nowMs;
    // A table read for the first time goes the whole look-back too.
    const full =
      started.length > 0 || nowMs - this.lastFullReadAt >= this.tuning.fullLookbackEveryMs;
    if (full) this.lastFullReadAt = nowMs;
    this.touched.clear();
    const found: FoundRow[] = [];
    for (const table of watched) found.push(...(await this.readTable(table, full)));
    return found;
  }

  /** Takes in events just sequenced: the newest known version of each row they hold. */
  remember(events: readonly SequencedEvent[]): void {
    for (const event of events) {
      if (!this.position.has(event.WatchTable as PolledTable)) continue;
      this.note(event.WatchTable, event.RowKey, event.DateTStamp);
      this.touched.add(`${event.WatchTable}:${event.RowKey}`);
    }
  }

  /**
   * Records as events the rows the last read found that no event holds, unless events of the
   * row were sequenced since; resolves to how many.
   */
  async record(found: readonly FoundRow[]): Promise<number> {
    const fresh = found.filter(
      (row) =>
        !this.touched.has(`${row.table}:${row.key}`) && this.isNew(row.table, row.key, row.stamp),
    );
    if (fresh.length > 0) {
      const createdAt = this.access.clockMs;
      await this.access.transaction(async (trx) => {
        for (let i = 0; i < fresh.length; i += ROW_ROWS) {
          await trx
            .insertInto("webhookevent")
            .values(
              fresh.slice(i, i + ROW_ROWS).map((row) => ({
                WatchTable: row.table,
                RowKey: row.key,
                DateTStamp: row.stamp,
                Payload: row.payload,
                CreatedAt: createdAt,
              })),
            )
            .execute();
        }
      });
      for (const row of fresh) this.note(row.table, row.key, row.stamp);
    }
    await this.savePositions();
    return fresh.length;
  }

  /** Whether the row at this stamp is newer than every event known of it. */
  private isNew(table: string, key: number, stamp: string): boolean {
    const known = this.known.get(table)?.get(key);
    return known === undefined || known < stamp;
  }

  private note(table: string, key: number, stamp: string): void {
    let rows = this.known.get(table);
    if (rows === undefined) {
      rows = new Map();
      this.known.set(table, rows);
    }
    const known = rows.get(key);
    if (known === undefined || known < stamp) rows.set(key, stamp);
  }

  private drop(table: PolledTable): void {
    this.position.delete(table);
    this.known.delete(table);
  }

  /** Where reading a newly watched table starts, and the events already known around there. */
  private async start(table: PolledTable, subscriptions: readonly SubscriptionRow[]) {
    const { db } = this.access;
    const saved = await db
      .selectFrom("webhooklease")
      .select("Position")
      .where("Job", "=", positionJob(table))
      .executeTakeFirst();
    const nowMs = this.now().getTime();
    const oldest = formatLocalDateTime(new Date(nowMs - this.tuning.retentionMs));
    const since = earliest(
      ...subscriptions.filter((s) => s.WatchTable === table).map((s) => s.ChangesSince),
    );
    // Not before the subscriptions want changes, nor before events are kept; after the last
    // read when there was one since.
    const position = latest(since, oldest, saved?.Position ?? "");
    this.position.set(table, position);
    if (saved?.Position) this.saved.set(table, saved.Position);
    // The events of the rows the first read will see, so they are not recorded twice.
    const from = parseLocalDateTime(position).getTime() - this.tuning.lookbackMs;
    let before = Number.MAX_SAFE_INTEGER;
    for (;;) {
      const page = await db
        .selectFrom("webhookevent")
        .select(["Seq", "RowKey", "DateTStamp", "CreatedAt"])
        .where("WatchTable", "=", table)
        .where("Seq", "<", before)
        .orderBy("Seq", "desc")
        .limit(STAMP_ROWS)
        .execute();
      for (const event of page) this.note(table, Number(event.RowKey), event.DateTStamp);
      const last = page.at(-1);
      if (page.length < STAMP_ROWS || last === undefined || Number(last.CreatedAt) < from) break;
      before = Number(last.Seq);
    }
  }

  /** The rows of `table` changed since the look-back (whole when `full`) before the position. */
  private async readTable(table: PolledTable, full: boolean): Promise<FoundRow[]> {
    const { db } = this.access;
    const position = this.position.get(table) ?? formatLocalDateTime(this.now());
    const before = (ms: number) =>
      formatLocalDateTime(new Date(parseLocalDateTime(position).getTime() - ms));
    const windowStart = before(this.tuning.lookbackMs);
    let newest = position;
    const changed: number[] = [];
    let after: Stamped = {
      stamp: full ? windowStart : before(this.tuning.nearLookbackMs),
      key: 0,
    };
    for (;;) {
      const page = await readStamps(db, table, after);
      for (const row of page) {
        if (row.stamp > newest) newest = row.stamp;
        if (this.isNew(table, row.key, row.stamp)) changed.push(row.key);
      }
      const last = page.at(-1);
      if (page.length < STAMP_ROWS || last === undefined) break;
      after = last;
    }
    const found: FoundRow[] = [];
    for (let i = 0; i < changed.length; i += ROW_ROWS) {
      for (const row of await readRows(db, table, changed.slice(i, i + ROW_ROWS))) {
        if (this.isNew(table, row.key, row.stamp)) found.push({ table, ...row });
      }
    }
    // A stamp ahead of this clock (another machine's) must not push the window past rows
    // stamped by this one.
    this.position.set(table, earliest(newest, formatLocalDateTime(this.now())));
    // Known versions older than the whole window are never compared again.
    const rows = this.known.get(table);
    if (full && rows !== undefined) {
      for (const [key, stamp] of rows) if (stamp < windowStart) rows.delete(key);
    }
    return found;
  }

  private async savePositions(): Promise<void> {
    const { db } = this.access;
    for (const [table, position] of this.position) {
      const saved = this.saved.get(table);
      if (saved === position) continue;
      const job = positionJob(table);
      if (saved === undefined) {
        await db
          .insertInto("webhooklease")
          .values({ Job: job, Holder: "", Expires: 0, Position: position })
          .orIgnore()
          .execute();
      }
      await db
        .updateTable("webhooklease")
        .set({ Position: position })
        .where("Job", "=", job)
        .execute();
      this.saved.set(table, position);
    }
  }
}
