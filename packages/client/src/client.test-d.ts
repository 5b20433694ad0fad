import type {
  components,
  referralTypeValues,
  refToStatusValues,
  watchTableValues,
} from "@refattaches/api-types";
import { describe, expectTypeOf, test } from "vitest";
import {
  type CallOptions,
  createRefAttachesClient,
  type Exact,
  type RefAttachCreate,
  type RefAttachesError,
  type RefAttachesOperation,
  ReferralType,
  RefToStatus,
  type Subscription,
  type SubscriptionWithSecret,
  WatchTable,
} from "./index.js";

type Schemas = components["schemas"];

const client = createRefAttachesClient({ developerKey: "dev", customerKey: "cust" });

describe("create", () => {
  test("accepts a body of the spec's RefAttachCreate and returns a RefAttach", () => {
    expectTypeOf(
      client.create({
        PatNum: 972,
        ReferralNum: 17,
        ReferralType: ReferralType.RefTo,
        RefToStatus: "Scheduled",
        ProvNum: 8,
      }),
    ).resolves.toEqualTypeOf<Schemas["RefAttach"]>();
    expectTypeOf(client.create({ PatNum: 972, referralName: "Bokish" })).resolves.toEqualTypeOf<
      Schemas["RefAttach"]
    >();
  });

  test("rejects a wrong enum value", () => {
    // @ts-expect-error "Sideways" is not a ReferralType
    client.create({ PatNum: 972, ReferralNum: 17, ReferralType: "Sideways" });
    // @ts-expect-error "Done" is not a RefToStatus
    client.create({ PatNum: 972, ReferralNum: 17, RefToStatus: "Done" });
    // @ts-expect-error booleans are the strings "true" and "false"
    client.create({ PatNum: 972, ReferralNum: 17, IsTransitionOfCare: true });
  });

  test("rejects an unknown field", () => {
    // @ts-expect-error Foo is not in RefAttachCreate
    client.create({ PatNum: 972, ReferralNum: 17, Foo: 1 });
    // @ts-expect-error field names are case-sensitive
    client.create({ PatNum: 972, referralNum: 17 });
  });

  test("rejects read-only fields", () => {
    // @ts-expect-error RefAttachNum is assigned by the server
    client.create({ PatNum: 972, ReferralNum: 17, RefAttachNum: 5 });
    // @ts-expect-error ItemOrder is assigned by the server
    client.create({ PatNum: 972, ReferralNum: 17, ItemOrder: 0 });
    // @ts-expect-error DateTStamp is set by the server
    client.create({ PatNum: 972, ReferralNum: 17, DateTStamp: "2023-12-07 11:43:15" });
  });

  test("rejects a body without the required PatNum", () => {
    // @ts-expect-error PatNum is required
    client.create({ ReferralNum: 17 });
  });
});

describe("update", () => {
  test("accepts the spec's RefAttachUpdate and returns a RefAttach", () => {
    expectTypeOf(
      client.update(568, { RefToStatus: RefToStatus.Complete, DateProcComplete: "2023-12-14" }),
    ).resolves.toEqualTypeOf<Schemas["RefAttach"]>();
    const changes: Schemas["RefAttachUpdate"] = { Note: "" };
    client.update(568, changes);
  });

  test("rejects a wrong enum value and an unknown field", () => {
    // @ts-expect-error "Finished" is not a RefToStatus
    client.update(568, { RefToStatus: "Finished" });
    // @ts-expect-error Foo is not in RefAttachUpdate
    client.update(568, { Note: "", Foo: 1 });
  });

  test("rejects read-only fields, also in an object that is not a fresh literal", () => {
    // @ts-expect-error PatNum cannot be changed
    client.update(568, { PatNum: 25 });
    // @ts-expect-error referralName is derived from the referral
    client.update(568, { referralName: "Bokish" });
    // @ts-expect-error DateTStamp is set by the server
    client.update(568, { DateTStamp: "2023-12-14 15:17:28" });

    const existing = {} as Schemas["RefAttach"];
    // @ts-expect-error a whole RefAttach carries RefAttachNum, ItemOrder, DateTStamp, ...
    client.update(568, existing);
    // @ts-expect-error spreading a RefAttach brings its read-only fields along
    client.update(568, { ...existing, Note: "changed" });
  });

  test("takes the RefAttachNum as a number", () => {
    // @ts-expect-error keys are JSON integers
    client.update("568", { Note: "" });
  });
});

describe("compile errors name the wrong field", () => {
  test("an unknown or read-only key is typed as a message naming it", () => {
    expectTypeOf<Exact<{ PatNum: number; RefTyp: string }, RefAttachCreate>>().toEqualTypeOf<{
      PatNum: number;
      RefTyp: "'RefTyp' is not a field of this request";
    }>();
  });
});

