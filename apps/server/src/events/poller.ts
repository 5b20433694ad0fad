// Rows changed by other programs: Open Dental's desktop writes refattach and referral directly,
// never through this server, so no event is recorded with them. While an enabled subscription
// watches a table, its rows are read in (DateTStamp, primary key) order from a little before the
// newest DateTStamp seen (the look-back: a row is stamped when its statement runs and may
// commit later), and a row whose DateTStamp and answer differ from the newest event known for
// it becomes an event. Deletes by other programs leave nothing to read: they are not seen.
// Where the read stands is kept in webhooklease (Job "poll:<table>"), so a restart goes on
// from there.
import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import { formatLocalDateTime, parseLocalDateTime } from "../domain/dates.js";
import { selectRefAttaches, toRefAttach } from "../store/refattaches.js";
import { toReferral } from "../store/referrals.js";
import type { Database } from "../store/schema.js";
import type { ChangedRow, ChangeEventsAccess } from "../store/store.js";
import type { SubscriptionRow } from "./batch.js";
import { payloadOf } from "./payload.js";
import type { SequencedEvent } from "./sequencer.js";
import type { DeliveryTuning } from "./tuning.js";

/** The tables other programs write (deletes cannot be seen). */
export type PolledTable = "RefAttach" | "Referral";
const POLLED: readonly PolledTable[] = ["RefAttach", "Referral"];

const PAGE_ROWS = 1000;

/** A row the poll found, with what an event of it would hold. */
export interface FoundRow {
  table: PolledTable;
  key: number;
  stamp: string;
  payload: string;
}

interface Known {
  stamp: string;
  hash: string;
}

/** Date-times as `yyyy-MM-dd HH:mm:ss` sort as they read: the first and last of some. */
const earliest = (...texts: string[]) => texts.sort()[0] ?? "";
const latest = (...texts: string[]) => texts.sort().at(-1) ?? "";

const hashOf = (payload: string) => createHash("sha1").update(payload).digest("base64");
const knownKey = (table: string, key: number) => `${table}:${key}`;
const positionJob = (table: PolledTable) => `poll:${table}`;

/** Rows of `table` in (DateTStamp, key) order after (stamp, key), as the API answers them. */
async function readPage(
  db: Kysely<Database>,
  table: PolledTable,
  after: { stamp: string; key: number },
): Promise<{ key: number; stamp: string; payload: string }[]> {
  if (table === "RefAttach") {
    const rows = await selectRefAttaches(db)
      // The plain range lets SQLite read its DateTStamp index; the OR then skips what was read.
      .where("a.DateTStamp", ">=", after.stamp)
      .where((eb) =>
        eb.or([
          eb("a.DateTStamp", ">", after.stamp),
          eb.and([eb("a.DateTStamp", "=", after.stamp), eb("a.RefAttachNum", ">", after.key)]),
        ]),
      )
      .orderBy("a.DateTStamp")
      .orderBy("a.RefAttachNum")
      .limit(PAGE_ROWS)
      .execute();
    return rows.map((row) => {
      const answer: ChangedRow["RefAttach"] = toRefAttach(row);
      return {
        key: answer.RefAttachNum,
        stamp: answer.DateTStamp,
        payload: payloadOf("RefAttach", answer),
      };
    });
  }
  const rows = await db
    .selectFrom("referral")
    .selectAll()
    .where("DateTStamp", ">=", after.stamp)
    .where((eb) =>
      eb.or([
        eb("DateTStamp", ">", after.stamp),
        eb.and([eb("DateTStamp", "=", after.stamp), eb("ReferralNum", ">", after.key)]),
      ]),
    )
    .orderBy("DateTStamp")
    .orderBy("ReferralNum")
    .limit(PAGE_ROWS)
    .execute();
  return rows.map((row) => {
    const answer = toReferral(row);
    return {
      key: answer.ReferralNum,
      stamp: answer.DateTStamp,
      payload: payloadOf("Referral", answer),
    };
  });
}

