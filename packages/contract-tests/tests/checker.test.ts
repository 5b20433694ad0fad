// Tests of the checker itself: it passes against the real server, and fails, naming the
// operation and the schema path, against deliberately broken copies of it (the real server
// behind a proxy that alters its responses the way a bug would).
import { DEMO_API_KEY as KEY } from "@refattaches/server";
import {
  send,
  sqliteBackend,
  startTestServer,
  type TestServer,
  type TestServerOptions,
} from "@refattaches/server/testing";
import { afterEach, describe, expect, it } from "vitest";
import { type ContractReport, formatSummary, runContractChecks } from "../src/index.js";
import {
  type BreakingProxy,
  type Mutation,
  mapObjects,
  startBreakingProxy,
} from "./support/breaking-proxy.js";

const running: (TestServer | BreakingProxy)[] = [];

afterEach(async () => {
  for (const item of running.splice(0).reverse()) await item.close();
});

async function checkThroughProxy(
  mutate: Mutation,
  options: { readOnly?: boolean } = {},
  serverOptions: TestServerOptions = {},
): Promise<{
  report: ContractReport;
  failures: string[];
  proxy: BreakingProxy;
  server: TestServer;
}> {
  const server = await startTestServer(sqliteBackend, serverOptions);
  running.push(server);
  const proxy = await startBreakingProxy(server.url, mutate);
  running.push(proxy);
  const report = await runContractChecks({ baseUrl: proxy.url, ...KEY, ...options });
  return { report, failures: report.results.flatMap((r) => r.failures), proxy, server };
}

const SUBSCRIPTION_WRITES = [
  "createSubscription POST /subscriptions",
  "updateSubscription PUT /subscriptions/{SubscriptionNum}",
  "deleteSubscription DELETE /subscriptions/{SubscriptionNum}",
];

const unchanged: Mutation = ({ status, body }) => ({ status, body });

/** RefToStatus by name, as the column stores it (None=0 .. Complete=5). */
const REF_TO_STATUS = ["None", "Declined", "Scheduled", "Consulted", "InTreatment", "Complete"];

