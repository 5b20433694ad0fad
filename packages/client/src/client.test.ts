// End to end: the real server on a real socket with a temporary SQLite file, no mocks.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createLogger, DEMO_API_KEY, startServer } from "@refattaches/server";
import { DOCUMENTED_GET_EXAMPLE, startReceiver } from "@refattaches/server/testing";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import {
  createRefAttachesClient,
  DEFAULT_BASE_URL,
  formatDate,
  NO_DATE,
  type RefAttach,
  type RefAttachesClient,
  RefAttachesError,
  ReferralType,
  RefToStatus,
  verifyWebhook,
  WatchTable,
} from "./index.js";

interface SentRequest {
  method: string;
  url: URL;
  contentType: string | null;
  authorization: string | null;
  requestId: string | null;
}

type Server = Awaited<ReturnType<typeof startServer>>;

const PATIENT_WITH_ATTACH = 25;
const PATIENT_REFERRED_OUT = 972;
const DELETED_PATIENT = 30;
const UNKNOWN_PATIENT = 999_999;
const REFERRAL_STEVENS = 3;
const REFERRAL_BOKISH = 17;
const PROVIDER = 8;
const PROCEDURE_OF_972 = 1192;

const seedRefAttach: RefAttach = DOCUMENTED_GET_EXAMPLE;

let directory: string;
let server: Server;
let sent: SentRequest[];
let client: RefAttachesClient;

// Records what goes on the wire, then sends it to the real server unchanged.
async function recordingFetch(request: Request): Promise<Response> {
  sent.push({
    method: request.method,
    url: new URL(request.url),
    contentType: request.headers.get("Content-Type"),
    authorization: request.headers.get("Authorization"),
    requestId: request.headers.get("X-Request-Id"),
  });
  return fetch(request);
}

async function caught(promise: Promise<unknown>): Promise<RefAttachesError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(RefAttachesError);
  return error as RefAttachesError;
}

async function collect<Row>(iterable: AsyncIterable<Row>): Promise<Row[]> {
  const rows: Row[] = [];
  for await (const row of iterable) {
    rows.push(row);
  }
  return rows;
}

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "refattaches-client-"));
  server = await startServer({
    port: 0,
    databaseUrl: `sqlite:${join(directory, "test.sqlite")}`,
    demoData: true,
    // Request lines would bury vitest's report; errors (a 500's cause) are kept.
    logger: createLogger("error", process.stderr),
    // The subscriptions below deliver to a receiver on 127.0.0.1.
    webhooks: { allowPrivateUrls: true },
  });
  sent = [];
  client = createRefAttachesClient({ baseUrl: server.url, ...DEMO_API_KEY, fetch: recordingFetch });
});

afterAll(async () => {
  await server?.close();
  await rm(directory, { recursive: true, force: true });
});

describe("list", () => {
  test("returns the demo refattach exactly as Open Dental documents it", async () => {
    expect(await client.list({ PatNum: PATIENT_WITH_ATTACH })).toEqual([seedRefAttach]);
  });

  test("filters by ReferralNum and DateTStamp", async () => {
    expect(await client.list({ ReferralNum: REFERRAL_STEVENS })).toEqual([seedRefAttach]);
    expect(await client.list({ DateTStamp: "2022-01-05 10:13:11" })).toContainEqual(seedRefAttach);
    const changedLater = await client.list({ DateTStamp: "2022-01-05 10:13:12" });
    expect(changedLater).not.toContainEqual(seedRefAttach);
  });

  test("sends only the filters it was given", async () => {
    sent = [];
    await client.list({ PatNum: PATIENT_WITH_ATTACH });
    expect(sent).toHaveLength(1);
    expect([...(sent[0]?.url.searchParams ?? [])]).toEqual([["PatNum", "25"]]);
  });
});

describe("raw openapi-fetch client", () => {
  test("GET returns { data, error, response }", async () => {
    const { data, error, response } = await client.GET("/refattaches", {
      params: { query: { PatNum: PATIENT_WITH_ATTACH } },
    });
    expect(response.status).toBe(200);
    expect(error).toBeUndefined();
    expect(data).toEqual([seedRefAttach]);
  });

  test("a 404 arrives as the server's explanation in error", async () => {
    const { data, error, response } = await client.GET("/refattaches", {
      params: { query: { PatNum: UNKNOWN_PATIENT } },
    });
    expect(response.status).toBe(404);
    expect(data).toBeUndefined();
    expect(error).toBe("Patient not found");
  });
});

