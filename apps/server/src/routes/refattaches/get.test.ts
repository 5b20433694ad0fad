import { expect, it } from "vitest";
import { PAT_STATUS, REF_TO_STATUS_CODES, REFERRAL_TYPE_CODES } from "../../domain/enums.js";
import { messages } from "../../domain/errors.js";
import { DEMO } from "../../store/demo-data.js";
import {
  DOCUMENTED_GET_EXAMPLE,
  describeEachBackend,
  seedPatient,
  seedReferral,
} from "../../testing/index.js";

const SEED_EXAMPLE = [DOCUMENTED_GET_EXAMPLE];

const PAGED_PATIENT = 200;
const PAGED_ROWS = 105;
const PAGED_REFERRAL = 500;

describeEachBackend("GET /refattaches", (server) => {
  it("answers the documented example request with the documented response", async () => {
    const reply = await server().request("GET", "/refattaches?PatNum=25");
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual(SEED_EXAMPLE);
    expect(Object.keys((reply.body as object[])[0] ?? {})).toEqual(
      Object.keys(SEED_EXAMPLE[0] ?? {}),
    );
  });

  it("pages with Limit and Offset in RefAttachNum order, 100 rows by default", async () => {
    const { db } = server().database;
    await seedPatient(db, PAGED_PATIENT);
    await seedReferral(db, PAGED_REFERRAL, "Paging");
    await db
      .insertInto("refattach")
      .values(
        Array.from({ length: PAGED_ROWS }, (_, i) => ({
          ReferralNum: PAGED_REFERRAL,
          PatNum: PAGED_PATIENT,
          ItemOrder: i,
          RefDate: "2024-01-01",
          RefType: REFERRAL_TYPE_CODES.RefFrom,
          RefToStatus: REF_TO_STATUS_CODES.None,
          Note: "",
          IsTransitionOfCare: 0,
          ProcNum: 0,
          DateProcComplete: "0001-01-01",
          ProvNum: 0,
          DateTStamp: `2024-01-01 10:00:${String(i % 60).padStart(2, "0")}`,
        })),
      )
      .execute();

    const first = await server().request("GET", `/refattaches?PatNum=${PAGED_PATIENT}`);
    const rest = await server().request("GET", `/refattaches?PatNum=${PAGED_PATIENT}&Offset=100`);
    const window = await server().request(
      "GET",
      `/refattaches?PatNum=${PAGED_PATIENT}&Limit=10&Offset=95`,
    );
    const nums = (reply: { body: unknown }) =>
      (reply.body as { RefAttachNum: number }[]).map((r) => r.RefAttachNum);

    expect(first.status).toBe(200);
    expect(nums(first)).toHaveLength(100);
    expect(nums(rest)).toHaveLength(PAGED_ROWS - 100);
    const all = [...nums(first), ...nums(rest)];
    expect(all).toEqual([...all].sort((a, b) => a - b));
    expect(new Set(all).size).toBe(PAGED_ROWS);
    expect(nums(window)).toEqual(all.slice(95, 105));
  });

  it("filters by ReferralNum", async () => {
    const reply = await server().request(
      "GET",
      `/refattaches?ReferralNum=${DEMO.referrals.stevens}`,
    );
    expect(reply.status).toBe(200);
    expect((reply.body as { RefAttachNum: number }[]).map((r) => r.RefAttachNum)).toEqual([1]);
  });

  it("filters by DateTStamp strictly after the given time", async () => {
    const at = "2024-01-01 10:00:30";
    const reply = await server().request(
      "GET",
      `/refattaches?PatNum=${PAGED_PATIENT}&DateTStamp=${encodeURIComponent(at)}`,
    );
    expect(reply.status).toBe(200);
    const stamps = (reply.body as { DateTStamp: string }[]).map((r) => r.DateTStamp);
    expect(stamps.length).toBeGreaterThan(0);
    expect(stamps.every((s) => s > at)).toBe(true);
    const stored = await server()
      .database.db.selectFrom("refattach")
      .select("RefAttachNum")
      .where("PatNum", "=", PAGED_PATIENT)
      .where("DateTStamp", ">", at)
      .execute();
    expect(stamps).toHaveLength(stored.length);
  });

  it("404s a patient that does not exist and 400s a deleted one", async () => {
    expect(await server().request("GET", "/refattaches?PatNum=999999")).toMatchObject({
      status: 404,
      body: messages.patientNotFound,
    });
    await seedPatient(server().database.db, 201, PAT_STATUS.Deleted);
    expect(await server().request("GET", "/refattaches?PatNum=201")).toMatchObject({
      status: 400,
      body: messages.patientDeleted,
    });
  });

  it("404s a referral that does not exist", async () => {
    expect(await server().request("GET", "/refattaches?ReferralNum=999999")).toMatchObject({
      status: 404,
      body: messages.referralNotFound,
    });
  });

  it.each([
    ["PatNum=abc", "PatNum must be an integer"],
    ["PatNum=0", "PatNum must be at least 1"],
    ["PatNum=1e3", "PatNum must be an integer"],
    ["PatNum=25&PatNum=26", "PatNum must be given once"],
    ["Limit=0", "Limit must be at least 1"],
    ["Limit=101", "Limit must be at most 100"],
    ["Offset=-1", "Offset must be at least 0"],
    ["Offset=1.5", "Offset must be an integer"],
    [
      "DateTStamp=2024-01-01",
      "DateTStamp must be a valid date and time in yyyy-MM-dd HH:mm:ss format",
    ],
    [
      "DateTStamp=2024-02-30%2010:00:00",
      "DateTStamp must be a valid date and time in yyyy-MM-dd HH:mm:ss format",
    ],
    [
      "DateTStamp=2024-01-01T10:00:00Z",
      "DateTStamp must be a valid date and time in yyyy-MM-dd HH:mm:ss format",
    ],
    ["Foo=1", messages.invalidParameter("Foo")],
    ["patnum=25", messages.invalidParameter("patnum")],
  ])("rejects ?%s with 400 and an explanation", async (query, explanation) => {
    const reply = await server().request("GET", `/refattaches?${query}`);
    expect(reply).toMatchObject({ status: 400, body: explanation });
  });

  it("401s a missing, malformed or unknown key pair", async () => {
    for (const headers of [
      {} as Record<string, string>,
      { Authorization: "Bearer abc" },
      { Authorization: "ODFHIR onlyonekey" },
      { Authorization: "ODFHIR demo-developer-key/wrong-customer-key" },
    ]) {
      const reply = await server().request("GET", "/refattaches?PatNum=25", { headers });
      expect(reply.status).toBe(401);
      expect(typeof reply.body).toBe("string");
      expect(reply.body).not.toBe("");
    }
  });

  it("404s an unknown route with a JSON explanation", async () => {
    expect(await server().request("GET", "/refattachez")).toMatchObject({
      status: 404,
      body: messages.routeNotFound,
    });
  });
});
