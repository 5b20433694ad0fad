// The delivery loop, inside the server's process: in whichever process holds the `delivery`
// lease (lease.ts), each pass sequences committed events (sequencer.ts), reads rows other
// programs changed while a subscription watches their table (poller.ts), starts the deliveries
// that are due (deliverer.ts; one at a time per subscription, several subscriptions at once)
// and now and then deletes old events (pruner.ts). A write of this process wakes it at once;
// otherwise it looks again every DeliveryTuning.pollMs, which is how events of other processes
// and retries that come due are found. The others only try the lease now and then.
import type { Logger } from "../logger.js";
import type { ChangeEventsAccess } from "../store/store.js";
import type { Resolve } from "../webhooks/endpoint-url.js";
import type { SubscriptionRow } from "./batch.js";
import { Deliverer } from "./deliverer.js";
import { Lease } from "./lease.js";
import { OtherWritersPoll } from "./poller.js";
import { pruneEvents } from "./pruner.js";
import { Sequencer } from "./sequencer.js";
import { DELIVERY_TUNING, type DeliveryTuning } from "./tuning.js";

/** How often old events are looked for. */
const PRUNE_EVERY_MS = 60_000;

export interface DeliveryLoopOptions {
  logger: Logger;
  /** NODE_ENV is production: EndPointUrls must be https://. */
  production: boolean;
  /** WEBHOOK_ALLOW_PRIVATE_URLS. */
  allowPrivateUrls: boolean;
  /** Tests shorten the waits. */
  tuning?: Partial<DeliveryTuning>;
  /** How EndPointUrl hosts are resolved; default: the system's resolver. */
  resolve?: Resolve;
}

/** The code or name of a failure, never its message (a driver's can quote values). */
function failureName(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === "string") return code;
  return error instanceof Error ? error.name : "unknown";
}

export class DeliveryLoop {
  private readonly tuning: DeliveryTuning;
  private readonly lease: Lease;
  private readonly sequencer: Sequencer;
  private readonly poll: OtherWritersPoll;
  private readonly deliverer: Deliverer;
  private readonly logger: Logger;
  /** Deliveries under way, by SubscriptionNum. */
  private readonly inFlight = new Map<number, Promise<void>>();
  /**
   * Subscriptions that found nothing to send, with the highest Seq there was then: they are
   * not looked at again until events are sequenced after it.
   */
  private readonly idleAt = new Map<number, number | undefined>();
  /** Aborted when the server stops and the drain time is over. */
  private readonly cut = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private pass: Promise<void> | undefined;
  /** A wake during a pass: run another right after it. */
  private again = false;
  /** A pass is due at once: further wakes until it runs change nothing (one per commit). */
  private woken = false;
  private stopping = false;
  private holding = false;
  private failing = false;
  private lastPruneAt = Number.NEGATIVE_INFINITY;
  private stopListening: (() => void) | undefined;

  constructor(
    private readonly access: ChangeEventsAccess,
    options: DeliveryLoopOptions,
  ) {
    this.tuning = { ...DELIVERY_TUNING, ...options.tuning };
    this.logger = options.logger;
    const now = () => new Date();
    this.lease = new Lease(access, this.tuning.leaseTtlMs);
    this.sequencer = new Sequencer(access, this.lease);
    this.poll = new OtherWritersPoll(access, this.tuning, now);
    this.deliverer = new Deliverer(access, {
      logger: options.logger,
      production: options.production,
      allowPrivateUrls: options.allowPrivateUrls,
      tuning: this.tuning,
      now,
      random: Math.random,
      ...(options.resolve && { resolve: options.resolve }),
    });
  }

  start(): void {
    this.stopListening = this.access.onCommit(() => this.wake());
    this.schedule(0);
  }

  /**
   * Runs a pass as soon as possible (a write of this process committed events). Only the
   * holder: another process only tries the lease now and then, however often it writes.
   */
  wake(): void {
    if (this.stopping || !this.holding) return;
    if (this.pass) this.again = true;
    else if (!this.woken) {
      this.woken = true;
      this.schedule(0);
    }
  }

