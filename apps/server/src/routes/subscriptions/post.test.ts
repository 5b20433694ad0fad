import { expect, it } from "vitest";
import { DEMO_API_KEY } from "../../config.js";
import { messages } from "../../domain/errors.js";
import { describeEachBackend, type TestServer } from "../../testing/index.js";

type Row = Record<string, unknown>;

const DATE_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
// Nothing listens there: no test in this file makes a change, so nothing is ever sent.
const RECEIVER = "http://127.0.0.1:9/hook";

const stored = (server: TestServer) =>
  server.database.db.selectFrom("webhooksubscription").selectAll().execute();

describeEachBackend(
  "POST /subscriptions",
  (server) => {
    const post = (body: unknown) => server().request("POST", "/subscriptions", { body });

    it("creates with Open Dental's defaults, the caller's CustomerKey and a one-time secret", async () => {
      const reply = await post({
        EndPointUrl: RECEIVER,
        WatchTable: "RefAttach",
        PollingSeconds: 60,
      });
      expect(reply.status).toBe(201);
      const body = reply.body as Row;
      expect(body).toEqual({
        SubscriptionNum: expect.any(Number),
        EndPointUrl: RECEIVER,
        Workstation: "",
        CustomerKey: DEMO_API_KEY.customerKey,
        WatchTable: "RefAttach",
        PollingSeconds: 60,
        UiEventType: "",
        DateTimeStart: expect.stringMatching(DATE_TIME),
        DateTimeStop: "0001-01-01 00:00:00",
        Note: "",
        IsDisabled: "false",
        DateTimeLastFailure: "0001-01-01 00:00:00",
        FailureReason: "",
        SubsequentFailures: 0,
        signingSecret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/),
      });
      // Open Dental's field order, then the delivery state, then the secret.
      expect(Object.keys(body)).toEqual([
        "SubscriptionNum",
        "EndPointUrl",
        "Workstation",
        "CustomerKey",
        "WatchTable",
        "PollingSeconds",
        "UiEventType",
        "DateTimeStart",
        "DateTimeStop",
        "Note",
        "IsDisabled",
        "DateTimeLastFailure",
        "FailureReason",
        "SubsequentFailures",
        "signingSecret",
      ]);
      expect(reply.headers.get("Location")).toBe(`/api/v1/subscriptions/${body.SubscriptionNum}`);
      const [row] = (await stored(server())).filter(
        (r) => Number(r.SubscriptionNum) === body.SubscriptionNum,
      );
      expect(row).toMatchObject({
        CustomerKey: DEMO_API_KEY.customerKey,
        SigningSecret: body.signingSecret,
        ChangesSince: body.DateTimeStart,
        CursorSeq: 0,
        PendingId: "",
      });
      // No later answer shows the secret.
      const listed = (await server().request("GET", "/subscriptions")).body as Row[];
      const again = listed.find((s) => s.SubscriptionNum === body.SubscriptionNum);
      const { signingSecret: _, ...withoutSecret } = body;
      expect(again).toEqual(withoutSecret);
    });

    it("stores every field a create may set, and a DateTimeStart in the past", async () => {
      const reply = await post({
        EndPointUrl: "http://localhost:9/hooks?source=refattaches",
        Workstation: "FRONTDESK",
        WatchTable: "Referral",
        PollingSeconds: 86_400,
        UiEventType: "none",
        DateTimeStart: "2024-01-01 00:00:00",
        DateTimeStop: "2030-12-31 23:59:59",
        Note: "Referral tracker",
      });
      expect(reply).toMatchObject({
        status: 201,
        body: {
          EndPointUrl: "http://localhost:9/hooks?source=refattaches",
          Workstation: "FRONTDESK",
          WatchTable: "Referral",
          PollingSeconds: 86_400,
          UiEventType: "none",
          DateTimeStart: "2024-01-01 00:00:00",
          DateTimeStop: "2030-12-31 23:59:59",
          Note: "Referral tracker",
        },
      });
    });

    it.each([
      [{ CustomerKey: "someone-else" }, messages.readOnlyField("CustomerKey")],
      [{ SubscriptionNum: 5 }, messages.readOnlyField("SubscriptionNum")],
      [{ IsDisabled: "true" }, messages.readOnlyField("IsDisabled")],
      [{ signingSecret: "whsec_x" }, messages.readOnlyField("signingSecret")],
      [{ FailureReason: "" }, messages.readOnlyField("FailureReason")],
      [{ Secret: "x" }, messages.unknownField("Secret")],
      [{ EndPointUrl: "ftp://127.0.0.1/hook" }, messages.endPointUrlNotHttp],
      [{ EndPointUrl: "/hook" }, messages.endPointUrlNotHttp],
      [{ EndPointUrl: " http://127.0.0.1/hook" }, messages.endPointUrlNotHttp],
      [{ EndPointUrl: "http://user:pw@127.0.0.1/hook" }, messages.endPointUrlCredentials],
      [
        { EndPointUrl: `http://127.0.0.1/${"a".repeat(2048)}` },
        "EndPointUrl must be at most 2048 characters",
      ],
      [
        { WatchTable: "Patient" },
        'WatchTable must be one of "RefAttach", "RefAttachDeleted", "Referral"',
      ],
      [{ PollingSeconds: 0 }, "PollingSeconds must be at least 1"],
      [{ PollingSeconds: 86_401 }, "PollingSeconds must be at most 86400"],
      [{ PollingSeconds: 1.5 }, "PollingSeconds must be an integer"],
      [{ PollingSeconds: undefined }, "PollingSeconds is required"],
      [
        { DateTimeStart: "2024-01-01" },
        "DateTimeStart must be a valid date and time in yyyy-MM-dd HH:mm:ss format",
      ],
      [{ Note: "x".repeat(256) }, "Note must be at most 255 characters"],
    ])("refuses %j with 400 and creates nothing", async (change, explanation) => {
      const before = await stored(server());
      const body = {
        EndPointUrl: RECEIVER,
        WatchTable: "RefAttach",
        PollingSeconds: 60,
        ...change,
      };
      expect(await post(body)).toMatchObject({ status: 400, body: explanation });
      expect(await stored(server())).toEqual(before);
    });

    it("401s without a key and creates nothing", async () => {
      const before = await stored(server());
      const reply = await server().request("POST", "/subscriptions", {
        body: { EndPointUrl: RECEIVER, WatchTable: "RefAttach", PollingSeconds: 60 },
        headers: { "Content-Type": "application/json" },
      });
      expect(reply.status).toBe(401);
      expect(await stored(server())).toEqual(before);
    });
  },
  { webhooks: { allowPrivateUrls: true } },
);