describe("per-call options", () => {
  test("every convenience method takes signal and headers last", () => {
    expectTypeOf(client.list).parameter(1).toEqualTypeOf<CallOptions | undefined>();
    expectTypeOf(client.remove).parameter(1).toEqualTypeOf<CallOptions | undefined>();
    expectTypeOf(client.referrals.get).parameter(1).toEqualTypeOf<CallOptions | undefined>();
    const signal = AbortSignal.timeout(1000);
    client.create({ PatNum: 972, ReferralNum: 17 }, { signal, headers: { "X-Request-Id": "1" } });
    client.update(568, { Note: "" }, { signal });
    client.referrals.create({ LName: "A" }, { signal });
    client.referrals.update(3, { LName: "B" }, { headers: {} });
    client.listAll({ PatNum: 972 }, { pageSize: 1000, signal });
    client.referrals.listAll({}, { pageSize: 50, headers: { "X-Request-Id": "2" } });
    // @ts-expect-error per-call options have no timeout: the client's timeoutMs applies
    client.list({}, { timeoutMs: 5 });
  });
});

describe("list, listAll and remove", () => {
  test("list returns the spec's RefAttach array and takes its query parameters", () => {
    expectTypeOf(client.list()).resolves.toEqualTypeOf<Schemas["RefAttach"][]>();
    expectTypeOf(client.list).parameter(0).toEqualTypeOf<
      | {
          PatNum?: number;
          ReferralNum?: number;
          DateTStamp?: string;
          Limit?: number;
          Offset?: number;
          DateFormatString?: string;
          DateTimeFormatString?: string;
        }
      | undefined
    >();
    // @ts-expect-error PatNum is an integer, not a string
    client.list({ PatNum: "25" });
    // @ts-expect-error the spec has no such filter
    client.list({ LName: "Stevens" });
  });

  test("listAll yields RefAttach and leaves paging to itself", () => {
    expectTypeOf(client.listAll({ PatNum: 972 })).toEqualTypeOf<
      AsyncGenerator<Schemas["RefAttach"], void>
    >();
    // @ts-expect-error listAll does the paging
    client.listAll({ PatNum: 972, Offset: 100 });
  });

  test("remove resolves to nothing", () => {
    expectTypeOf(client.remove(568)).resolves.toBeVoid();
  });

  test("results keep the spec's read-only fields read-only", async () => {
    const [first] = await client.list();
    if (first) {
      // @ts-expect-error RefAttachNum is read-only
      first.RefAttachNum = 2;
    }
  });
});

describe("raw openapi-fetch client", () => {
  test("GET returns { data, error, response } typed from the spec", async () => {
    const { data, error, response } = await client.GET("/refattaches", {
      params: { query: { PatNum: 25 } },
    });
    expectTypeOf(data).toEqualTypeOf<Schemas["RefAttach"][] | undefined>();
    expectTypeOf(error).toEqualTypeOf<Schemas["Error"] | undefined>();
    expectTypeOf(response).toEqualTypeOf<Response>();
  });

  // openapi-fetch infers the whole init argument, so unlike `create` the raw POST does not
  // reject an unknown body field; it does check the values of the known ones.
  test("POST checks its body's values against the spec", () => {
    // @ts-expect-error "Sideways" is not a ReferralType
    client.POST("/refattaches", { body: { PatNum: 972, ReferralType: "Sideways" } });
    // @ts-expect-error the spec has no such path
    client.GET("/patients");
  });
});

describe("errors and enum constants", () => {
  test("RefAttachesError carries the status, explanation and operation", () => {
    expectTypeOf<RefAttachesError["status"]>().toEqualTypeOf<number>();
    expectTypeOf<RefAttachesError["explanation"]>().toEqualTypeOf<string>();
    expectTypeOf<RefAttachesOperation>().toEqualTypeOf<
      | "listRefAttaches"
      | "createRefAttach"
      | "updateRefAttach"
      | "deleteRefAttach"
      | "listReferrals"
      | "getReferral"
      | "createReferral"
      | "updateReferral"
      | "listSubscriptions"
      | "createSubscription"
      | "updateSubscription"
      | "deleteSubscription"
    >();
  });

  test("ReferralType and RefToStatus have exactly the spec's values, each its own name", () => {
    expectTypeOf(ReferralType.RefTo).toEqualTypeOf<"RefTo">();
    expectTypeOf<keyof typeof ReferralType>().toEqualTypeOf<Schemas["ReferralType"]>();
    expectTypeOf<keyof typeof ReferralType>().toEqualTypeOf<(typeof referralTypeValues)[number]>();
    expectTypeOf(RefToStatus.InTreatment).toEqualTypeOf<"InTreatment">();
    expectTypeOf<keyof typeof RefToStatus>().toEqualTypeOf<Schemas["RefToStatus"]>();
    expectTypeOf<keyof typeof RefToStatus>().toEqualTypeOf<(typeof refToStatusValues)[number]>();
    expectTypeOf<ReferralType>().toEqualTypeOf<Schemas["ReferralType"]>();
    // @ts-expect-error the spec has no RefBoth
    ReferralType.RefBoth;
  });
});

