// A receiver that never answers is cut at 15 s, the default deadline (this test waits for it:
// no shortened deadline), and the batch is sent again with the same webhook-id.
import { expect, it } from "vitest";
import { messages } from "../domain/errors.js";
import { captureLogs, describeEachBackend, seedPatient, startReceiver } from "../testing/index.js";
import { DELIVERY_DEADLINE_MS } from "../webhooks/send.js";

const logs = captureLogs();

describeEachBackend(
  "a receiver that hangs",
  (server) => {
    it("is cut at 15 s, the failure is shown, and the retry carries the same webhook-id", async () => {
      expect(DELIVERY_DEADLINE_MS).toBe(15_000);
      logs.lines.length = 0;
      const receiver = await startReceiver();
      receiver.answer = (_, index) => (index === 0 ? "hang" : { status: 204 });
      try {
        const reply = await server().request("POST", "/subscriptions", {
          body: { EndPointUrl: receiver.url, WatchTable: "RefAttach", PollingSeconds: 1 },
        });
        const { SubscriptionNum } = reply.body as { SubscriptionNum: number };
        const PatNum = await seedPatient(server().database.db, 950);
        const created = await server().request("POST", "/refattaches", {
          body: { PatNum, referralName: "Events Hang" },
        });
        await receiver.until((r) => r.length >= 2, 25_000);
        expect(receiver.cutWhileWaiting).toBe(1);
        const [hung, retry] = receiver.received;
        expect(retry?.id).toBe(hung?.id);
        expect(retry?.rows).toEqual([created.body]);
        expect(logs.entries()).toContainEqual(
          expect.objectContaining({
            msg: "delivery failed; will retry",
            subscription: SubscriptionNum,
            attempt: 1,
            reason: messages.deliveryTimeout(15),
          }),
        );
        const listed = await server().request("GET", "/subscriptions");
        expect((listed.body as Record<string, unknown>[])[0]).toMatchObject({
          SubscriptionNum,
          // The retry succeeded; the cut attempt is still the last failure.
          FailureReason: "",
          SubsequentFailures: 0,
          DateTimeLastFailure: expect.not.stringMatching(/^0001-/),
        });
      } finally {
        await receiver.close();
      }
    }, 40_000);
  },
  {
    logger: logs.logger,
    webhooks: { allowPrivateUrls: true, tuning: { pollMs: 100, retryDelaysMs: [50] } },
  },
);
