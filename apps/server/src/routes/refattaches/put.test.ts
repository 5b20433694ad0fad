import { expect, it } from "vitest";
import { REFERRAL_TYPE_CODES } from "../../domain/enums.js";
import { messages } from "../../domain/errors.js";
import {
  AUTH,
  describeEachBackend,
  seedPatient,
  seedProcedure,
  type TestServer,
} from "../../testing/index.js";

type Row = Record<string, unknown>;

const OLD_STAMP = "2020-01-01 00:00:00";

describeEachBackend("PUT /refattaches/{RefAttachNum}", (server) => {
  let nextPatient = 400;
  const put = (id: number | string, body: unknown) =>
    server().request("PUT", `/refattaches/${id}`, { body });

  /** A fresh patient with one RefTo attachment to Bokish (provider 8), stamped long ago. */
  async function attachment(overrides: Row = {}): Promise<Row> {
    const PatNum = await seedPatient(server().database.db, nextPatient++);
    const reply = await server().request("POST", "/refattaches", {
      body: {
        PatNum,
        ReferralNum: 17,
        ReferralType: "RefTo",
        ProvNum: 8,
        Note: "first",
        ...overrides,
      },
    });
    expect(reply.status).toBe(201);
    const created = reply.body as Row;
    await server()
      .database.db.updateTable("refattach")
      .set({ DateTStamp: OLD_STAMP })
      .where("RefAttachNum", "=", created.RefAttachNum as number)
      .execute();
    return { ...created, DateTStamp: OLD_STAMP };
  }

  const stored = (server: TestServer, id: unknown) =>
    server.database.db
      .selectFrom("refattach")
      .selectAll()
      .where("RefAttachNum", "=", id as number)
      .executeTakeFirstOrThrow();

  it("applies the documented example and keeps PatNum and ItemOrder", async () => {
    const before = await attachment();
    const reply = await put(before.RefAttachNum as number, {
      ReferralNum: 17,
      ReferralType: "RefTo",
      RefToStatus: "Complete",
      Note: "12/14 - Dr. Bokish called back to confirm this has been completed.",
      DateProcComplete: "2023-12-14",
    });
    expect(reply.status).toBe(200);
    const body = reply.body as Row;
    expect(body).toEqual({
      ...before,
      RefToStatus: "Complete",
      Note: "12/14 - Dr. Bokish called back to confirm this has been completed.",
      DateProcComplete: "2023-12-14",
      DateTStamp: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/),
    });
    expect(body.DateTStamp).not.toBe(OLD_STAMP);
    expect(await stored(server(), body.RefAttachNum)).toMatchObject({
      RefToStatus: 5,
      DateProcComplete: "2023-12-14",
      DateTStamp: body.DateTStamp,
    });
  });

  it("keeps omitted fields and overwrites Note, even with an empty one", async () => {
    const before = await attachment({ RefDate: "2023-01-02" });
    const reply = await put(before.RefAttachNum as number, { Note: "" });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ ...before, Note: "", DateTStamp: expect.any(String) });
  });

  it("resets ProvNum to 0 when a RefTo becomes another type", async () => {
    const before = await attachment();
    const reply = await put(before.RefAttachNum as number, { ReferralType: "RefFrom" });
    expect(reply).toMatchObject({ status: 200, body: { ReferralType: "RefFrom", ProvNum: 0 } });
    expect(await stored(server(), before.RefAttachNum)).toMatchObject({
      RefType: REFERRAL_TYPE_CODES.RefFrom,
      ProvNum: 0,
    });
  });

  it("shows a new ReferralNum's name", async () => {
    const before = await attachment();
    const reply = await put(before.RefAttachNum as number, { ReferralNum: 3 });
    expect(reply).toMatchObject({
      status: 200,
      body: { ReferralNum: 3, referralName: "Steve N Stevens, DDS" },
    });
  });

  it("accepts a procedure of the same patient", async () => {
    const before = await attachment();
    await seedProcedure(
      server().database.db,
      8000 + Number(before.PatNum),
      before.PatNum as number,
    );
    const reply = await put(before.RefAttachNum as number, {
      ProcNum: 8000 + Number(before.PatNum),
    });
    expect(reply).toMatchObject({ status: 200, body: { ProcNum: 8000 + Number(before.PatNum) } });
  });

  it.each([
    [{ ProvNum: 8, ReferralType: "RefFrom" }, 400, messages.provNumOnlyRefTo],
    [{ ReferralNum: 999999 }, 404, messages.referralNotFound],
    [{ ProvNum: 999 }, 404, messages.providerNotFound],
    [{ ProcNum: 1192 }, 404, messages.procedureNotFound],
    [{}, 400, messages.emptyUpdate],
    [{ PatNum: 25 }, 400, messages.readOnlyField("PatNum")],
    [{ ItemOrder: 4 }, 400, messages.readOnlyField("ItemOrder")],
    [{ referralName: "Bokish" }, 400, messages.readOnlyField("referralName")],
    [{ Colour: "red" }, 400, messages.unknownField("Colour")],
    [
      { RefToStatus: "Finished" },
      400,
      'RefToStatus must be one of "None", "Declined", "Scheduled", "Consulted", "InTreatment", "Complete"',
    ],
    [{ RefDate: "2023-02-29" }, 400, "RefDate must be a valid date in yyyy-MM-dd format"],
    [{ ProcNum: -1 }, 400, "ProcNum must be at least 0"],
    [{ Note: null }, 400, "Note must be a string"],
  ])("rejects %j with %i and changes nothing", async (body, status, explanation) => {
    const before = await attachment();
    expect(await put(before.RefAttachNum as number, body)).toMatchObject({
      status,
      body: explanation,
    });
    const after = await server().request("GET", `/refattaches?PatNum=${before.PatNum}`);
    expect(after.body).toEqual([before]);
  });

  it("rejects a change that would duplicate another attachment", async () => {
    const first = await attachment();
    const second = (
      await server().request("POST", "/refattaches", {
        body: { PatNum: first.PatNum, ReferralNum: 3, ReferralType: "RefTo" },
      })
    ).body as Row;
    const reply = await put(second.RefAttachNum as number, { ReferralNum: 17 });
    expect(reply).toMatchObject({ status: 400, body: messages.alreadyAttached });
    expect(await stored(server(), second.RefAttachNum)).toMatchObject({ ReferralNum: 3 });
  });

  it.each([
    ["999999", 404, messages.refAttachNotFound],
    ["abc", 400, "RefAttachNum must be an integer"],
    ["0", 400, "RefAttachNum must be at least 1"],
  ])("answers /refattaches/%s with %i", async (id, status, explanation) => {
    expect(await put(id, { Note: "x" })).toMatchObject({ status, body: explanation });
  });

  it("400s an unknown query parameter and changes nothing", async () => {
    const before = await attachment();
    expect(await put(`${before.RefAttachNum}?Note=sneaky`, { Note: "changed" })).toMatchObject({
      status: 400,
      body: messages.invalidParameter("Note"),
    });
    expect(await stored(server(), before.RefAttachNum)).toMatchObject({ Note: "first" });
  });

  it("requires a JSON content type", async () => {
    const before = await attachment();
    const reply = await server().request("PUT", `/refattaches/${before.RefAttachNum}`, {
      rawBody: '{"Note":"changed"}',
      headers: { Authorization: AUTH, "Content-Type": "text/plain" },
    });
    expect(reply).toMatchObject({ status: 400, body: messages.contentType });
    expect(await stored(server(), before.RefAttachNum)).toMatchObject({ Note: "first" });
  });

  it("401s without a key and changes nothing", async () => {
    const before = await attachment();
    const reply = await server().request("PUT", `/refattaches/${before.RefAttachNum}`, {
      body: { Note: "changed" },
      headers: { "Content-Type": "application/json" },
    });
    expect(reply.status).toBe(401);
    expect(await stored(server(), before.RefAttachNum)).toMatchObject({ Note: "first" });
  });
});
