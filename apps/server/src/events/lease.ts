// The delivery loop runs in one process at a time, whichever holds the `delivery` lease: a row
// of webhooklease taken or renewed by one conditional update (it is ours, or it has expired),
// by the database's clock, which every server sharing the database agrees on. It works the
// same for WORKERS=N and for several servers on one MariaDB; a holder that dies (even by
// SIGKILL) stops renewing, and another process takes over once the lease expires.
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { sql, type Transaction } from "kysely";
import type { Database } from "../store/schema.js";
import type { ChangeEventsAccess } from "../store/store.js";

export const DELIVERY_JOB = "delivery";

export class Lease {
  /** This process among all that may hold it, as the lease row records it. */
  readonly holder = `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
  /** When (by this process's clock) the lease was last taken or renewed; 0: not held. */
  private renewedAt = 0;
  private rowCreated = false;

  constructor(
    private readonly access: ChangeEventsAccess,
    private readonly ttlMs: number,
    private readonly job = DELIVERY_JOB,
  ) {}

  /** Whether this process believed it held the lease at its last renewal, and still does. */
  get held(): boolean {
    return this.renewedAt !== 0 && performance.now() - this.renewedAt < this.ttlMs;
  }

  /**
   * Takes the lease if it is free or expired, or renews it when a third of its time has
   * passed. Resolves to `taken` when this call took it over (the work must then resume from
   * what is stored), `held` when it already held it, or `busy` when another holds it.
   */
  async hold(): Promise<"taken" | "held" | "busy"> {
    if (this.held && performance.now() - this.renewedAt < this.ttlMs / 3) return "held";
    const wasHeld = this.held;
    const started = performance.now();
    const { db, clockMs } = this.access;
    if (!this.rowCreated) {
      // The row exists from the first time any process asks for it.
      await db
        .insertInto("webhooklease")
        .values({ Job: this.job, Holder: "", Expires: 0, Position: "" })
        .orIgnore()
        .execute();
      this.rowCreated = true;
    }
    const result = await db
      .updateTable("webhooklease")
      .set({ Holder: this.holder, Expires: sql<number>`${clockMs} + ${this.ttlMs}` })
      .where("Job", "=", this.job)
      .where((eb) => eb.or([eb("Holder", "=", this.holder), eb("Expires", "<", clockMs)]))
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) {
      this.renewedAt = 0;
      return "busy";
    }
    this.renewedAt = started;
    return wasHeld ? "held" : "taken";
  }

  /**
   * Inside a transaction that must only commit while the lease is ours (sequencing): locks the
   * lease row, so no one can take it over meanwhile, and says whether it is still ours.
   */
  async confirm(trx: Transaction<Database>): Promise<boolean> {
    const row = await trx
      .selectFrom("webhooklease")
      .select(["Holder", "Expires", this.access.clockMs.as("now")])
      .where("Job", "=", this.job)
      .$if(this.access.rowLocks, (q) => q.forUpdate())
      .executeTakeFirst();
    return row !== undefined && row.Holder === this.holder && Number(row.Expires) > Number(row.now);
  }

  /** Gives the lease up at once (on shutdown), so another process need not wait for it. */
  async release(): Promise<void> {
    if (this.renewedAt === 0) return;
    this.renewedAt = 0;
    await this.access.db
      .updateTable("webhooklease")
      .set({ Expires: 0 })
      .where("Job", "=", this.job)
      .where("Holder", "=", this.holder)
      .execute();
  }
}
