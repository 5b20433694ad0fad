import { expect, it } from "vitest";
import { messages } from "../../domain/errors.js";
import { describeEachBackend } from "../../testing/index.js";

type Row = Record<string, unknown>;

const BOKISH = {
  ReferralNum: 17,
  LName: "Bokish",
  FName: "",
  MName: "",
  Specialty: 0,
  IsHidden: "false",
  NotPerson: "true",
  Title: "",
  PatNum: 0,
  IsDoctor: "false",
  DateTStamp: "2022-01-05 10:13:12",
  BusinessName: "",
};

describeEachBackend("GET /referrals", (server) => {
  const get = (path: string) => server().request("GET", path);
  const nums = (reply: { body: unknown }) => (reply.body as Row[]).map((r) => r.ReferralNum);

  it("finds Bokish among the referrals, in Open Dental's field order", async () => {
    const reply = await get("/referrals");
    expect(reply.status).toBe(200);
    const bokish = (reply.body as Row[]).find((r) => r.LName === "Bokish");
    expect(bokish).toEqual(BOKISH);
    expect(Object.keys(bokish ?? {})).toEqual(Object.keys(BOKISH));
  });

  it("gets one referral by ReferralNum and 404s an unknown one", async () => {
    expect(await get("/referrals/17")).toMatchObject({ status: 200, body: BOKISH });
    expect(await get("/referrals/999999")).toMatchObject({
      status: 404,
      body: messages.referralNotFound,
    });
    expect(await get("/referrals/abc")).toMatchObject({
      status: 400,
      body: "ReferralNum must be an integer",
    });
  });

  it("filters by IsDoctor, NotPerson, IsHidden and part of BusinessName", async () => {
    const create = (body: Row) => server().request("POST", "/referrals", { body });
    const lab = (await create({ LName: "Lab", BusinessName: "Smile 100% Lab_Works" })).body as Row;
    const hidden = (await create({ LName: "Hidden", IsHidden: "true" })).body as Row;

    expect(nums(await get("/referrals?IsDoctor=true"))).toEqual([3]);
    expect(nums(await get("/referrals?NotPerson=false"))).toEqual([3]);
    expect(nums(await get("/referrals?IsHidden=true"))).toEqual([hidden.ReferralNum]);
    expect(nums(await get("/referrals?BusinessName=100%25%20lab"))).toEqual([lab.ReferralNum]);
    expect(nums(await get("/referrals?BusinessName=lab_works"))).toEqual([lab.ReferralNum]);
    // `_` and `%` are literal: as wildcards "l_b" and "e%l" would both match this name.
    expect(nums(await get("/referrals?BusinessName=l_b"))).toEqual([]);
    expect(nums(await get("/referrals?BusinessName=e%25l"))).toEqual([]);
    expect(nums(await get("/referrals?BusinessName=%25"))).toEqual([lab.ReferralNum]);
  });

  it("pages with Limit and Offset in ReferralNum order", async () => {
    const all = nums(await get("/referrals"));
    expect(all).toEqual([...all].sort((a, b) => Number(a) - Number(b)));
    expect(nums(await get("/referrals?Limit=1&Offset=1"))).toEqual(all.slice(1, 2));
  });

  it.each([
    ["IsDoctor=yes", 'IsDoctor must be one of "true", "false"'],
    ["BusinessName=", "BusinessName must not be empty"],
    ["Limit=500", "Limit must be at most 100"],
    ["LName=Bokish", messages.invalidParameter("LName")],
  ])("rejects ?%s with 400", async (query, explanation) => {
    expect(await get(`/referrals?${query}`)).toMatchObject({ status: 400, body: explanation });
  });

  it("400s an unknown query parameter on a single referral", async () => {
    expect(await get("/referrals/17?Foo=1")).toMatchObject({
      status: 400,
      body: messages.invalidParameter("Foo"),
    });
  });

  it("401s without a key", async () => {
    expect((await server().request("GET", "/referrals", { headers: {} })).status).toBe(401);
  });
});
