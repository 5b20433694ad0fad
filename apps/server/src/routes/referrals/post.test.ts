import { expect, it } from "vitest";
import { messages } from "../../domain/errors.js";
import { describeEachBackend } from "../../testing/index.js";

type Row = Record<string, unknown>;

describeEachBackend("POST /referrals", (server) => {
  const post = (body: unknown) => server().request("POST", "/referrals", { body });
  const count = async () =>
    (await server().database.db.selectFrom("referral").select("ReferralNum").execute()).length;

  it("creates a referral with only LName as a non-person source, and stores it", async () => {
    const reply = await post({ LName: "Northside Imaging" });
    expect(reply.status).toBe(201);
    const body = reply.body as Row;
    expect(body).toEqual({
      ReferralNum: expect.any(Number),
      LName: "Northside Imaging",
      FName: "",
      MName: "",
      Specialty: 0,
      IsHidden: "false",
      NotPerson: "true",
      Title: "",
      PatNum: 0,
      IsDoctor: "false",
      DateTStamp: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/),
      BusinessName: "",
    });
    const stored = await server()
      .database.db.selectFrom("referral")
      .selectAll()
      .where("ReferralNum", "=", body.ReferralNum as number)
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ LName: "Northside Imaging", NotPerson: 1, IsDoctor: 0 });
  });

  it.each([
    [
      { LName: "Patient Source", PatNum: 25 },
      { IsDoctor: "false", NotPerson: "false" },
    ],
    [
      { LName: "Specialist", Specialty: 4 },
      { IsDoctor: "true", NotPerson: "false" },
    ],
    [
      { LName: "Override", Specialty: 4, IsDoctor: "false" },
      { IsDoctor: "false", NotPerson: "false" },
    ],
  ])("applies Open Dental's defaults to %j", async (body, expected) => {
    const reply = await post(body);
    expect(reply).toMatchObject({ status: 201, body: { ...body, ...expected } });
  });

  it.each([
    [{ LName: "Ghost", PatNum: 999999 }, 404, messages.patientNotFound],
    [{}, 400, "LName is required"],
    [{ LName: "" }, 400, "LName must not be empty"],
    [{ LName: "x".repeat(101) }, 400, "LName must be at most 100 characters"],
    [{ LName: "Doc", IsDoctor: true }, 400, 'IsDoctor must be one of "true", "false"'],
    [{ LName: "Doc", ReferralNum: 5 }, 400, messages.readOnlyField("ReferralNum")],
    [{ LName: "Doc", Phone: "555" }, 400, messages.unknownField("Phone")],
  ])("rejects %j with %i and creates nothing", async (body, status, explanation) => {
    const before = await count();
    expect(await post(body)).toMatchObject({ status, body: explanation });
    expect(await count()).toBe(before);
  });
});