// The defaults of a deployment: public addresses only, and in production https:// only.
describeEachBackend(
  "POST /subscriptions in production, without WEBHOOK_ALLOW_PRIVATE_URLS",
  (server) => {
    it.each([
      ["http://127.0.0.1/hook", messages.endPointUrlHttpsOnly],
      ["https://127.0.0.1/hook", messages.endPointUrlNotPublic("127.0.0.1", "loopback")],
      ["https://localhost/hook", messages.endPointUrlNotPublic("localhost", "loopback")],
      ["https://[::1]/hook", messages.endPointUrlNotPublic("::1", "loopback")],
      ["https://[::ffff:127.0.0.1]/", messages.endPointUrlNotPublic("::ffff:7f00:1", "loopback")],
      ["https://10.1.2.3/hook", messages.endPointUrlNotPublic("10.1.2.3", "private")],
      ["https://192.168.1.20/", messages.endPointUrlNotPublic("192.168.1.20", "private")],
      ["https://169.254.169.254/", messages.endPointUrlNotPublic("169.254.169.254", "link-local")],
      [
        "https://100.64.0.1/",
        messages.endPointUrlNotPublic("100.64.0.1", "shared address space (CGNAT)"),
      ],
      ["https://0.0.0.0/", messages.endPointUrlNotPublic("0.0.0.0", "unspecified")],
    ])("refuses %s with 400", async (EndPointUrl, explanation) => {
      const reply = await server().request("POST", "/subscriptions", {
        body: { EndPointUrl, WatchTable: "RefAttach", PollingSeconds: 60 },
      });
      expect(reply).toMatchObject({ status: 400, body: explanation });
      expect(await stored(server())).toEqual([]);
    });
  },
  { production: true },
);
