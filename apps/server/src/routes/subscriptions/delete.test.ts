import { expect, it } from "vitest";
import { DEMO_API_KEY } from "../../config.js";
import { messages } from "../../domain/errors.js";
import { describeEachBackend } from "../../testing/index.js";

type Row = Record<string, unknown>;

const OTHER_AUTH = "ODFHIR dev-2/customer-2";
// Nothing listens there: no test in this file makes a change, so nothing is ever sent.
const RECEIVER = "http://127.0.0.1:9/hook";

describeEachBackend(
  "DELETE /subscriptions/{SubscriptionNum}",
  (server) => {
    const subscribe = async () => {
      const reply = await server().request("POST", "/subscriptions", {
        body: { EndPointUrl: RECEIVER, WatchTable: "RefAttachDeleted", PollingSeconds: 60 },
      });
      return (reply.body as Row).SubscriptionNum as number;
    };
    const listed = async () =>
      ((await server().request("GET", "/subscriptions")).body as Row[]).map(
        (s) => s.SubscriptionNum,
      );

    it("deletes with 200 and no body; a second delete is a 404", async () => {
      const num = await subscribe();
      const reply = await server().request("DELETE", `/subscriptions/${num}`);
      expect(reply.status).toBe(200);
      expect(reply.body).toBeUndefined();
      expect(await listed()).not.toContain(num);
      expect(await server().request("DELETE", `/subscriptions/${num}`)).toMatchObject({
        status: 404,
        body: messages.subscriptionNotFound,
      });
    });

    it("404s another customer's subscription and keeps it", async () => {
      const num = await subscribe();
      const reply = await server().request("DELETE", `/subscriptions/${num}`, {
        headers: { Authorization: OTHER_AUTH },
      });
      expect(reply).toMatchObject({ status: 404, body: messages.subscriptionNotFound });
      expect(await listed()).toContain(num);
    });

    it("400s a bad key or an unknown parameter and keeps the subscription", async () => {
      const num = await subscribe();
      expect(await server().request("DELETE", "/subscriptions/0")).toMatchObject({
        status: 400,
        body: "SubscriptionNum must be at least 1",
      });
      expect(await server().request("DELETE", `/subscriptions/${num}?Force=1`)).toMatchObject({
        status: 400,
        body: messages.invalidParameter("Force"),
      });
      expect(await listed()).toContain(num);
    });
  },
  {
    apiKeys: [DEMO_API_KEY, { developerKey: "dev-2", customerKey: "customer-2" }],
    webhooks: { allowPrivateUrls: true },
  },
);
