import { expect, it } from "vitest";
import { DEMO_API_KEY } from "../../config.js";
import { messages } from "../../domain/errors.js";
import { describeEachBackend, type TestServer } from "../../testing/index.js";
import { PREVIOUS_SECRET_MS } from "../../webhooks/secret.js";

type Row = Record<string, unknown>;

const OTHER = { developerKey: "dev-2", customerKey: "customer-2" };
// Nothing listens there: no test in this file makes a change, so nothing is ever sent.
const RECEIVER = "http://127.0.0.1:9/hook";

const storedRow = (server: TestServer, num: unknown) =>
  server.database.db
    .selectFrom("webhooksubscription")
    .selectAll()
    .where("SubscriptionNum", "=", num as number)
    .executeTakeFirstOrThrow();

describeEachBackend(
  "PUT /subscriptions/{SubscriptionNum}",
  (server) => {
    const put = (num: unknown, body: unknown, headers?: Record<string, string>) =>
      server().request("PUT", `/subscriptions/${num}`, { body, ...(headers && { headers }) });

    async function subscription(body: Row = {}): Promise<Row & { signingSecret: string }> {
      const reply = await server().request("POST", "/subscriptions", {
        body: { EndPointUrl: RECEIVER, WatchTable: "RefAttach", PollingSeconds: 60, ...body },
      });
      expect(reply.status).toBe(201);
      return reply.body as Row & { signingSecret: string };
    }

    it("changes the given fields, keeps the others, and shows no secret", async () => {
      const { signingSecret, ...before } = await subscription({ Note: "kept" });
      const reply = await put(before.SubscriptionNum, {
        EndPointUrl: "http://localhost:9/other",
        PollingSeconds: 300,
        Workstation: "BACKOFFICE",
        UiEventType: "x",
        DateTimeStop: "2031-01-01 00:00:00",
      });
      expect(reply).toMatchObject({ status: 200 });
      expect(reply.body).toEqual({
        ...before,
        EndPointUrl: "http://localhost:9/other",
        PollingSeconds: 300,
        Workstation: "BACKOFFICE",
        UiEventType: "x",
        DateTimeStop: "2031-01-01 00:00:00",
      });
      expect((await storedRow(server(), before.SubscriptionNum)).SigningSecret).toBe(signingSecret);
    });

    it('rotateSecret "true" answers a new secret; the previous one signs on for 24 hours', async () => {
      const before = await subscription();
      const started = Date.now();
      const reply = await put(before.SubscriptionNum, { rotateSecret: "true" });
      const body = reply.body as Row;
      expect(reply.status).toBe(200);
      expect(body.signingSecret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
      expect(body.signingSecret).not.toBe(before.signingSecret);
      const row = await storedRow(server(), before.SubscriptionNum);
      expect(row).toMatchObject({
        SigningSecret: body.signingSecret,
        PreviousSecret: before.signingSecret,
      });
      expect(Number(row.PreviousSecretUntil)).toBeGreaterThanOrEqual(started + PREVIOUS_SECRET_MS);
      expect(Number(row.PreviousSecretUntil)).toBeLessThanOrEqual(Date.now() + PREVIOUS_SECRET_MS);

      const unrotated = await put(before.SubscriptionNum, { rotateSecret: "false", Note: "n" });
      expect(unrotated.body).not.toHaveProperty("signingSecret");
      expect((await storedRow(server(), before.SubscriptionNum)).SigningSecret).toBe(
        body.signingSecret,
      );
    });

    it('IsDisabled "true" pauses; "false" resumes now, clearing the failure state', async () => {
      const { SubscriptionNum } = await subscription();
      expect(await put(SubscriptionNum, { IsDisabled: "true" })).toMatchObject({
        status: 200,
        body: { IsDisabled: "true" },
      });
      // As the delivery loop leaves a subscription that gave up.
      await server()
        .database.db.updateTable("webhooksubscription")
        .set({
          FailureReason: messages.deliveryGone,
          SubsequentFailures: 3,
          FirstFailureAt: 1,
          NextAttemptAt: Date.now() + 3_600_000,
          DateTimeLastFailure: "2024-05-01 12:00:00",
          PendingId: "msg_pending",
        })
        .where("SubscriptionNum", "=", SubscriptionNum as number)
        .execute();
      expect(await put(SubscriptionNum, { IsDisabled: "false" })).toMatchObject({
        status: 200,
        body: {
          IsDisabled: "false",
          FailureReason: "",
          SubsequentFailures: 0,
          DateTimeLastFailure: "2024-05-01 12:00:00",
        },
      });
      // The same batch resumes, at once.
      expect(await storedRow(server(), SubscriptionNum)).toMatchObject({
        PendingId: "msg_pending",
        NextAttemptAt: 0,
        FirstFailureAt: 0,
      });
    });

    it("a new DateTimeStop chooses the pending batch again, under a new webhook-id", async () => {
      const { SubscriptionNum } = await subscription();
      await server()
        .database.db.updateTable("webhooksubscription")
        .set({ PendingId: "msg_pending", PendingFirstSeq: 1, PendingLastSeq: 2 })
        .where("SubscriptionNum", "=", SubscriptionNum as number)
        .execute();
      await put(SubscriptionNum, { Note: "unrelated" });
      expect(await storedRow(server(), SubscriptionNum)).toMatchObject({
        PendingId: "msg_pending",
      });
      await put(SubscriptionNum, { DateTimeStop: "2031-01-01 00:00:00" });
      expect(await storedRow(server(), SubscriptionNum)).toMatchObject({
        PendingId: "",
        PendingFirstSeq: 0,
        PendingLastSeq: 0,
      });
    });

    it("404s another customer's subscription and changes nothing", async () => {
      const before = await subscription();
      const theirs = { Authorization: `ODFHIR ${OTHER.developerKey}/${OTHER.customerKey}` };
      const reply = await put(
        before.SubscriptionNum,
        { Note: "mine now" },
        {
          ...theirs,
          "Content-Type": "application/json",
        },
      );
      expect(reply).toMatchObject({ status: 404, body: messages.subscriptionNotFound });
      expect((await storedRow(server(), before.SubscriptionNum)).Note).toBe("");
    });

    it.each([
      [{}, messages.emptyUpdate],
      [{ WatchTable: "Referral" }, messages.readOnlyField("WatchTable")],
      [{ CustomerKey: OTHER.customerKey }, messages.readOnlyField("CustomerKey")],
      [{ DateTimeStart: "2024-01-01 00:00:00" }, messages.readOnlyField("DateTimeStart")],
      [{ SubsequentFailures: 0 }, messages.readOnlyField("SubsequentFailures")],
      [{ signingSecret: "whsec_x" }, messages.readOnlyField("signingSecret")],
      [{ Secret: "x" }, messages.unknownField("Secret")],
      [{ EndPointUrl: "mailto:someone@example.com" }, messages.endPointUrlNotHttp],
      [{ PollingSeconds: 0 }, "PollingSeconds must be at least 1"],
      [{ IsDisabled: true }, 'IsDisabled must be one of "true", "false"'],
      [{ rotateSecret: "yes" }, 'rotateSecret must be one of "true", "false"'],
    ])("refuses %j with 400 and changes nothing", async (body, explanation) => {
      const before = await subscription();
      expect(await put(before.SubscriptionNum, body)).toMatchObject({
        status: 400,
        body: explanation,
      });
      const row = await storedRow(server(), before.SubscriptionNum);
      expect(row).toMatchObject({
        WatchTable: "RefAttach",
        CustomerKey: DEMO_API_KEY.customerKey,
        SigningSecret: before.signingSecret,
        EndPointUrl: RECEIVER,
        PollingSeconds: 60,
      });
    });

    it("404s a subscription that does not exist, 400s a key that is not a number", async () => {
      expect(await put(999_999, { Note: "x" })).toMatchObject({
        status: 404,
        body: messages.subscriptionNotFound,
      });
      expect(await put("abc", { Note: "x" })).toMatchObject({
        status: 400,
        body: "SubscriptionNum must be an integer",
      });
    });
  },
  { apiKeys: [DEMO_API_KEY, OTHER], webhooks: { allowPrivateUrls: true } },
);