describe("create, update and remove", () => {
  test("run the documented Open Dental example through its whole life", async () => {
    const created = await client.create({
      PatNum: PATIENT_REFERRED_OUT,
      ReferralNum: REFERRAL_BOKISH,
      ReferralType: ReferralType.RefTo,
      RefToStatus: RefToStatus.Scheduled,
      Note: "12052 - Called Dr. Bokish to confirm this has been scheduled.",
      RefDate: formatDate(new Date(2023, 11, 5)),
      ProcNum: PROCEDURE_OF_972,
      ProvNum: PROVIDER,
    });
    expect(created).toMatchObject({
      ReferralNum: REFERRAL_BOKISH,
      referralName: "Bokish",
      PatNum: PATIENT_REFERRED_OUT,
      ItemOrder: 0,
      RefDate: "2023-12-05",
      ReferralType: "RefTo",
      RefToStatus: "Scheduled",
      Note: "12052 - Called Dr. Bokish to confirm this has been scheduled.",
      IsTransitionOfCare: "false",
      ProcNum: PROCEDURE_OF_972,
      DateProcComplete: NO_DATE,
      ProvNum: PROVIDER,
    });
    expect(created.RefAttachNum).toBeGreaterThan(seedRefAttach.RefAttachNum);
    expect(created.DateTStamp).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);

    const updated = await client.update(created.RefAttachNum, {
      RefToStatus: RefToStatus.Complete,
      Note: "12/14 - Dr. Bokish called back to confirm this has been completed.",
      DateProcComplete: "2023-12-14",
    });
    expect(updated).toEqual({
      ...created,
      RefToStatus: "Complete",
      Note: "12/14 - Dr. Bokish called back to confirm this has been completed.",
      DateProcComplete: "2023-12-14",
      DateTStamp: updated.DateTStamp,
    });
    expect(await client.list({ PatNum: PATIENT_REFERRED_OUT })).toContainEqual(updated);

    await expect(client.remove(created.RefAttachNum)).resolves.toBeUndefined();
    const remaining = await client.list({ PatNum: PATIENT_REFERRED_OUT });
    expect(remaining.map((row) => row.RefAttachNum)).not.toContain(created.RefAttachNum);
  });

  test("create finds or creates the referral named by referralName", async () => {
    const byName = await client.create({
      PatNum: PATIENT_WITH_ATTACH,
      referralName: "bokish",
      ReferralType: ReferralType.RefCustom,
    });
    expect(byName).toMatchObject({ ReferralNum: REFERRAL_BOKISH, referralName: "Bokish" });
    await client.remove(byName.RefAttachNum);
  });
});

