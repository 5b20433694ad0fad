import { expect, it } from "vitest";
import { formatLocalDate, formatLocalDateTime } from "../../domain/dates.js";
import { PAT_STATUS, REF_TO_STATUS_CODES, REFERRAL_TYPE_CODES } from "../../domain/enums.js";
import { messages } from "../../domain/errors.js";
import { DEMO } from "../../store/demo-data.js";
import {
  AUTH,
  describeEachBackend,
  seedPatient,
  seedProcedure,
  seedReferral,
  storedRefAttaches,
  type TestServer,
} from "../../testing/index.js";

type Row = Record<string, unknown>;

/** Everything a rejected request could have changed. */
async function snapshot(server: TestServer) {
  const { db } = server.database;
  return {
    refattach: await db.selectFrom("refattach").selectAll().orderBy("RefAttachNum").execute(),
    referral: await db.selectFrom("referral").selectAll().orderBy("ReferralNum").execute(),
  };
}

describeEachBackend("POST /refattaches", (server) => {
  const post = (body: unknown) => server().request("POST", "/refattaches", { body });
  let nextPatient = 300;
  const newPatient = () => seedPatient(server().database.db, nextPatient++);

  it("creates the documented example and stores Open Dental's codes", async () => {
    const reply = await post({
      PatNum: 972,
      ReferralNum: 17,
      ReferralType: "RefTo",
      RefToStatus: "Scheduled",
      Note: "12052 - Called Dr. Bokish to confirm this has been scheduled.",
      RefDate: "2023-12-05",
      ProvNum: 8,
    });
    expect(reply.status).toBe(201);
    const body = reply.body as Row;
    expect(body).toEqual({
      RefAttachNum: expect.any(Number),
      ReferralNum: 17,
      referralName: "Bokish",
      PatNum: 972,
      ItemOrder: 0,
      RefDate: "2023-12-05",
      ReferralType: "RefTo",
      RefToStatus: "Scheduled",
      Note: "12052 - Called Dr. Bokish to confirm this has been scheduled.",
      IsTransitionOfCare: "false",
      ProcNum: 0,
      DateProcComplete: "0001-01-01",
      ProvNum: 8,
      DateTStamp: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/),
    });
    const [stored] = await storedRefAttaches(server().database.db, 972);
    expect(stored).toMatchObject({
      RefAttachNum: body.RefAttachNum,
      RefType: REFERRAL_TYPE_CODES.RefTo,
      RefToStatus: REF_TO_STATUS_CODES.Scheduled,
      ProvNum: 8,
      IsTransitionOfCare: 0,
    });
  });

  it("fills Open Dental's defaults", async () => {
    const patNum = await newPatient();
    const before = formatLocalDateTime(new Date(Date.now() - 1000));
    const reply = await post({ PatNum: patNum, ReferralNum: DEMO.referrals.bokish });
    const after = formatLocalDateTime(new Date(Date.now() + 1000));
    expect(reply.status).toBe(201);
    const body = reply.body as Row;
    expect(body).toMatchObject({
      RefDate: formatLocalDate(new Date()),
      ReferralType: "RefFrom",
      RefToStatus: "None",
      Note: "",
      IsTransitionOfCare: "false",
      ProcNum: 0,
      DateProcComplete: "0001-01-01",
      ProvNum: 0,
      ItemOrder: 0,
    });
    const stamp = String(body.DateTStamp);
    expect(stamp >= before && stamp <= after).toBe(true);
  });

  it("gives each new attachment the patient's highest ItemOrder + 1", async () => {
    const patNum = await newPatient();
    const orders = [];
    for (const referralName of ["Order A", "Order B", "Order C"]) {
      orders.push(((await post({ PatNum: patNum, referralName })).body as Row).ItemOrder);
    }
    expect(orders).toEqual([0, 1, 2]);
    const stored = await storedRefAttaches(server().database.db, patNum);
    expect(stored.map((r) => Number(r.ItemOrder))).toEqual([0, 1, 2]);
  });

  it("finds a referral by LName exactly, ignoring case, lowest ReferralNum first", async () => {
    const { db } = server().database;
    await seedReferral(db, 601, "Twin");
    await seedReferral(db, 600, "twin");
    const patNum = await newPatient();
    const bokish = await post({ PatNum: patNum, referralName: "BOKISH" });
    expect(bokish).toMatchObject({
      status: 201,
      body: { ReferralNum: 17, referralName: "Bokish" },
    });
    const twin = await post({ PatNum: patNum, referralName: "TWIN" });
    expect(twin).toMatchObject({ status: 201, body: { ReferralNum: 600 } });
  });

  it("ignores case beyond ASCII: ümlaut1 finds ÜMLAUT1, but accents still count", async () => {
    const { db } = server().database;
    await seedReferral(db, 610, "ÜMLAUT1");
    const patNum = await newPatient();
    const found = await post({ PatNum: patNum, referralName: "ümlaut1" });
    expect(found).toMatchObject({
      status: 201,
      body: { ReferralNum: 610, referralName: "ÜMLAUT1" },
    });
    const before = await snapshot(server());
    const other = await post({ PatNum: patNum, referralName: "umlaut1" });
    expect(other.status).toBe(201);
    expect((other.body as Row).ReferralNum).not.toBe(610);
    expect((await snapshot(server())).referral).toHaveLength(before.referral.length + 1);
  });

  it("finds referrals by their current LName after renames through the API or the database", async () => {
    const { db } = server().database;
    const created = await server().request("POST", "/referrals", { body: { LName: "Ärztin Alt" } });
    const referralNum = (created.body as Row).ReferralNum;
    const renamed = await server().request("PUT", `/referrals/${referralNum}`, {
      body: { LName: "ÄRZTIN NEU" },
    });
    expect(renamed.status).toBe(200);
    const patNum = await newPatient();
    const byNewName = await post({ PatNum: patNum, referralName: "ärztin neu" });
    expect(byNewName).toMatchObject({ status: 201, body: { ReferralNum: referralNum } });
    // Another program renames it, as Open Dental itself would.
    await db
      .updateTable("referral")
      .set({ LName: "Œuvre Clinic" })
      .where("ReferralNum", "=", Number(referralNum))
      .execute();
    const before = await snapshot(server());
    const byDbName = await post({ PatNum: await newPatient(), referralName: "œUVRE CLINIC" });
    expect(byDbName).toMatchObject({ status: 201, body: { ReferralNum: referralNum } });
    const oldName = await post({ PatNum: patNum, referralName: "Ärztin Neu" });
    expect((oldName.body as Row).ReferralNum).not.toBe(referralNum);
    expect((await snapshot(server())).referral).toHaveLength(before.referral.length + 1);
  });

  it("treats % and _ in referralName as ordinary characters and creates a new referral", async () => {
    const patNum = await newPatient();
    for (const name of ["Bok%", "B_kish", "%"]) {
      const before = await snapshot(server());
      const reply = await post({ PatNum: patNum, referralName: name });
      expect(reply.status).toBe(201);
      const body = reply.body as Row;
      expect(body.referralName).toBe(name);
      const after = await snapshot(server());
      expect(after.referral).toHaveLength(before.referral.length + 1);
      const created = after.referral.find((r) => Number(r.ReferralNum) === body.ReferralNum);
      expect(created).toMatchObject({ LName: name, NotPerson: 1, IsDoctor: 0 });
    }
  });

  it("rejects a duplicate (same patient, referral and type) and allows another type", async () => {
    const patNum = await newPatient();
    const first = await post({ PatNum: patNum, ReferralNum: 17, ReferralType: "RefFrom" });
    expect(first.status).toBe(201);
    const before = await snapshot(server());
    expect(await post({ PatNum: patNum, ReferralNum: 17 })).toMatchObject({
      status: 400,
      body: messages.alreadyAttached,
    });
    expect(await snapshot(server())).toEqual(before);
    expect(
      (await post({ PatNum: patNum, ReferralNum: 17, ReferralType: "RefCustom" })).status,
    ).toBe(201);
  });

  it.each([
    [{ PatNum: 999999, ReferralNum: 17 }, 404, messages.patientNotFound],
    [{ PatNum: 972, ReferralNum: 999999 }, 404, messages.referralNotFound],
    [
      { PatNum: 972, ReferralNum: 3, ReferralType: "RefTo", ProvNum: 999 },
      404,
      messages.providerNotFound,
    ],
    [
      { PatNum: 972, ReferralNum: 3, ReferralType: "RefTo", ProcNum: 999 },
      404,
      messages.procedureNotFound,
    ],
    [{ PatNum: 25, ReferralNum: 17, ProcNum: DEMO.procedure }, 404, messages.procedureNotFound],
    [{ PatNum: 972, ReferralNum: 3, ProvNum: 8 }, 400, messages.provNumOnlyRefTo],
    [
      { PatNum: 972, ReferralNum: 3, ReferralType: "RefCustom", ProvNum: 8 },
      400,
      messages.provNumOnlyRefTo,
    ],
    [{ PatNum: 972 }, 400, messages.referralRequired],
    [{ PatNum: 972, ReferralNum: 17, referralName: "Bokish" }, 400, messages.referralBoth],
    [{ ReferralNum: 17 }, 400, "PatNum is required"],
    [{ PatNum: "972", ReferralNum: 17 }, 400, "PatNum must be an integer"],
    [{ PatNum: 972.5, ReferralNum: 17 }, 400, "PatNum must be an integer"],
    [{ PatNum: 0, ReferralNum: 17 }, 400, "PatNum must be at least 1"],
    [
      { PatNum: 972, ReferralNum: 17, ReferralType: "Sideways" },
      400,
      'ReferralType must be one of "RefTo", "RefFrom", "RefCustom"',
    ],
    [
      { PatNum: 972, ReferralNum: 17, ReferralType: 0 },
      400,
      'ReferralType must be one of "RefTo", "RefFrom", "RefCustom"',
    ],
    [
      { PatNum: 972, ReferralNum: 17, RefToStatus: "Done" },
      400,
      'RefToStatus must be one of "None", "Declined", "Scheduled", "Consulted", "InTreatment", "Complete"',
    ],
    [
      { PatNum: 972, ReferralNum: 17, IsTransitionOfCare: true },
      400,
      'IsTransitionOfCare must be one of "true", "false"',
    ],
    [
      { PatNum: 972, ReferralNum: 17, RefDate: "2023-13-01" },
      400,
      "RefDate must be a valid date in yyyy-MM-dd format",
    ],
    [
      { PatNum: 972, ReferralNum: 17, RefDate: "2023-12-05T00:00:00Z" },
      400,
      "RefDate must be a valid date in yyyy-MM-dd format",
    ],
    [
      { PatNum: 972, ReferralNum: 17, DateProcComplete: "12/14/2023" },
      400,
      "DateProcComplete must be a valid date in yyyy-MM-dd format",
    ],
    [{ PatNum: 972, ReferralNum: 17, Note: 5 }, 400, "Note must be a string"],
    [{ PatNum: 972, referralName: "" }, 400, "referralName must not be empty"],
    [{ PatNum: 972, ReferralNum: 17, Foo: 1 }, 400, messages.unknownField("Foo")],
    [{ PatNum: 972, ReferralNum: 17, ItemOrder: 3 }, 400, messages.readOnlyField("ItemOrder")],
    [
      { PatNum: 972, ReferralNum: 17, RefAttachNum: 9 },
      400,
      messages.readOnlyField("RefAttachNum"),
    ],
    [
      { PatNum: 972, ReferralNum: 17, DateTStamp: "2023-12-07 11:43:15" },
      400,
      messages.readOnlyField("DateTStamp"),
    ],
    [[], 400, messages.bodyNotObject],
  ])("rejects %j with %i and changes nothing", async (body, status, explanation) => {
    const before = await snapshot(server());
    expect(await post(body)).toMatchObject({ status, body: explanation });
    expect(await snapshot(server())).toEqual(before);
  });

  it("400s an unknown query parameter and stores nothing", async () => {
    const before = await snapshot(server());
    const reply = await server().request("POST", "/refattaches?Foo=1", {
      body: { PatNum: 972, referralName: "Query Param" },
    });
    expect(reply).toMatchObject({ status: 400, body: messages.invalidParameter("Foo") });
    expect(await snapshot(server())).toEqual(before);
  });

  it("rolls back a referral it created when a later check fails", async () => {
    const before = await snapshot(server());
    const reply = await post({
      PatNum: 972,
      referralName: "Rolled Back",
      ReferralType: "RefTo",
      ProvNum: 999,
    });
    expect(reply).toMatchObject({ status: 404, body: messages.providerNotFound });
    expect(await snapshot(server())).toEqual(before);
  });

  it("400s a deleted patient", async () => {
    const patNum = await seedPatient(server().database.db, nextPatient++, PAT_STATUS.Deleted);
    expect(await post({ PatNum: patNum, ReferralNum: 17 })).toMatchObject({
      status: 400,
      body: messages.patientDeleted,
    });
  });

  it("accepts a ProcNum of the same patient", async () => {
    const patNum = await newPatient();
    await seedProcedure(server().database.db, 7000 + patNum, patNum);
    const reply = await post({ PatNum: patNum, ReferralNum: 17, ProcNum: 7000 + patNum });
    expect(reply).toMatchObject({ status: 201, body: { ProcNum: 7000 + patNum } });
  });

  it.each([
    ["no Content-Type", {}, '{"PatNum":972,"ReferralNum":3}', messages.contentType],
    [
      "text/plain",
      { "Content-Type": "text/plain" },
      '{"PatNum":972,"ReferralNum":3}',
      messages.contentType,
    ],
    [
      "malformed JSON",
      { "Content-Type": "application/json" },
      '{"PatNum":',
      "Malformed JSON in request body",
    ],
  ])("400s %s and stores nothing", async (_, contentType, rawBody, explanation) => {
    const before = await snapshot(server());
    const reply = await server().request("POST", "/refattaches", {
      rawBody,
      headers: { Authorization: AUTH, ...contentType },
    });
    expect(reply).toMatchObject({ status: 400, body: explanation });
    expect(await snapshot(server())).toEqual(before);
  });

  it("gives simultaneous POSTs for one patient distinct ItemOrders", async () => {
    const patNum = await newPatient();
    const count = 20;
    const replies = await Promise.all(
      Array.from({ length: count }, (_, i) =>
        post({ PatNum: patNum, referralName: `Concurrent ${i}` }),
      ),
    );
    expect(replies.map((r) => r.status)).toEqual(Array(count).fill(201));
    const orders = replies.map((r) => (r.body as Row).ItemOrder as number).sort((a, b) => a - b);
    expect(orders).toEqual(Array.from({ length: count }, (_, i) => i));
    const stored = await storedRefAttaches(server().database.db, patNum);
    expect(stored.map((r) => Number(r.ItemOrder))).toEqual(orders);
  });

  it("creates exactly one of many simultaneous duplicates", async () => {
    const patNum = await newPatient();
    const replies = await Promise.all(
      Array.from({ length: 10 }, () => post({ PatNum: patNum, ReferralNum: 17 })),
    );
    const statuses = replies.map((r) => r.status).sort();
    expect(statuses).toEqual([201, ...Array(9).fill(400)]);
    expect(await storedRefAttaches(server().database.db, patNum)).toHaveLength(1);
  });

  it("creates one referral when simultaneous POSTs name the same new referral", async () => {
    const patients = [
      await newPatient(),
      await newPatient(),
      await newPatient(),
      await newPatient(),
    ];
    const replies = await Promise.all(
      patients.map((PatNum) => post({ PatNum, referralName: "Brand New Referral" })),
    );
    expect(replies.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    expect(new Set(replies.map((r) => (r.body as Row).ReferralNum)).size).toBe(1);
    const referrals = await server()
      .database.db.selectFrom("referral")
      .select("ReferralNum")
      .where("LName", "=", "Brand New Referral")
      .execute();
    expect(referrals).toHaveLength(1);
  });
});