  /**
   * Stops: no new pass or delivery starts; the pass and the deliveries under way get up to
   * `drainMs` to finish, then are cut (a cut batch stays pending and is sent again later).
   * The lease is given up, so another process takes over at once.
   */
  async stop(drainMs: number): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    this.stopListening?.();
    const under = Promise.all([this.pass, ...this.inFlight.values()]);
    let timer: NodeJS.Timeout | undefined;
    const drained = await Promise.race([
      under.then(() => true),
      new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), drainMs);
      }),
    ]);
    clearTimeout(timer);
    if (!drained) {
      this.cut.abort();
      await under;
    }
    await this.lease.release().catch(() => {});
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.run(), ms);
  }

  private run(): void {
    this.woken = false;
    if (this.stopping || this.pass) return;
    this.again = false;
    this.pass = this.runPass()
      .catch((error: unknown) => {
        if (!this.failing) {
          this.failing = true;
          this.logger.warn(
            { err: { name: failureName(error) } },
            "change events: the database failed; trying again",
          );
        }
        return this.tuning.pollMs;
      })
      .then((nextMs) => {
        this.pass = undefined;
        if (!this.stopping) this.schedule(this.again ? 0 : nextMs);
      });
  }

  /** One pass; resolves to how long until the next. */
  private async runPass(): Promise<number> {
    const lease = await this.lease.hold();
    if (lease === "busy") {
      if (this.holding) this.logger.info("change events: another process delivers now");
      this.holding = false;
      // Not the holder: only try the lease again, a little less often than the holder looks.
      return 2 * this.tuning.pollMs;
    }
    if (lease === "taken") {
      this.holding = true;
      this.poll.reset();
      this.idleAt.clear();
      this.sequencer.top = undefined;
      this.logger.info("change events: this process delivers");
    }
    const subscriptions = await this.access.db
      .selectFrom("webhooksubscription")
      .selectAll()
      .where("IsDisabled", "=", 0)
      .orderBy("SubscriptionNum")
      .execute();
    const found = await this.poll.read(subscriptions);
    const remember = (events: Parameters<OtherWritersPoll["remember"]>[0]) =>
      this.poll.remember(events);
    if (!(await this.sequencer.runAll(remember))) return this.tuning.pollMs;
    if (found !== undefined && (await this.poll.record(found)) > 0) {
      await this.sequencer.runAll(remember);
    }
    this.startDeliveries(subscriptions);
    await this.pruneNow();
    if (this.failing) {
      this.failing = false;
      this.logger.info("change events: the database answers again");
    }
    return this.untilDue(subscriptions);
  }

  private startDeliveries(subscriptions: readonly SubscriptionRow[]): void {
    for (const subscription of subscriptions) {
      if (this.inFlight.size >= this.tuning.concurrency) return;
      const num = Number(subscription.SubscriptionNum);
      if (this.inFlight.has(num) || !this.deliverer.isDue(subscription)) continue;
      const top = this.sequencer.top;
      const idle = this.idleAt.has(num) && this.idleAt.get(num) === top;
      if (idle && subscription.PendingId === "") continue;
      this.idleAt.delete(num);
      const delivery = this.deliverer
        .deliver(num, this.cut.signal)
        .then((result) => {
          if (result === "sent") this.wake();
          if (result === "nothing") this.idleAt.set(num, top);
        })
        .catch((error: unknown) => {
          this.logger.warn(
            { subscription: num, err: { name: failureName(error) } },
            "change events: a delivery could not be recorded; trying again",
          );
        })
        .finally(() => this.inFlight.delete(num));
      this.inFlight.set(num, delivery);
    }
  }

  private async pruneNow(): Promise<void> {
    const nowMs = Date.now();
    if (nowMs - this.lastPruneAt < PRUNE_EVERY_MS) return;
    this.lastPruneAt = nowMs;
    const deleted = await pruneEvents(this.access, nowMs - this.tuning.retentionMs);
    if (deleted > 0) this.logger.info({ deleted }, "change events: old events deleted");
  }

  /** The wait until the next pass: the poll interval, or sooner when a delivery comes due. */
  private untilDue(subscriptions: readonly SubscriptionRow[]): number {
    const nowMs = Date.now();
    let wait = this.tuning.pollMs;
    for (const subscription of subscriptions) {
      const due = Number(subscription.NextAttemptAt);
      if (due > nowMs) wait = Math.min(wait, due - nowMs);
    }
    return wait;
  }
}