describe("listAll", () => {
  const count = 150;
  let created: RefAttach[];

  beforeAll(async () => {
    created = [];
    // Sequential on purpose: each attachment gets the next ItemOrder of the patient.
    for (let index = 0; index < count; index += 1) {
      created.push(
        await client.create({
          PatNum: PATIENT_REFERRED_OUT,
          referralName: `Paging Referral ${String(index).padStart(3, "0")}`,
        }),
      );
    }
  });

  afterAll(async () => {
    for (const row of created) {
      await client.remove(row.RefAttachNum);
    }
  });

  test("follows Offset with pages of 100 until a short page", async () => {
    sent = [];
    const rows = await collect(client.listAll({ PatNum: PATIENT_REFERRED_OUT }));
    expect(rows).toEqual(created);
    const pages = sent.map(({ url }) => Object.fromEntries(url.searchParams));
    expect(pages).toEqual([
      { PatNum: "972", Limit: "100", Offset: "0" },
      { PatNum: "972", Limit: "100", Offset: "100" },
    ]);
  });

  test("asks once more when the last page is exactly full, and stops on the empty page", async () => {
    sent = [];
    const rows = await collect(client.listAll({ PatNum: PATIENT_REFERRED_OUT }, { pageSize: 50 }));
    expect(rows).toEqual(created);
    expect(sent.map(({ url }) => url.searchParams.get("Offset"))).toEqual([
      "0",
      "50",
      "100",
      "150",
    ]);
  });

  test("can be stopped early without fetching further pages", async () => {
    sent = [];
    const firstTwo: RefAttach[] = [];
    for await (const row of client.listAll({ PatNum: PATIENT_REFERRED_OUT }, { pageSize: 10 })) {
      firstTwo.push(row);
      if (firstTwo.length === 2) {
        break;
      }
    }
    expect(firstTwo).toEqual(created.slice(0, 2));
    expect(sent).toHaveLength(1);
  });

  test("covers every row of the table when given no filter", async () => {
    const rows = await collect(client.listAll());
    expect(rows).toHaveLength(count + 1);
    expect(rows[0]).toEqual(seedRefAttach);
    const nums = rows.map((row) => row.RefAttachNum);
    expect(nums).toEqual([...nums].sort((a, b) => a - b));
  });

  test("rejects a page size no server allows, and lets the server refuse one above its own limit", async () => {
    sent = [];
    await expect(collect(client.listAll({}, { pageSize: 1001 }))).rejects.toThrow(RangeError);
    await expect(collect(client.listAll({}, { pageSize: 0 }))).rejects.toThrow(RangeError);
    expect(sent).toEqual([]);
    // This server's default MAX_PAGE_SIZE is 100; Open Dental's local API allows 1000.
    const error = await caught(collect(client.listAll({}, { pageSize: 101 })));
    expect(error.status).toBe(400);
    expect(error.explanation).toContain("Limit");
    expect(sent.map(({ url }) => url.searchParams.get("Limit"))).toEqual(["101"]);
  });
});

describe("RefAttachesError", () => {
  test("404 from list carries status, explanation and operation", async () => {
    const error = await caught(client.list({ PatNum: UNKNOWN_PATIENT }));
    expect(error).toMatchObject({
      name: "RefAttachesError",
      status: 404,
      explanation: "Patient not found",
      operation: "listRefAttaches",
    });
    expect(error.message).toBe("listRefAttaches failed with 404: Patient not found");
  });

  test("404 from update and remove of an unknown refattach", async () => {
    const missing = 987_654;
    const updateError = await caught(client.update(missing, { Note: "x" }));
    expect(updateError).toMatchObject({ status: 404, operation: "updateRefAttach" });
    const removeError = await caught(client.remove(missing));
    expect(removeError).toMatchObject({ status: 404, operation: "deleteRefAttach" });
    expect(removeError.explanation.length).toBeGreaterThan(0);
  });

  test("404 from create for an unknown patient", async () => {
    const error = await caught(client.create({ PatNum: UNKNOWN_PATIENT, ReferralNum: 3 }));
    expect(error).toMatchObject({
      status: 404,
      explanation: "Patient not found",
      operation: "createRefAttach",
    });
  });

  test("400 from create for a duplicate attachment, leaving nothing behind", async () => {
    const before = await client.list({ PatNum: PATIENT_WITH_ATTACH });
    const error = await caught(
      client.create({
        PatNum: PATIENT_WITH_ATTACH,
        ReferralNum: REFERRAL_STEVENS,
        ReferralType: ReferralType.RefFrom,
      }),
    );
    expect(error).toMatchObject({ status: 400, operation: "createRefAttach" });
    expect(error.explanation).toBe("Referral is already attached to this patient");
    expect(await client.list({ PatNum: PATIENT_WITH_ATTACH })).toEqual(before);
  });

  test("400 for a deleted patient", async () => {
    const error = await caught(client.list({ PatNum: DELETED_PATIENT }));
    expect(error).toMatchObject({ status: 400, explanation: "Patient has been deleted" });
  });

  test("401 for an unknown key pair, from every method", async () => {
    const intruder = createRefAttachesClient({
      baseUrl: server.url,
      developerKey: "not-a-developer",
      customerKey: "not-a-customer",
    });
    const failures = await Promise.all([
      caught(intruder.list()),
      caught(collect(intruder.listAll())),
      caught(intruder.create({ PatNum: PATIENT_REFERRED_OUT, ReferralNum: REFERRAL_BOKISH })),
      caught(intruder.update(seedRefAttach.RefAttachNum, { Note: "x" })),
      caught(intruder.remove(seedRefAttach.RefAttachNum)),
    ]);
    expect(failures.map(({ status, operation }) => [status, operation])).toEqual([
      [401, "listRefAttaches"],
      [401, "listRefAttaches"],
      [401, "createRefAttach"],
      [401, "updateRefAttach"],
      [401, "deleteRefAttach"],
    ]);
    for (const failure of failures) {
      expect(failure.explanation.length).toBeGreaterThan(0);
    }
    expect(await client.list({ PatNum: PATIENT_WITH_ATTACH })).toEqual([seedRefAttach]);
  });

  test("a client needs both keys", () => {
    expect(() =>
      createRefAttachesClient({ baseUrl: server.url, developerKey: "", customerKey: "x" }),
    ).toThrow(TypeError);
  });
});

