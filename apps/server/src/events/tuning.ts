// How the delivery loop is paced. Constants rather than configuration; tests shorten them
// through startServer's options (StartServerOptions.webhooks), never through the environment.

import { RETRY_DELAYS_MS } from "../webhooks/retry-schedule.js";
import { DELIVERY_DEADLINE_MS } from "../webhooks/send.js";

const SECOND = 1000;
const MINUTE = 60 * SECOND;

export interface DeliveryTuning {
  /**
   * How often the lease holder looks for events committed by other processes and for
   * deliveries that have come due. A write of this process wakes it at once.
   */
  pollMs: number;
  /** A lease not renewed for this long expires, and another process may take it over. */
  leaseTtlMs: number;
  /** A delivery attempt gets this long, connecting included (webhooks/send.ts). */
  deadlineMs: number;
  /** The waits after the 1st, 2nd, ... failed attempt of a batch (webhooks/retry-schedule.ts). */
  retryDelaysMs: readonly number[];
  /** How often the tables are read for rows other programs changed (poller.ts). */
  otherWritersPollMs: number;
  /**
   * How far behind the newest DateTStamp seen a full read starts again: a row is stamped when
   * its statement runs, and its transaction may commit later.
   */
  lookbackMs: number;
  /**
   * How far behind it the reads between two full ones start. Each read costs as many rows as
   * were changed in its window (this server's own writes too): a full window every 5 seconds
   * would read each row changed some 60 times.
   */
  nearLookbackMs: number;
  /** How often a read goes back the full `lookbackMs`. */
  fullLookbackEveryMs: number;
  /** How long events are kept, so a new subscription can replay them (pruner.ts). */
  retentionMs: number;
  /** Deliveries of different subscriptions sent at the same time, at most. */
  concurrency: number;
}

export const DELIVERY_TUNING: DeliveryTuning = {
  pollMs: SECOND,
  leaseTtlMs: 10 * SECOND,
  deadlineMs: DELIVERY_DEADLINE_MS,
  retryDelaysMs: RETRY_DELAYS_MS,
  otherWritersPollMs: 5 * SECOND,
  lookbackMs: 5 * MINUTE,
  nearLookbackMs: 15 * SECOND,
  fullLookbackEveryMs: MINUTE,
  retentionMs: 7 * 24 * 60 * MINUTE,
  concurrency: 8,
};
