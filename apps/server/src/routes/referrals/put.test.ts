import { expect, it } from "vitest";
import { messages } from "../../domain/errors.js";
import { describeEachBackend } from "../../testing/index.js";

type Row = Record<string, unknown>;

describeEachBackend("PUT /referrals/{ReferralNum}", (server) => {
  const put = (id: number | string, body: unknown) =>
    server().request("PUT", `/referrals/${id}`, { body });

  it("renames Bokish and the attachment's referralName follows", async () => {
    const attach = await server().request("POST", "/refattaches", {
      body: { PatNum: 972, referralName: "Bokish" },
    });
    expect(attach).toMatchObject({
      status: 201,
      body: { ReferralNum: 17, referralName: "Bokish" },
    });

    const reply = await put(17, { LName: "Bokish-Jones", FName: "Ann", Title: "DDS" });
    expect(reply).toMatchObject({
      status: 200,
      body: {
        ReferralNum: 17,
        LName: "Bokish-Jones",
        FName: "Ann",
        Title: "DDS",
        NotPerson: "true",
      },
    });
    const list = await server().request("GET", "/refattaches?ReferralNum=17");
    expect((list.body as Row[]).map((r) => r.referralName)).toContain("Ann Bokish-Jones, DDS");
    expect((list.body as Row[]).every((r) => r.referralName === "Ann Bokish-Jones, DDS")).toBe(
      true,
    );
  });

  it("hides a referral and keeps omitted fields", async () => {
    const created = (
      await server().request("POST", "/referrals", {
        body: { LName: "ToHide", BusinessName: "Keep" },
      })
    ).body as Row;
    const reply = await put(created.ReferralNum as number, { IsHidden: "true" });
    expect(reply).toMatchObject({
      status: 200,
      body: { ...created, IsHidden: "true", DateTStamp: expect.any(String) },
    });
  });

  it.each([
    [999999, { LName: "X" }, 404, messages.referralNotFound],
    [3, { PatNum: 999999 }, 404, messages.patientNotFound],
    [3, {}, 400, messages.emptyUpdate],
    [3, { LName: "" }, 400, "LName must not be empty"],
    [3, { DateTStamp: "2024-01-01 00:00:00" }, 400, messages.readOnlyField("DateTStamp")],
    [3, { Nickname: "Steve-o" }, 400, messages.unknownField("Nickname")],
  ])("PUT /referrals/%s %j is %i and changes nothing", async (id, body, status, explanation) => {
    const before = await server().request("GET", "/referrals/3");
    expect(await put(id, body)).toMatchObject({ status, body: explanation });
    expect((await server().request("GET", "/referrals/3")).body).toEqual(before.body);
  });
});
