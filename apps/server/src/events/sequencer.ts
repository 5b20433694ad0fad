// Commit order for the outbox. On MySQL an event with a lower EventNum (autoincrement, taken
// when its statement runs) can commit after one with a higher EventNum, so EventNum order is
// not the order in which events become visible, and a cursor over it could skip one. The
// lease holder alone gives each committed event without one the next Seq, gap-free, in its own
// short transaction; a subscription's cursor moves over Seq only, so an event that commits late
// simply gets a later Seq.
import { compileShape } from "../store/compiled.js";
import type { ChangeEventsAccess } from "../store/store.js";
import type { Lease } from "./lease.js";

/** The most events one run gives a Seq; a burst takes several runs. */
const SEQUENCE_ROWS = 1000;

export interface SequencedEvent {
  WatchTable: string;
  RowKey: number;
  DateTStamp: string;
  Payload: string;
}

export class Sequencer {
  private readonly assign;
  /** The highest Seq given so far (by any holder); undefined until the first run reads it. */
  top: number | undefined;

  constructor(
    private readonly access: ChangeEventsAccess,
    private readonly lease: Lease,
  ) {
    this.assign = compileShape<{ Seq: number; EventNum: number }, never>(
      ["Seq", "EventNum"],
      (slots) =>
        access.db
          .updateTable("webhookevent")
          .set({ Seq: slots.Seq })
          .where("EventNum", "=", slots.EventNum),
    );
  }

  /**
   * Sequences the committed events that have no Seq yet, oldest first, up to SEQUENCE_ROWS.
   * Resolves to them, or to undefined when the lease turned out to be another's.
   */
  run(): Promise<SequencedEvent[] | undefined> {
    return this.access.transaction(async (trx) => {
      if (!(await this.lease.confirm(trx))) return undefined;
      // A plain read: it sees committed events only, and waits for no writer.
      const waiting = await trx
        .selectFrom("webhookevent")
        .select(["EventNum", "WatchTable", "RowKey", "DateTStamp", "Payload"])
        .where("Seq", "is", null)
        .orderBy("EventNum")
        .limit(SEQUENCE_ROWS)
        .execute();
      if (waiting.length === 0 && this.top !== undefined) return [];
      const top = await trx
        .selectFrom("webhookevent")
        .select((eb) => eb.fn.max("Seq").as("top"))
        .executeTakeFirst();
      let next = Number(top?.top ?? 0) + 1;
      for (const event of waiting) {
        await trx.executeQuery(this.assign.bind({ Seq: next, EventNum: Number(event.EventNum) }));
        next += 1;
      }
      this.top = next - 1;
      return waiting.map((event) => ({
        WatchTable: event.WatchTable,
        RowKey: Number(event.RowKey),
        DateTStamp: event.DateTStamp,
        Payload: event.Payload,
      }));
    });
  }

  /** Sequences everything waiting, run after run; false when the lease was lost. */
  async runAll(onSequenced: (events: SequencedEvent[]) => void): Promise<boolean> {
    for (;;) {
      const events = await this.run();
      if (events === undefined) return false;
      onSequenced(events);
      if (events.length < SEQUENCE_ROWS) return true;
    }
  }
}