describe("referrals", () => {
  const referrals = createRefAttachesClient({ developerKey: "d", customerKey: "c" }).referrals;

  test("returns the spec's Referral type", () => {
    expectTypeOf(referrals.get).returns.resolves.toEqualTypeOf<Schemas["Referral"]>();
    expectTypeOf(referrals.list).returns.resolves.toEqualTypeOf<Schemas["Referral"][]>();
  });

  test("rejects unknown and read-only fields and wrong flags", () => {
    // @ts-expect-error ReferralNum is read-only
    referrals.create({ LName: "A", ReferralNum: 3 });
    // @ts-expect-error an unknown field
    referrals.update(3, { Phone: "555" });
    // @ts-expect-error booleans are the strings "true"/"false"
    referrals.update(3, { IsHidden: true });
  });
});

describe("subscriptions", () => {
  const subscriptions = client.subscriptions;

  test("create takes the spec's SubscriptionCreate and answers with the secret", () => {
    expectTypeOf(
      subscriptions.create({
        EndPointUrl: "https://example.com/hooks/refattaches",
        WatchTable: WatchTable.RefAttach,
        PollingSeconds: 60,
      }),
    ).resolves.toEqualTypeOf<Schemas["SubscriptionWithSecret"]>();
    expectTypeOf<SubscriptionWithSecret["signingSecret"]>().toEqualTypeOf<string>();
  });

  test("create rejects missing, read-only, unknown and wrongly typed fields", () => {
    const base = { EndPointUrl: "https://example.com/hooks", WatchTable: "Referral" } as const;
    // @ts-expect-error PollingSeconds is required
    subscriptions.create(base);
    // @ts-expect-error CustomerKey comes from the Authorization header
    subscriptions.create({ ...base, PollingSeconds: 5, CustomerKey: "c" });
    // @ts-expect-error the server assigns SubscriptionNum
    subscriptions.create({ ...base, PollingSeconds: 5, SubscriptionNum: 1 });
    // @ts-expect-error Patient is not a table this server watches
    subscriptions.create({ ...base, PollingSeconds: 5, WatchTable: "Patient" });
    // @ts-expect-error PollingSeconds is a number
    subscriptions.create({ ...base, PollingSeconds: "5" });
  });

  test("update answers with the secret exactly when it rotates it", () => {
    expectTypeOf(subscriptions.update(3, { rotateSecret: "true" })).resolves.toEqualTypeOf<
      Schemas["SubscriptionWithSecret"]
    >();
    expectTypeOf(subscriptions.update(3, { PollingSeconds: 300 })).resolves.toEqualTypeOf<
      Schemas["Subscription"]
    >();
    expectTypeOf(
      subscriptions.update(3, { rotateSecret: "false", Note: "" }),
    ).resolves.toEqualTypeOf<Schemas["Subscription"]>();
    // A rotateSecret that is not a literal: either form, to be told apart by signingSecret.
    const rotate = "true" as "true" | "false";
    type Either = Awaited<ReturnType<typeof subscriptions.update<{ rotateSecret: typeof rotate }>>>;
    expectTypeOf<Extract<Either, { signingSecret: string }>>().toEqualTypeOf<
      Schemas["SubscriptionWithSecret"]
    >();
    expectTypeOf<Exclude<Either, { signingSecret: string }>>().toEqualTypeOf<
      Schemas["Subscription"]
    >();
    subscriptions.update(3, { rotateSecret: rotate });
  });

  test("update rejects fields that cannot change, also from a whole subscription", () => {
    // @ts-expect-error WatchTable cannot change
    subscriptions.update(3, { WatchTable: "Referral" });
    // @ts-expect-error DateTimeStart is the server's cursor
    subscriptions.update(3, { DateTimeStart: "2024-05-01 12:00:00" });
    // @ts-expect-error FailureReason is the server's delivery state
    subscriptions.update(3, { FailureReason: "" });
    const existing = {} as Subscription;
    // @ts-expect-error a whole Subscription carries its read-only fields
    subscriptions.update(3, existing);
    // @ts-expect-error booleans are the strings "true" and "false"
    subscriptions.update(3, { IsDisabled: false });
  });

  test("list, listAll and remove", () => {
    expectTypeOf(subscriptions.list()).resolves.toEqualTypeOf<Schemas["Subscription"][]>();
    expectTypeOf(subscriptions.listAll()).toEqualTypeOf<
      AsyncGenerator<Schemas["Subscription"], void>
    >();
    expectTypeOf(subscriptions.remove(3)).resolves.toBeVoid();
    expectTypeOf(subscriptions.list).parameter(1).toEqualTypeOf<CallOptions | undefined>();
    // @ts-expect-error listAll does the paging
    subscriptions.listAll({ Offset: 100 });
    // @ts-expect-error the key is a number
    subscriptions.remove("3");
  });

  test("WatchTable has exactly the spec's values", () => {
    expectTypeOf<keyof typeof WatchTable>().toEqualTypeOf<Schemas["WatchTable"]>();
    expectTypeOf<keyof typeof WatchTable>().toEqualTypeOf<(typeof watchTableValues)[number]>();
    expectTypeOf<WatchTable>().toEqualTypeOf<Schemas["WatchTable"]>();
  });
});
