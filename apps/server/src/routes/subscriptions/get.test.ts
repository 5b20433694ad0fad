import { expect, it } from "vitest";
import { DEMO_API_KEY } from "../../config.js";
import { messages } from "../../domain/errors.js";
import { AUTH, describeEachBackend } from "../../testing/index.js";

type Row = Record<string, unknown>;

const OTHER = { developerKey: "dev-2", customerKey: "customer-2" };
const OTHER_AUTH = `ODFHIR ${OTHER.developerKey}/${OTHER.customerKey}`;
// Nothing listens there: no test in this file makes a change, so nothing is ever sent.
const RECEIVER = "http://127.0.0.1:9/hook";

describeEachBackend(
  "GET /subscriptions",
  (server) => {
    const create = async (auth: string, body: Row = {}) => {
      const reply = await server().request("POST", "/subscriptions", {
        body: { EndPointUrl: RECEIVER, WatchTable: "RefAttach", PollingSeconds: 60, ...body },
        headers: { Authorization: auth, "Content-Type": "application/json" },
      });
      expect(reply.status).toBe(201);
      const { signingSecret: _, ...subscription } = reply.body as Row;
      return subscription;
    };
    const list = async (query = "", auth = AUTH) =>
      server().request("GET", `/subscriptions${query}`, { headers: { Authorization: auth } });

    it("lists only the caller's subscriptions, by SubscriptionNum, one page at a time", async () => {
      const mine = [await create(AUTH, { Note: "first" }), await create(AUTH, { Note: "second" })];
      const theirs = await create(OTHER_AUTH, { Note: "theirs" });
      mine.push(await create(AUTH, { Note: "third" }));

      expect(await list()).toMatchObject({ status: 200, body: mine });
      expect(await list("", OTHER_AUTH)).toMatchObject({ status: 200, body: [theirs] });
      expect((theirs as Row).CustomerKey).toBe(OTHER.customerKey);
      expect((await list("?Limit=2")).body).toEqual(mine.slice(0, 2));
      expect((await list("?Limit=2&Offset=2")).body).toEqual(mine.slice(2));
    });

    it("writes date-times in DateTimeFormatString and text on one line", async () => {
      const created = await create(AUTH, {
        DateTimeStart: "2024-05-01 12:00:03",
        Note: "line one\r\nline two",
      });
      const reply = await list("?DateTimeFormatString=MM%2Fdd%2Fyyyy%20HH%3Amm&Limit=100");
      const shown = (reply.body as Row[]).find(
        (s) => s.SubscriptionNum === created.SubscriptionNum,
      );
      expect(shown).toMatchObject({
        DateTimeStart: "05/01/2024 12:00",
        DateTimeStop: "01/01/0001 00:00",
        DateTimeLastFailure: "01/01/0001 00:00",
        Note: "line one line two",
      });
      // What is stored keeps the line break.
      const row = await server()
        .database.db.selectFrom("webhooksubscription")
        .select("Note")
        .where("SubscriptionNum", "=", created.SubscriptionNum as number)
        .executeTakeFirstOrThrow();
      expect(row.Note).toBe("line one\r\nline two");
    });

    it("is empty for a customer without subscriptions", async () => {
      const reply = await server().request("GET", "/subscriptions", {
        headers: { Authorization: `ODFHIR dev-3/customer-3` },
      });
      expect(reply).toMatchObject({ status: 200, body: [] });
    });

    it.each([
      ["Limit=101", "Limit must be at most 100"],
      ["Offset=-1", "Offset must be at least 0"],
      ["CustomerKey=customer-2", messages.invalidParameter("CustomerKey")],
    ])("rejects ?%s with 400", async (query, explanation) => {
      expect(await list(`?${query}`)).toMatchObject({ status: 400, body: explanation });
    });

    it("401s without a key", async () => {
      expect((await server().request("GET", "/subscriptions", { headers: {} })).status).toBe(401);
    });
  },
  {
    apiKeys: [DEMO_API_KEY, OTHER, { developerKey: "dev-3", customerKey: "customer-3" }],
    webhooks: { allowPrivateUrls: true },
  },
);
