// Events are kept for a while (DeliveryTuning.retentionMs, 7 days), so a subscription created
// with a DateTimeStart in the past replays the changes since then; older ones are deleted.
// Events are created in EventNum order, so the old ones are at the start of the primary key:
// each step deletes a bounded range of it, without any index on CreatedAt.
import type { ChangeEventsAccess } from "../store/store.js";

/** Events deleted per statement, and statements per run: a run stays short. */
const PRUNE_ROWS = 1000;
const PRUNE_STEPS = 20;

/** Deletes events created before `cutoffMs`; resolves to how many. */
export async function pruneEvents(access: ChangeEventsAccess, cutoffMs: number): Promise<number> {
  const { db } = access;
  let deleted = 0;
  for (let step = 0; step < PRUNE_STEPS; step += 1) {
    const oldest = await db
      .selectFrom("webhookevent")
      .select(["EventNum", "CreatedAt"])
      .orderBy("EventNum")
      .limit(1)
      .executeTakeFirst();
    if (oldest === undefined || Number(oldest.CreatedAt) >= cutoffMs) break;
    const result = await db
      .deleteFrom("webhookevent")
      .where("EventNum", "<", Number(oldest.EventNum) + PRUNE_ROWS)
      .where("CreatedAt", "<", cutoffMs)
      .executeTakeFirst();
    deleted += Number(result.numDeletedRows);
  }
  return deleted;
}