export class OtherWritersPoll {
  /** The newest event known for each row of a polled table, while it is polled. */
  private readonly known = new Map<string, Known>();
  /** The newest DateTStamp read so far, per polled table. */
  private readonly position = new Map<PolledTable, string>();
  /** The positions as last stored. */
  private readonly saved = new Map<PolledTable, string>();
  /**
   * Rows with events sequenced since the last read: what that read found of them may be older
   * than those events (same DateTStamp, within one second), so it is not recorded; the next
   * read sees them again.
   */
  private readonly touched = new Set<string>();
  private lastReadAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly access: ChangeEventsAccess,
    private readonly tuning: Pick<
      DeliveryTuning,
      "otherWritersPollMs" | "lookbackMs" | "retentionMs"
    >,
    private readonly now: () => Date,
  ) {}

  /** Forgets everything (the lease was taken over: what is stored may have moved on). */
  reset(): void {
    this.known.clear();
    this.position.clear();
    this.saved.clear();
    this.lastReadAt = Number.NEGATIVE_INFINITY;
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
    this.touched.clear();
    const found: FoundRow[] = [];
    for (const table of watched) found.push(...(await this.readTable(table)));
    return found;
  }

  /** Takes in events just sequenced: the newest known version of each row they hold. */
  remember(events: readonly SequencedEvent[]): void {
    for (const event of events) {
      if (!this.position.has(event.WatchTable as PolledTable)) continue;
      this.note(event.WatchTable, event.RowKey, event.DateTStamp, hashOf(event.Payload));
      this.touched.add(knownKey(event.WatchTable, event.RowKey));
    }
  }

  /**
   * Records as events the rows the last read found that no event holds, unless events of the
   * row were sequenced since; resolves to how many.
   */
  async record(found: readonly FoundRow[]): Promise<number> {
    const fresh = found.filter(
      (row) =>
        !this.touched.has(knownKey(row.table, row.key)) &&
        this.isNew(row.table, row.key, row.stamp, hashOf(row.payload)),
    );
    if (fresh.length > 0) {
      const createdAt = this.access.clockMs;
      await this.access.transaction(async (trx) => {
        for (let i = 0; i < fresh.length; i += PAGE_ROWS) {
          await trx
            .insertInto("webhookevent")
            .values(
              fresh.slice(i, i + PAGE_ROWS).map((row) => ({
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
      for (const row of fresh) this.note(row.table, row.key, row.stamp, hashOf(row.payload));
    }
    await this.savePositions();
    return fresh.length;
  }

  private isNew(table: string, key: number, stamp: string, hash: string): boolean {
    const known = this.known.get(knownKey(table, key));
    if (known === undefined) return true;
    // A newer event of the row exists (its stamp came from another clock): not this one.
    if (known.stamp > stamp) return false;
    return known.stamp !== stamp || known.hash !== hash;
  }

  private note(table: string, key: number, stamp: string, hash: string): void {
    const id = knownKey(table, key);
    const known = this.known.get(id);
    if (known === undefined || known.stamp <= stamp) this.known.set(id, { stamp, hash });
  }

  private drop(table: PolledTable): void {
    this.position.delete(table);
    const prefix = `${table}:`;
    for (const id of this.known.keys()) if (id.startsWith(prefix)) this.known.delete(id);
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
    // Newest first, back to the window; then noted oldest first, so the newest of a row wins.
    const recent: { RowKey: number; DateTStamp: string; Payload: string }[] = [];
    let before = Number.MAX_SAFE_INTEGER;
    for (;;) {
      const page = await db
        .selectFrom("webhookevent")
        .select(["Seq", "RowKey", "DateTStamp", "Payload", "CreatedAt"])
        .where("WatchTable", "=", table)
        .where("Seq", "<", before)
        .orderBy("Seq", "desc")
        .limit(PAGE_ROWS)
        .execute();
      recent.push(...page);
      const last = page.at(-1);
      if (page.length < PAGE_ROWS || last === undefined || Number(last.CreatedAt) < from) break;
      before = Number(last.Seq);
    }
    for (const event of recent.reverse()) {
      this.note(table, Number(event.RowKey), event.DateTStamp, hashOf(event.Payload));
    }
  }

  private async readTable(table: PolledTable): Promise<FoundRow[]> {
    const position = this.position.get(table) ?? formatLocalDateTime(this.now());
    const windowStart = formatLocalDateTime(
      new Date(parseLocalDateTime(position).getTime() - this.tuning.lookbackMs),
    );
    const found: FoundRow[] = [];
    let newest = position;
    let after = { stamp: windowStart, key: 0 };
    for (;;) {
      const page = await readPage(this.access.db, table, after);
      for (const row of page) {
        if (row.stamp > newest) newest = row.stamp;
        if (this.isNew(table, row.key, row.stamp, hashOf(row.payload))) {
          found.push({ table, ...row });
        }
      }
      const last = page.at(-1);
      if (page.length < PAGE_ROWS || last === undefined) break;
      after = { stamp: last.stamp, key: last.key };
    }
    // A stamp ahead of this clock (another machine's) must not push the window past rows
    // stamped by this one.
    const nowText = formatLocalDateTime(this.now());
    this.position.set(table, earliest(newest, nowText));
    this.forgetBefore(table, windowStart);
    return found;
  }

  /** Known versions older than the window are never compared again. */
  private forgetBefore(table: PolledTable, windowStart: string): void {
    const prefix = `${table}:`;
    for (const [id, known] of this.known) {
      if (id.startsWith(prefix) && known.stamp < windowStart) this.known.delete(id);
    }
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