describe("the checker", () => {
  it("passes the real server behind a proxy that changes nothing", async () => {
    const { report, failures } = await checkThroughProxy(unchanged);
    expect(failures).toEqual([]);
    expect(report.passed).toBe(report.results.length);
  });

  it("skips the subscription writes, saying why, where the deployment refuses its receiver", async () => {
    const { report, failures, server } = await checkThroughProxy(unchanged);
    expect(failures).toEqual([]);
    expect(report.skipped).toEqual(SUBSCRIPTION_WRITES);
    for (const operation of SUBSCRIPTION_WRITES) {
      expect(report.skippedReasons[operation]).toMatch(
        /^the deployment refuses EndPointUrl http:\/\/127\.0\.0\.1:\d+\/contract-check \(the checker's own receiver\): "EndPointUrl host '127\.0\.0\.1' is or resolves to a non-public address \(loopback\).*WEBHOOK_ALLOW_PRIVATE_URLS=1/,
      );
    }
    expect(formatSummary(report)).toContain(
      `Skipped (${report.skippedReasons[SUBSCRIPTION_WRITES[0] ?? ""]}): ${SUBSCRIPTION_WRITES.join("; ")}`,
    );
    expect(report.results.some((r) => r.operationId === "listSubscriptions" && r.passed)).toBe(
      true,
    );
    expect((await send(server.url, "GET", "/subscriptions")).body).toEqual([]);
  });

  it("checks the subscription writes where its receiver is allowed, and leaves none", async () => {
    const { report, failures, server } = await checkThroughProxy(
      unchanged,
      {},
      { webhooks: { allowPrivateUrls: true } },
    );
    expect(failures).toEqual([]);
    expect(report.skipped).toEqual([]);
    const checked = new Set(report.results.map((r) => `${r.operationId} ${r.method} ${r.path}`));
    for (const operation of SUBSCRIPTION_WRITES) expect(checked).toContain(operation);
    expect((await send(server.url, "GET", "/subscriptions")).body).toEqual([]);
  });

  it("sends only GET requests with readOnly", async () => {
    const { report, proxy } = await checkThroughProxy(unchanged, { readOnly: true });
    expect(report.failed).toBe(0);
    expect(report.skipped.length).toBeGreaterThan(0);
    expect(new Set(proxy.methods)).toEqual(new Set(["GET"]));
  });

  it("fails when a response field is renamed", async () => {
    const { report, failures } = await checkThroughProxy(({ status, body }) => ({
      status,
      body: mapObjects(body, (item) => {
        if (!("ReferralType" in item)) return;
        item.RefType = item.ReferralType ?? null;
        delete item.ReferralType;
      }),
    }));
    expect(report.failed).toBeGreaterThan(0);
    expect(failures).toContain(
      "listRefAttaches GET /refattaches -> 200: body/0 must have required property 'ReferralType' (schema: #/components/schemas/RefAttach/required)",
    );
    expect(failures).toContain(
      "createRefAttach POST /refattaches -> 201: body must NOT have additional properties: 'RefType' (schema: #/components/schemas/RefAttach/additionalProperties)",
    );
  });

  it("fails when an enum is returned as its number", async () => {
    const { report, failures } = await checkThroughProxy(({ status, body }) => ({
      status,
      body: mapObjects(body, (item) => {
        if (typeof item.RefToStatus === "string") {
          item.RefToStatus = REF_TO_STATUS.indexOf(item.RefToStatus);
        }
      }),
    }));
    expect(report.failed).toBeGreaterThan(0);
    expect(failures).toContain(
      "listRefAttaches GET /refattaches -> 200: body/0/RefToStatus must be string (schema: #/components/schemas/RefToStatus/type)",
    );
    expect(failures).toContain(
      "updateRefAttach PUT /refattaches/{RefAttachNum} -> 200: body/RefToStatus must be equal to one of the allowed values (schema: #/components/schemas/RefToStatus/enum)",
    );
  });

  it("fails when a 400 is turned into a 200", async () => {
    const { report, failures } = await checkThroughProxy(({ status, body }) => ({
      status: status === 400 ? 200 : status,
      body,
    }));
    expect(report.failed).toBeGreaterThan(0);
    expect(failures).toContain(
      "listRefAttaches GET /refattaches -> 200: body must be array (schema: #/paths/~1refattaches/get/responses/200/content/application~1json/schema/type)",
    );
    expect(failures).toContainEqual(
      expect.stringMatching(
        /^createRefAttach POST \/refattaches -> 200: status 200 is not declared/,
      ),
    );
  });

  it("fails when a date is returned in ISO form", async () => {
    const { report, failures } = await checkThroughProxy(({ status, body }) => ({
      status,
      body: mapObjects(body, (item) => {
        if (typeof item.RefDate === "string") item.RefDate = `${item.RefDate}T00:00:00.000Z`;
      }),
    }));
    expect(report.failed).toBeGreaterThan(0);
    // The answer schemas accept any text where DateFormatString may apply; without it, the
    // default format's pattern (the anyOf branch) is checked.
    expect(failures).toContain(
      "listRefAttaches GET /refattaches -> 200: body/0/RefDate is not in the default format /^\\d{4}-\\d{2}-\\d{2}$/",
    );
    expect(failures).toContain(
      "createRefAttach POST /refattaches -> 201: body/RefDate is not the value sent",
    );
  });

  it("fails when an answer writes a line break as nothing instead of a space", async () => {
    // The answer still matches the schema (no line break in it): only its value is wrong.
    const { failures } = await checkThroughProxy(({ status, body }) => ({
      status,
      body: mapObjects(body, (item) => {
        if (typeof item.Note === "string") item.Note = item.Note.replaceAll(" ", "");
      }),
    }));
    const detail = "body/Note is not the text sent with each line break written as one space";
    expect(failures).toContain(`createRefAttach POST /refattaches -> 201: ${detail}`);
    expect(failures).toContain(`updateRefAttach PUT /refattaches/{RefAttachNum} -> 200: ${detail}`);
    expect(failures.filter((f) => f.includes("must match pattern"))).toEqual([]);
  });

  it("finds the probes at the server's root and fails when one asks for credentials", async () => {
    const { failures, proxy } = await checkThroughProxy(({ path, status, body }) =>
      path === "/ready" ? { status: 401, body: JSON.stringify("Unauthorized") } : { status, body },
    );
    expect(proxy.paths).toContain("/health");
    expect(failures).toContainEqual(
      expect.stringMatching(/^getReady GET \/ready -> 401: status 401 is not declared/),
    );
    expect(failures.filter((f) => f.startsWith("getHealth"))).toEqual([]);
  });
});
