// Change events end to end: the real server writes, its delivery loop sends, and a real
// receiver on 127.0.0.1 records what arrives and answers as each test says. Waiting is a
// bounded poll of the receiver, never a sleep.
import { verifyWebhook } from "@refattaches/webhooks";
import { afterEach, expect, it } from "vitest";
import { DEMO_API_KEY } from "../config.js";
import { messages } from "../domain/errors.js";
import {
  captureLogs,
  describeEachBackend,
  type ReceivedDelivery,
  seedPatient,
  startReceiver,
  type TestReceiver,
} from "../testing/index.js";

type Row = Record<string, unknown>;

const DATE_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

const logs = captureLogs();

/** Short waits: a pass every 100 ms, and retries after 50 ms (PollingSeconds still paces). */
const TUNING = { pollMs: 100, retryDelaysMs: [50, 50, 50, 50, 50, 50] };

describeEachBackend(
  "change events",
  (server) => {
    const receivers: TestReceiver[] = [];
    let nextPatient = 800;

    afterEach(async () => {
      const listed = (await server().request("GET", "/subscriptions")).body as Row[];
      for (const { SubscriptionNum } of listed) {
        await server().request("DELETE", `/subscriptions/${SubscriptionNum}`);
      }
      for (const receiver of receivers.splice(0)) await receiver.close();
    });

    async function subscribe(watchTable: string, body: Row = {}) {
      const receiver = await startReceiver();
      receivers.push(receiver);
      const reply = await server().request("POST", "/subscriptions", {
        body: { EndPointUrl: receiver.url, WatchTable: watchTable, PollingSeconds: 1, ...body },
      });
      expect(reply.status).toBe(201);
      const subscription = reply.body as Row & { SubscriptionNum: number; signingSecret: string };
      return { receiver, subscription };
    }

    const subscriptionNow = async (num: number) =>
      ((await server().request("GET", "/subscriptions")).body as Row[]).find(
        (s) => s.SubscriptionNum === num,
      );

    const rowsOf = (deliveries: readonly ReceivedDelivery[]) => deliveries.flatMap((d) => d.rows);

    async function expectSigned(deliveries: readonly ReceivedDelivery[], secret: string) {
      for (const delivery of deliveries) {
        expect(await verifyWebhook(secret, delivery.headers, delivery.body)).toEqual({
          id: delivery.id,
          timestamp: Number(delivery.timestamp),
        });
      }
    }

    const post = async (path: string, body: Row) => {
      const reply = await server().request("POST", path, { body });
      expect(reply.status).toBe(201);
      return reply.body as Row;
    };

    it("create, update and delete arrive once each, in order, signed, as the API answers them", async () => {
      const attaches = await subscribe("RefAttach");
      const deletions = await subscribe("RefAttachDeleted");
      const referrals = await subscribe("Referral");
      const PatNum = await seedPatient(server().database.db, nextPatient++);

      const created = await post("/refattaches", { PatNum, referralName: "Events Referral A" });
      const updated = await server().request("PUT", `/refattaches/${created.RefAttachNum}`, {
        body: { Note: "Called\r\nback", RefToStatus: "Scheduled" },
      });
      expect(updated.status).toBe(200);
      expect(
        (await server().request("DELETE", `/refattaches/${created.RefAttachNum}`)).status,
      ).toBe(200);

      await attaches.receiver.until((r) => rowsOf(r).length >= 2);
      await deletions.receiver.until((r) => rowsOf(r).length >= 1);
      await referrals.receiver.until((r) => rowsOf(r).length >= 1);

      // The rows as the API answered them (the note's line break written as a space).
      expect(rowsOf(attaches.receiver.received)).toEqual([created, updated.body]);
      expect((updated.body as Row).Note).toBe("Called back");
      expect(rowsOf(deletions.receiver.received)).toEqual([
        {
          RefAttachNum: created.RefAttachNum,
          PatNum,
          ReferralNum: created.ReferralNum,
          DateTStamp: expect.stringMatching(DATE_TIME),
        },
      ]);
      const referral = await server().request("GET", `/referrals/${created.ReferralNum}`);
      expect(rowsOf(referrals.receiver.received)).toEqual([referral.body]);

      for (const { receiver, subscription } of [attaches, deletions, referrals]) {
        await expectSigned(receiver.received, subscription.signingSecret);
        const ids = receiver.received.map((d) => d.id);
        expect(new Set(ids).size).toBe(ids.length);
        for (const delivery of receiver.received) {
          expect(delivery.eventType).toBe(`WatchTable: ${subscription.WatchTable}`);
          expect(delivery.headers["content-type"]).toBe("application/json");
          expect(delivery.headers["user-agent"]).toMatch(/^refattaches-webhooks\/\d+\.\d+\.\d+/);
          expect(delivery.headers.authorization).toBeUndefined();
          expect(JSON.stringify(delivery.headers)).not.toContain(DEMO_API_KEY.customerKey);
        }
      }
      // The cursor: DateTimeStart is the DateTStamp of the last row delivered.
      await expect
        .poll(
          async () => (await subscriptionNow(attaches.subscription.SubscriptionNum))?.DateTimeStart,
        )
        .toBe((updated.body as Row).DateTStamp);
    });

    it("a delete's ItemOrder shifts arrive as changes of the rows it moved", async () => {
      const attaches = await subscribe("RefAttach");
      const PatNum = await seedPatient(server().database.db, nextPatient++);
      const first = await post("/refattaches", { PatNum, referralName: "Events Shift A" });
      await post("/refattaches", { PatNum, referralName: "Events Shift B" });
      await post("/refattaches", { PatNum, referralName: "Events Shift C" });
      await attaches.receiver.until((r) => rowsOf(r).length >= 3);
      await server().request("DELETE", `/refattaches/${first.RefAttachNum}`);
      await attaches.receiver.until((r) => rowsOf(r).length >= 5);
      const after = (await server().request("GET", `/refattaches?PatNum=${PatNum}`)).body;
      expect(rowsOf(attaches.receiver.received).slice(3)).toEqual(after);
      expect((after as Row[]).map((r) => r.ItemOrder)).toEqual([0, 1]);
    });

    it("a receiver that answers 500 three times, then 200, gets the batch with one webhook-id", async () => {
      const { receiver, subscription } = await subscribe("RefAttach");
      receiver.answer = (_, index) => ({ status: index < 3 ? 500 : 200 });
      const PatNum = await seedPatient(server().database.db, nextPatient++);
      const created = await post("/refattaches", { PatNum, referralName: "Events Retry" });

      await receiver.until((r) => r.length >= 4);
      const [firstAttempt, ...retries] = receiver.received;
      for (const retry of retries) {
        expect(retry.id).toBe(firstAttempt?.id);
        expect(retry.body).toBe(firstAttempt?.body);
      }
      expect(receiver.accepted()).toHaveLength(1);
      expect(rowsOf(receiver.accepted())).toEqual([created]);
      await expectSigned(receiver.received, subscription.signingSecret);
      await expect
        .poll(() => subscriptionNow(subscription.SubscriptionNum))
        .toMatchObject({
          FailureReason: "",
          SubsequentFailures: 0,
          DateTimeLastFailure: expect.stringMatching(DATE_TIME),
          DateTimeStart: created.DateTStamp,
        });
      expect((await subscriptionNow(subscription.SubscriptionNum))?.DateTimeLastFailure).not.toBe(
        "0001-01-01 00:00:00",
      );
    });

    it("GET shows the failures while a receiver keeps failing", async () => {
      const { receiver, subscription } = await subscribe("RefAttach");
      receiver.answer = () => ({ status: 503 });
      const PatNum = await seedPatient(server().database.db, nextPatient++);
      await post("/refattaches", { PatNum, referralName: "Events Failing" });
      await expect
        .poll(
          async () => (await subscriptionNow(subscription.SubscriptionNum))?.SubsequentFailures,
          {
            timeout: 15_000,
          },
        )
        .toBeGreaterThanOrEqual(2);
      expect(await subscriptionNow(subscription.SubscriptionNum)).toMatchObject({
        IsDisabled: "false",
        FailureReason: messages.deliveryStatus(503),
        DateTimeLastFailure: expect.stringMatching(DATE_TIME),
      });
      expect(new Set(receiver.received.map((d) => d.id)).size).toBe(1);
    });

    it('410 disables at once; IsDisabled "false" resumes with the same batch, then the next', async () => {
      const { receiver, subscription } = await subscribe("RefAttach");
      receiver.answer = (_, index) => ({ status: index === 0 ? 410 : 200 });
      const PatNum = await seedPatient(server().database.db, nextPatient++);
      const first = await post("/refattaches", { PatNum, referralName: "Events Gone A" });
      await expect
        .poll(() => subscriptionNow(subscription.SubscriptionNum))
        .toMatchObject({ IsDisabled: "true", FailureReason: messages.deliveryGone });
      const second = await post("/refattaches", { PatNum, referralName: "Events Gone B" });
      expect(receiver.received).toHaveLength(1);

      const resumed = await server().request(
        "PUT",
        `/subscriptions/${subscription.SubscriptionNum}`,
        { body: { IsDisabled: "false" } },
      );
      expect(resumed).toMatchObject({
        status: 200,
        body: { IsDisabled: "false", FailureReason: "", SubsequentFailures: 0 },
      });
      await receiver.until((r) => rowsOf(r).length >= 3);
      const [gone, again, next] = receiver.received;
      expect(again?.id).toBe(gone?.id);
      expect(again?.rows).toEqual([first]);
      expect(next?.id).not.toBe(gone?.id);
      expect(next?.rows).toEqual([second]);
    });

    it("a DateTimeStart in the past replays the changes made since then; none before", async () => {
      const PatNum = await seedPatient(server().database.db, nextPatient++);
      const before = await post("/refattaches", { PatNum, referralName: "Events Replay A" });
      const { receiver } = await subscribe("RefAttach", { DateTimeStart: before.DateTStamp });
      await receiver.until((r) => rowsOf(r).length >= 1);
      expect(rowsOf(receiver.received)[0]).toEqual(before);

      const late = await subscribe("RefAttach", { DateTimeStart: "2999-01-01 00:00:00" });
      const after = await post("/refattaches", { PatNum, referralName: "Events Replay B" });
      await receiver.until((r) => rowsOf(r).length >= 2);
      expect(rowsOf(receiver.received)).toEqual([before, after]);
      // The other subscription's changes start in 2999: it was sent nothing.
      expect(late.receiver.received).toEqual([]);
    });

    it("rows written by another program are found and delivered", async () => {
      const { receiver, subscription } = await subscribe("RefAttach");
      const PatNum = await seedPatient(server().database.db, nextPatient++);
      const { db } = server().database;
      const stamp = subscription.DateTimeStart as string;
      // As Open Dental's desktop writes it, straight into the table.
      await db
        .insertInto("refattach")
        .values({
          ReferralNum: 17,
          PatNum,
          ItemOrder: 0,
          RefDate: "2024-02-03",
          RefType: 1,
          RefToStatus: 0,
          Note: "written elsewhere",
          IsTransitionOfCare: 0,
          ProcNum: 0,
          DateProcComplete: "0001-01-01",
          ProvNum: 0,
          DateTStamp: stamp,
        })
        .execute();
      await receiver.until((r) => rowsOf(r).length >= 1);
      const listed = (await server().request("GET", `/refattaches?PatNum=${PatNum}`)).body;
      expect(rowsOf(receiver.received)).toEqual(listed);
      // Made through the API afterwards, a change is sent once, not found again as well.
      const created = await post("/refattaches", { PatNum, referralName: "Events Elsewhere" });
      await receiver.until((r) => rowsOf(r).length >= 2);
      expect(rowsOf(receiver.received)[1]).toEqual(created);
      const nums = rowsOf(receiver.received).map((r) => r.RefAttachNum);
      expect(new Set(nums).size).toBe(nums.length);
    });

    it("logs subscription numbers, statuses and reasons; never rows, URLs, secrets or keys", async () => {
      // The backends' servers share the one capture: start from an empty one.
      logs.lines.length = 0;
      const note = "Patient Jane Roe, see chart";
      const { receiver, subscription } = await subscribe("RefAttach", {
        EndPointUrl: "http://127.0.0.1:9/hook?token=query-secret",
      });
      const PatNum = await seedPatient(server().database.db, nextPatient++);
      await post("/refattaches", { PatNum, referralName: "Events Logged", Note: note });
      await expect
        .poll(() => logs.entries().filter((e) => e.subscription === subscription.SubscriptionNum))
        .toContainEqual(
          expect.objectContaining({
            msg: "delivery failed; will retry",
            attempt: 1,
            rows: 1,
            reason: messages.deliveryRefused,
          }),
        );
      await server().request("PUT", `/subscriptions/${subscription.SubscriptionNum}`, {
        body: { EndPointUrl: receiver.url },
      });
      await receiver.until((r) => r.length >= 1);
      await expect
        .poll(() => logs.entries().filter((e) => e.subscription === subscription.SubscriptionNum))
        .toContainEqual(expect.objectContaining({ msg: "delivered", status: 200, rows: 1 }));
      const written = logs.lines.join("\n");
      for (const secret of [
        note,
        "query-secret",
        "Events Logged",
        subscription.signingSecret,
        DEMO_API_KEY.customerKey,
        receiver.url,
      ]) {
        expect(written).not.toContain(secret);
      }
    });
  },
  {
    logger: logs.logger,
    webhooks: { allowPrivateUrls: true, tuning: { ...TUNING, otherWritersPollMs: 200 } },
  },
);