describe("headers on the wire", () => {
  test("every request carries ODFHIR auth; only requests with a body carry Content-Type", async () => {
    sent = [];
    const row = await client.create({ PatNum: PATIENT_REFERRED_OUT, referralName: "Wire Check" });
    await client.update(row.RefAttachNum, { Note: "checked" });
    await client.list({ PatNum: PATIENT_REFERRED_OUT });
    await collect(client.listAll({ PatNum: PATIENT_REFERRED_OUT }));
    await client.GET("/refattaches", { headers: { "Content-Type": "application/json" } });
    await client.remove(row.RefAttachNum);

    const expectedAuth = `ODFHIR ${DEMO_API_KEY.developerKey}/${DEMO_API_KEY.customerKey}`;
    expect(sent.map(({ method, contentType }) => [method, contentType])).toEqual([
      ["POST", "application/json"],
      ["PUT", "application/json"],
      ["GET", null],
      ["GET", null],
      ["GET", null],
      ["DELETE", null],
    ]);
    for (const request of sent) {
      expect(request.authorization).toBe(expectedAuth);
    }
  });
});

describe("README", () => {
  // Runs the README's example as written. Its client uses the default base URL, so `fetch`
  // is pointed from there to this test's server; the requests still reach the real server.
  test("the example runs against the server and prints what the README says", async () => {
    const readme = await readFile(new URL("../README.md", import.meta.url), "utf8");
    const example = /<!-- example -->\s*```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toBeDefined();
    const runnable = (example ?? "").replace(
      '"@refattaches/client"',
      JSON.stringify(fileURLToPath(new URL("./index.ts", import.meta.url))),
    );
    const file = join(directory, "example.mjs");
    await writeFile(file, runnable);

    const realFetch = globalThis.fetch;
    vi.stubGlobal("fetch", async (request: Request) =>
      realFetch(request.url.replace(DEFAULT_BASE_URL, server.url), {
        method: request.method,
        headers: request.headers,
        body: request.body === null ? null : await request.text(),
      }),
    );
    const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
    try {
      await import(/* @vite-ignore */ file);
      const printed = log.mock.calls.map((args) => args.join(" "));
      expect(printed).toEqual([
        expect.stringMatching(/^RefAttach \d+ is Complete$/),
        "Patient 972 has 1 outgoing referral(s)",
        "listRefAttaches: 404 Patient not found",
      ]);
    } finally {
      log.mockRestore();
      vi.unstubAllGlobals();
    }
  });
});

describe("referrals", () => {
  test("finds Bokish, attaches it, renames it, and the attachment shows the new name", async () => {
    const bokish = (await client.referrals.list({ NotPerson: "true" })).find(
      (r) => r.LName === "Bokish",
    );
    expect(bokish).toMatchObject({ ReferralNum: REFERRAL_BOKISH, IsDoctor: "false" });
    const attach = await client.create({
      PatNum: PATIENT_WITH_ATTACH,
      ReferralNum: REFERRAL_BOKISH,
    });
    expect(attach.referralName).toBe("Bokish");

    const renamed = await client.referrals.update(REFERRAL_BOKISH, { LName: "Bokish-Lee" });
    expect(renamed).toMatchObject({ ReferralNum: REFERRAL_BOKISH, LName: "Bokish-Lee" });
    const [after] = (await client.list({ PatNum: PATIENT_WITH_ATTACH })).filter(
      (r) => r.RefAttachNum === attach.RefAttachNum,
    );
    expect(after?.referralName).toBe("Bokish-Lee");

    await client.referrals.update(REFERRAL_BOKISH, { LName: "Bokish" });
    await client.remove(attach.RefAttachNum);
  });

  test("get, create with Open Dental's defaults, and listAll across pages", async () => {
    expect(await client.referrals.get(REFERRAL_STEVENS)).toMatchObject({
      FName: "Steve",
      Title: "DDS",
      IsDoctor: "true",
    });
    const created = await client.referrals.create({
      LName: "Client Lab",
      BusinessName: "Client Lab Inc",
    });
    expect(created).toMatchObject({ NotPerson: "true", IsDoctor: "false", IsHidden: "false" });
    expect(await client.referrals.list({ BusinessName: "lab inc" })).toEqual([created]);

    const all = await collect(client.referrals.listAll({}, { pageSize: 1 }));
    const nums = all.map((r) => r.ReferralNum);
    expect(nums).toContain(created.ReferralNum);
    expect(nums).toEqual([...nums].sort((a, b) => a - b));
    const requests = sent.filter(
      (r) => r.url.pathname.endsWith("/referrals") && r.method === "GET",
    );
    expect(requests.length).toBeGreaterThan(all.length);
  });

  test("failures throw RefAttachesError with the status and operation", async () => {
    const missing = await caught(client.referrals.get(UNKNOWN_PATIENT));
    expect(missing).toMatchObject({
      status: 404,
      operation: "getReferral",
      explanation: "Referral not found",
    });
    // @ts-expect-error LName is required by the spec
    const invalid = await caught(client.referrals.create({}));
    expect(invalid).toMatchObject({ status: 400, operation: "createReferral" });
  });
});

describe("per-call options", () => {
  const expectedAuth = `ODFHIR ${DEMO_API_KEY.developerKey}/${DEMO_API_KEY.customerKey}`;
  const tagged = (id: string) => ({ headers: { "X-Request-Id": id } });

  test("headers given to a call go with that call only, on every method; auth stays the client's", async () => {
    sent = [];
    const row = await client.create(
      { PatNum: PATIENT_REFERRED_OUT, referralName: "Per Call" },
      tagged("create"),
    );
    await client.update(row.RefAttachNum, { Note: "tagged" }, tagged("update"));
    await client.list({ PatNum: PATIENT_REFERRED_OUT }, tagged("list"));
    await collect(client.listAll({ PatNum: PATIENT_REFERRED_OUT }, tagged("listAll")));
    await client.referrals.list({ NotPerson: "true" }, tagged("referrals.list"));
    await collect(client.referrals.listAll({ NotPerson: "true" }, tagged("referrals.listAll")));
    await client.referrals.get(REFERRAL_BOKISH, tagged("referrals.get"));
    const referral = await client.referrals.create(
      { LName: "PerCall" },
      tagged("referrals.create"),
    );
    await client.referrals.update(
      referral.ReferralNum,
      { FName: "Tag" },
      tagged("referrals.update"),
    );
    await client.remove(row.RefAttachNum, tagged("remove"));
    await client.list({ PatNum: PATIENT_REFERRED_OUT });

    // listAll sends the headers with each page it asks for; each call is listed once here.
    const ids = sent.map(({ requestId }) => requestId);
    expect(ids.filter((id, index) => index === 0 || id !== ids[index - 1])).toEqual([
      "create",
      "update",
      "list",
      "listAll",
      "referrals.list",
      "referrals.listAll",
      "referrals.get",
      "referrals.create",
      "referrals.update",
      "remove",
      null,
    ]);
    for (const request of sent) expect(request.authorization).toBe(expectedAuth);
  });

  test("an aborted signal rejects every method before anything is sent or stored", async () => {
    const before = await client.list({ PatNum: PATIENT_REFERRED_OUT });
    const referralsBefore = await collect(client.referrals.listAll());
    sent = [];
    const signal = AbortSignal.abort();
    const calls: (() => Promise<unknown>)[] = [
      () => client.list({}, { signal }),
      () => collect(client.listAll({}, { signal })),
      () => client.create({ PatNum: PATIENT_REFERRED_OUT, referralName: "Aborted" }, { signal }),
      () => client.update(seedRefAttach.RefAttachNum, { Note: "aborted" }, { signal }),
      () => client.remove(seedRefAttach.RefAttachNum, { signal }),
      () => client.referrals.list({}, { signal }),
      () => collect(client.referrals.listAll({}, { signal })),
      () => client.referrals.get(REFERRAL_BOKISH, { signal }),
      () => client.referrals.create({ LName: "Aborted" }, { signal }),
      () => client.referrals.update(REFERRAL_BOKISH, { FName: "Aborted" }, { signal }),
    ];
    for (const call of calls) {
      await expect(call()).rejects.toMatchObject({ name: "AbortError" });
    }
    expect(sent).toEqual([]);
    expect(await client.list({ PatNum: PATIENT_REFERRED_OUT })).toEqual(before);
    expect(await client.list({ PatNum: PATIENT_WITH_ATTACH })).toEqual([seedRefAttach]);
    expect(await collect(client.referrals.listAll())).toEqual(referralsBefore);
  });
});

describe("subscriptions", () => {
  test("create, list, deliveries that verify, rotateSecret, resume and remove", async () => {
    const receiver = await startReceiver();
    try {
      const created = await client.subscriptions.create({
        EndPointUrl: receiver.url,
        WatchTable: WatchTable.Referral,
        PollingSeconds: 1,
        Note: "client test",
      });
      expect(created).toMatchObject({
        EndPointUrl: receiver.url,
        WatchTable: "Referral",
        CustomerKey: DEMO_API_KEY.customerKey,
        IsDisabled: "false",
        signingSecret: expect.stringMatching(/^whsec_/),
      });
      const { signingSecret, ...listedForm } = created;
      expect(await client.subscriptions.list()).toContainEqual(listedForm);
      expect(await collect(client.subscriptions.listAll({}, { pageSize: 1 }))).toContainEqual(
        listedForm,
      );

      // A change made with the client arrives signed with the subscription's secret.
      const referral = await client.referrals.create({ LName: "Client Subscription Test" });
      await receiver.until((r) => r.length >= 1, 15_000);
      const [first] = receiver.received;
      expect(first?.rows).toEqual([referral]);
      expect(await verifyWebhook(signingSecret, first?.headers ?? {}, first?.body ?? "")).toEqual({
        id: first?.id,
        timestamp: Number(first?.timestamp),
      });

      // A new secret signs the next delivery, beside the previous one for a day.
      const rotated = await client.subscriptions.update(created.SubscriptionNum, {
        rotateSecret: "true",
      });
      expect(rotated.signingSecret).not.toBe(signingSecret);
      const paused = await client.subscriptions.update(created.SubscriptionNum, {
        IsDisabled: "true",
      });
      expect(paused).not.toHaveProperty("signingSecret");
      expect(paused.IsDisabled).toBe("true");
      await client.subscriptions.update(created.SubscriptionNum, { IsDisabled: "false" });
      const renamed = await client.referrals.update(referral.ReferralNum, {
        LName: "Client Subscription Renamed",
      });
      await receiver.until((r) => r.length >= 2, 15_000);
      const second = receiver.received[1];
      expect(second?.rows).toEqual([renamed]);
      for (const secret of [rotated.signingSecret, signingSecret]) {
        expect(
          await verifyWebhook(secret, second?.headers ?? {}, second?.body ?? ""),
        ).toMatchObject({ id: second?.id });
      }

      await client.subscriptions.remove(created.SubscriptionNum);
      expect((await client.subscriptions.list()).map((s) => s.SubscriptionNum)).not.toContain(
        created.SubscriptionNum,
      );
      const error = await caught(client.subscriptions.remove(created.SubscriptionNum));
      expect(error).toMatchObject({
        status: 404,
        operation: "deleteSubscription",
        explanation: "Subscription not found",
      });
    } finally {
      await receiver.close();
    }
  });

  test("a private EndPointUrl is refused by a server that does not allow it", async () => {
    const strict = await startServer({
      port: 0,
      databaseUrl: `sqlite:${join(directory, "strict.sqlite")}`,
      logger: createLogger("error", process.stderr),
    });
    try {
      const strictClient = createRefAttachesClient({ baseUrl: strict.url, ...DEMO_API_KEY });
      const error = await caught(
        strictClient.subscriptions.create({
          EndPointUrl: "http://127.0.0.1:9/hook",
          WatchTable: WatchTable.Referral,
          PollingSeconds: 60,
        }),
      );
      expect(error).toMatchObject({ status: 400, operation: "createSubscription" });
      expect(error.explanation).toContain("non-public address (loopback)");
    } finally {
      await strict.close();
    }
  });
});
