// What the subscription methods send and how they read the answers, through a fetch that records
// each request and answers it as the spec says the server does.
import type { Subscription, SubscriptionWithSecret } from "@refattaches/api-types";
import { describe, expect, test } from "vitest";
import { createRefAttachesClient, RefAttachesError, WatchTable } from "./index.js";

interface Sent {
  method: string;
  url: URL;
  authorization: string | null;
  contentType: string | null;
  body: unknown;
}

const subscription: Subscription = {
  SubscriptionNum: 3,
  EndPointUrl: "https://example.com/hooks/refattaches",
  Workstation: "",
  CustomerKey: "cust",
  WatchTable: "RefAttach",
  PollingSeconds: 60,
  UiEventType: "",
  DateTimeStart: "2024-05-01 11:58:40",
  DateTimeStop: "0001-01-01 00:00:00",
  Note: "Referral tracker",
  IsDisabled: "false",
  DateTimeLastFailure: "0001-01-01 00:00:00",
  FailureReason: "",
  SubsequentFailures: 0,
};
const withSecret: SubscriptionWithSecret = {
  ...subscription,
  signingSecret: "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD8yJ1U7O1ZyM=",
};

/** A client whose requests are recorded and answered by `answer`, in order. */
function clientAnswering(...answers: [number, unknown][]) {
  const sent: Sent[] = [];
  const client = createRefAttachesClient({
    developerKey: "dev",
    customerKey: "cust",
    retry: false,
    fetch: async (request) => {
      const text = await request.text();
      sent.push({
        method: request.method,
        url: new URL(request.url),
        authorization: request.headers.get("Authorization"),
        contentType: request.headers.get("Content-Type"),
        body: text === "" ? undefined : JSON.parse(text),
      });
      const [status, body] = answers[sent.length - 1] ?? [500, "no answer scripted"];
      return body === undefined ? new Response(null, { status }) : Response.json(body, { status });
    },
  });
  return { client, sent };
}

describe("client.subscriptions", () => {
  test("create POSTs the body and resolves to the subscription with its secret", async () => {
    const { client, sent } = clientAnswering([201, withSecret]);
    const body = {
      EndPointUrl: "https://example.com/hooks/refattaches",
      WatchTable: WatchTable.RefAttach,
      PollingSeconds: 60,
    };
    expect(await client.subscriptions.create(body)).toEqual(withSecret);
    expect(sent).toEqual([
      {
        method: "POST",
        url: new URL("http://localhost:3000/api/v1/subscriptions"),
        authorization: "ODFHIR dev/cust",
        contentType: "application/json",
        body,
      },
    ]);
  });

  test("list GETs one page, without a body or Content-Type", async () => {
    const { client, sent } = clientAnswering([200, [subscription]]);
    expect(await client.subscriptions.list({ Limit: 10 })).toEqual([subscription]);
    expect(sent[0]).toMatchObject({ method: "GET", contentType: null, body: undefined });
    expect(sent[0]?.url.pathname).toBe("/api/v1/subscriptions");
    expect([...(sent[0]?.url.searchParams ?? [])]).toEqual([["Limit", "10"]]);
  });

  test("listAll follows Limit and Offset until a short page", async () => {
    const second = { ...subscription, SubscriptionNum: 4 };
    const third = { ...subscription, SubscriptionNum: 5 };
    const { client, sent } = clientAnswering([200, [subscription, second]], [200, [third]]);
    const rows: Subscription[] = [];
    for await (const row of client.subscriptions.listAll({}, { pageSize: 2 })) rows.push(row);
    expect(rows.map((row) => row.SubscriptionNum)).toEqual([3, 4, 5]);
    expect(sent.map((request) => request.url.search)).toEqual([
      "?Limit=2&Offset=0",
      "?Limit=2&Offset=2",
    ]);
  });

  test("update PUTs the changes to the subscription's URL", async () => {
    const { client, sent } = clientAnswering([200, withSecret]);
    const rotated = await client.subscriptions.update(3, { rotateSecret: "true" });
    expect(rotated.signingSecret).toBe(withSecret.signingSecret);
    expect(sent[0]).toMatchObject({ method: "PUT", body: { rotateSecret: "true" } });
    expect(sent[0]?.url.pathname).toBe("/api/v1/subscriptions/3");
  });

  test("remove DELETEs and resolves to nothing", async () => {
    const { client, sent } = clientAnswering([200, undefined]);
    expect(await client.subscriptions.remove(3)).toBeUndefined();
    expect(sent[0]).toMatchObject({ method: "DELETE", contentType: null, body: undefined });
    expect(sent[0]?.url.pathname).toBe("/api/v1/subscriptions/3");
  });

  test("an error answer is a RefAttachesError naming the operation", async () => {
    const { client } = clientAnswering(
      [400, "EndPointUrl must be an https:// URL in production"],
      [404, "Subscription not found"],
      [404, "Subscription not found"],
    );
    const create = client.subscriptions.create({
      EndPointUrl: "http://example.com/",
      WatchTable: "Referral",
      PollingSeconds: 5,
    });
    await expect(create).rejects.toEqual(
      new RefAttachesError(
        "createSubscription",
        400,
        "EndPointUrl must be an https:// URL in production",
      ),
    );
    await expect(client.subscriptions.update(9, { Note: "" })).rejects.toMatchObject({
      operation: "updateSubscription",
      status: 404,
    });
    await expect(client.subscriptions.remove(9)).rejects.toMatchObject({
      operation: "deleteSubscription",
      status: 404,
      explanation: "Subscription not found",
    });
  });
});
