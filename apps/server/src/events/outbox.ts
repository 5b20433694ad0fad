// The outbox: every write of this server records its change events in its own transaction, so
// a change and its event are committed together or not at all. The delivery loop (loop.ts)
// sequences and sends them; this process's loop is woken as soon as such a write commits.
import type { WatchTable } from "@refattaches/api-types";
import type { Kysely, RawBuilder, Transaction } from "kysely";
import { compileShape } from "../store/compiled.js";
import type { Database, WebhookEventTable } from "../store/schema.js";
import type { ChangedRow, ChangeRecorder, StoreDialect } from "../store/store.js";
import { payloadOf, rowKeyOf } from "./payload.js";

type NewEvent = Omit<WebhookEventTable, "EventNum" | "Seq" | "CreatedAt">;

/** The recorder of a database without the outbox table: writes record nothing. */
export const NO_OUTBOX: ChangeRecorder = {
  enabled: false,
  record: async () => {},
};

export class Outbox implements ChangeRecorder {
  readonly enabled = true;
  private readonly listeners = new Set<() => void>();
  /** Transactions that recorded events; the committed one of them wakes the listeners. */
  private readonly recorded = new WeakSet<Transaction<Database>>();
  // Compiled once, like the writes it joins (store/compiled.ts).
  private readonly insert;

  /** `clockMs`: the database's clock, which every server sharing it agrees on. */
  constructor(db: Kysely<Database>, clockMs: RawBuilder<number>) {
    this.insert = compileShape<NewEvent, never>(
      ["WatchTable", "RowKey", "DateTStamp", "Payload"],
      (slots) => db.insertInto("webhookevent").values({ ...slots, CreatedAt: clockMs }),
    );
  }

  async record<T extends WatchTable>(
    trx: Transaction<Database>,
    table: T,
    rows: readonly ChangedRow[T][],
  ): Promise<void> {
    for (const row of rows) {
      await trx.executeQuery(
        this.insert.bind({
          WatchTable: table,
          RowKey: rowKeyOf(table, row),
          DateTStamp: row.DateTStamp,
          Payload: payloadOf(table, row),
        }),
      );
    }
    if (rows.length > 0) this.recorded.add(trx);
  }

  /** `dialect`, whose transactions wake the listeners once they commit with events in them. */
  notifying(dialect: StoreDialect): StoreDialect {
    return {
      ...dialect,
      transaction: async (work) => {
        // A retried transaction runs `work` again in a new one: the last is what committed.
        let last: Transaction<Database> | undefined;
        const result = await dialect.transaction((trx) => {
          last = trx;
          return work(trx);
        });
        if (last !== undefined && this.recorded.has(last)) {
          for (const listener of this.listeners) listener();
        }
        return result;
      },
    };
  }

  /** Calls `listener` after every commit that recorded events; returns its removal. */
  onCommit(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
